"""Reading the database: hit lists, one notice whole, full-text search, read-only SQL, exports, reviews, and the
``Database`` API that notebooks read through."""

from query.database import Database

__all__ = ["Database"]
