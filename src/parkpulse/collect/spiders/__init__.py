"""Scrapy spiders: ``SourceSpider`` crawls one configured source; ``FetchOnlySpider`` is the
bare baseline the benchmark compares the full pipeline against."""
