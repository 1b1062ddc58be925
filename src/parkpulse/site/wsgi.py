"""WSGI entry point for gunicorn (``parkpulse serve``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkpulse.site.settings")
application = get_wsgi_application()
