"""Chinese text tools: tokenizing, keywords, regions, industries and park names (no Django)."""
