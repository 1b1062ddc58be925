"""Production settings: the defaults plus HTTPS-only hardening.

Use behind a TLS-terminating proxy: ``DJANGO_SETTINGS_MODULE=parkpulse.site.settings_production``.
``manage.py check --deploy`` is clean with these.
"""

from parkpulse.site.settings import *  # noqa: F403
from parkpulse.site.settings import DEBUG, SECRET_KEY, STORAGES

if DEBUG:
    raise RuntimeError("PARKPULSE_DEBUG must be off in production")
if len(SECRET_KEY) < 50:
    raise RuntimeError("PARKPULSE_SECRET_KEY must be at least 50 characters")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
# Probes from a load balancer or monitor talk plain HTTP to gunicorn: answer, don't redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Run `parkpulse manage collectstatic` once per release; WhiteNoise then serves hashed,
# compressed files with far-future cache headers.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
