"""Chinese full-text search, tag pages, related articles, feeds and the sitemap."""
