"""Scrapy settings for tenderwatch's spiders: polite by default, every value overridable.

Override any of them with ``tenderwatch crawl SOURCE --set NAME=VALUE`` (or ``-s`` with ``scrapy crawl``).
"""

BOT_NAME = "tenderwatch"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# The portals refuse obvious bots (CCGP answers 403 to non-browser agents, PORTALS.md §1.1), so the
# default is a current desktop browser's string; set your own with --set USER_AGENT=...
USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/137.0.0.0 Safari/537.36"
)
ROBOTSTXT_OBEY = True
COOKIES_ENABLED = True

# Politeness: one request at a time per host, a delay between requests, AutoThrottle on top.
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 2.0
DOWNLOAD_DELAY_JITTER = 0.5  # each delay varies by ±50%
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Retries with back-off for transient failures (5xx, 429, network and TLS errors, empty 200 bodies):
# crawler.middlewares.BackoffRetryMiddleware waits RETRY_BACKOFF_SECONDS, doubling per retry, or what
# Retry-After asks (pausing the whole portal). Blocks ('too frequent' pages, WAF 403s) are handled by
# crawler.middlewares.BlockMiddleware, which pauses the portal and asks again.
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_BACKOFF_SECONDS = 5.0
RETRY_BACKOFF_MAX_SECONDS = 120.0
RETRY_AFTER_MAX_SECONDS = 600.0  # a portal asking for longer than this is retried after this long
DOWNLOAD_TIMEOUT = 60
BLOCK_BACKOFF_SECONDS = 30.0  # first wait after a block page; doubles on each further block of the same request
BLOCK_MAX_RETRIES = 5

# Pages above DOWNLOAD_MAXSIZE and attachments above ATTACHMENT_MAXSIZE are cut off and recorded as
# failed (with the reason) rather than filling the disk.
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024
ATTACHMENT_MAXSIZE = 200 * 1024 * 1024
DOWNLOAD_WARNSIZE = 10 * 1024 * 1024

# Development mode: the HTTP cache keeps every response of a real crawl and replays it on the next run,
# so a parser can be reworked without asking the portal again: --set HTTPCACHE_ENABLED=true
HTTPCACHE_ENABLED = False
HTTPCACHE_DIR = "httpcache"
HTTPCACHE_IGNORE_HTTP_CODES = [403, 429, 500, 502, 503, 504]

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    "crawler.middlewares.BlockMiddleware": 590,
}
ITEM_PIPELINES = {
    "crawler.pipelines.RawStorePipeline": 300,
}
EXTENSIONS = {
    "crawler.progress.ProgressExtension": 500,
}
TENDERWATCH_PROGRESS = False  # the CLI turns the live progress line on

# Where raw files and run manifests go; the CLI derives both from --db.
TENDERWATCH_DB = "data/tenderwatch.duckdb"

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
