"""The Django shell: settings, URLs, WSGI entry point and the ``parkpulse`` CLI."""
