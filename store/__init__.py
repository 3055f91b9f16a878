"""The store: the content-addressed raw files, crawl manifests and the DuckDB database."""
