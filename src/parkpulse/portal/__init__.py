"""The article site: categories, articles, pages, the call-to-action block and the admin."""
