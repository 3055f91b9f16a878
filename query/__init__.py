"""Reading the database: hit lists, one notice whole, and the Python API notebooks and reports use."""
