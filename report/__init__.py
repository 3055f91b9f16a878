"""The weekly report for policy staff: what is new in one ISO week, as HTML, PDF and Markdown, optionally mailed.

``collect`` reads the store into a ``WeeklyReport``; ``render`` writes it out; ``mail`` delivers it.
"""
