"""Rankings pages: datasets, computed composite indices and charts over ``parkpulse.rank``."""
