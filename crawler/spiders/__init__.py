"""One spider per portal family; each concrete spider is small and declarative (see base.py)."""
