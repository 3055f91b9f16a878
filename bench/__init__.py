"""Benchmarks that print figures (`make bench`); timing assertions do not belong in tests."""
