"""The Scrapy project: one spider per portal family, writing raw files and a run manifest (never the database)."""
