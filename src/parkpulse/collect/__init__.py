"""Collection: sources, Scrapy spiders, the ingest pipeline and crawl runs."""
