"""Django settings, read from the environment (see the README's configuration table).

Defaults are safe for production (``DEBUG`` off) and need nothing running: SQLite in WAL
mode under ``PARKPULSE_HOME``. ``DATABASE_URL`` switches to PostgreSQL; ``REDIS_URL`` names the
Redis that distributed crawls share. HTTPS-only hardening lives in ``settings_production``.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from parkpulse.site.home import ensure_home, secret_key


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent.parent
HOME = ensure_home()

SECRET_KEY = os.environ.get("PARKPULSE_SECRET_KEY") or secret_key(HOME)
DEBUG = env_bool("PARKPULSE_DEBUG")
ALLOWED_HOSTS = env_list("PARKPULSE_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("PARKPULSE_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "axes",
    "parkpulse.portal",
    "parkpulse.collect",
    "parkpulse.parks",
    "parkpulse.leads",
    "parkpulse.rankings",
    "parkpulse.search",
    "ninja",  # serves the API docs page's Swagger UI from the package's own static files
    "parkpulse.api",
    "parkpulse.follows",
    "huey.contrib.djhuey",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # axes last: it must see the outcome of authentication
    "axes.middleware.AxesMiddleware",
]
# (the hardening block at the end of this file inserts its middleware into this list)

ROOT_URLCONF = "parkpulse.site.urls"
WSGI_APPLICATION = "parkpulse.site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "parkpulse.portal.context_processors.site",
            ],
        },
    },
]

# SQLite is the embedded default; WAL lets readers run while the crawler writes, and
# IMMEDIATE transactions make concurrent writers queue instead of failing mid-transaction.
SQLITE_PATH = HOME / "parkpulse.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL", default=f"sqlite:///{SQLITE_PATH}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Keep each worker's connection: reopening per request costs the PRAGMAs, and when the
    # last connection closes SQLite checkpoints and deletes the WAL, which the next reopens.
    DATABASES["default"]["CONN_MAX_AGE"] = 600
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": str(HOME / "test.sqlite3")}

REDIS_URL = os.environ.get("REDIS_URL", "")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("PARKPULSE_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_ENABLED = env_bool("PARKPULSE_AXES", True)
AXES_LOCKOUT_TEMPLATE = "parks/locked_out.html"  # a Chinese lockout page (axes has no zh locale)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = HOME / "static"
# The site-wide stylesheet lives in parkpulse/site/static (site is not an installed app).
STATICFILES_DIRS = [PACKAGE_DIR / "site" / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = HOME / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed files need `collectstatic`; settings_production turns them on.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve from the app folders directly when collectstatic has not been run (demo, tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SITE_NAME = os.environ.get("PARKPULSE_SITE_NAME", "ParkPulse 园区情报")
CRAWLER_CONTACT_URL = os.environ.get("PARKPULSE_CRAWLER_CONTACT", "https://github.com/parkpulse/parkpulse")

# --- Cache and background queue (issue 14: performance at scale) ----------------------------
# Cache: pages and fragments of article pages, the menu, the call-to-action text. With
# REDIS_URL, Django's built-in Redis backend holds them for every worker process and every
# machine, so a page rendered by one worker is served by all and a restart does not start cold;
# edits invalidate them through versioned keys (parkpulse.portal.cache). Without Redis each
# process keeps its own memory cache, as the demo needs no service.
# PARKPULSE_CACHE_URL overrides the choice: a redis:// URL, or "locmem:" for per-process memory
# even when REDIS_URL is set (the benchmark compares both).
CACHE_URL = os.environ.get("PARKPULSE_CACHE_URL", REDIS_URL)
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("PARKPULSE_CACHE_PREFIX", "pp"),
            "TIMEOUT": 300,
        },
        # In front of Redis, each process keeps the pages it served last: a hit there costs no
        # round trip and no unpickling. Safe because page keys hold every version (see above).
        "local": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "parkpulse-local",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "parkpulse",
            "OPTIONS": {"MAX_ENTRIES": 20000},  # a busy site's working set of article pages
        }
    }

# Queue (Huey): enrichment of crawled articles and other background work run off the request
# and crawl paths, in `parkpulse worker`. With REDIS_URL the queue lives in Redis (workers on
# any machine); without it in a SQLite file under PARKPULSE_HOME, so the demo needs no broker.
# PARKPULSE_QUEUE_URL overrides: a redis:// URL, or sqlite:///PATH for the embedded queue.
# The durable record of what awaits enrichment is a database table (search.PendingEnrichment);
# queue messages only wake workers, so a killed worker or a lost message loses nothing.
QUEUE_URL = os.environ.get("PARKPULSE_QUEUE_URL", REDIS_URL)
if QUEUE_URL.startswith(("redis://", "rediss://", "unix://")):
    HUEY = {"huey_class": "huey.RedisHuey", "name": "parkpulse",
            "connection": {"url": QUEUE_URL}, "immediate": False, "results": False}
else:
    HUEY = {"huey_class": "huey.SqliteHuey", "name": "parkpulse",
            "connection": {"filename": QUEUE_URL.removeprefix("sqlite:///")
                           if QUEUE_URL.startswith("sqlite:///") else str(HOME / "queue.sqlite3")},
            "immediate": False, "results": False}
ENRICH_BATCH = int(os.environ.get("PARKPULSE_ENRICH_BATCH", "50"))  # articles per worker batch
# How a crawl gets its articles enriched: "drain" (default) — the crawl process catches up on
# what the queue has not done yet once it has finished fetching, so `parkpulse crawl` and the
# demo end with enriched articles; "queue" — leave it to `parkpulse worker`.
CRAWL_ENRICH = os.environ.get("PARKPULSE_CRAWL_ENRICH", "drain")
# Article pages rendered at enrichment and stored for their readers (parkpulse.portal.copies):
# about 4 KB per article and language; 0 turns them off.
PAGE_COPIES = os.environ.get("PARKPULSE_PAGE_COPIES", "1") != "0"
# --- end of cache and queue ----------------------------------------------------------------
# API rate-limit counters (parkpulse.api): shared by every worker through Redis when there is one
CACHES["api"] = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"],
     "KEY_PREFIX": "parkpulse-api"}
    if os.environ.get("REDIS_URL")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "parkpulse-api"}
)
# E-mail (the follows digest): written to files under PARKPULSE_HOME/mail unless SMTP is set up
if os.environ.get("PARKPULSE_SMTP_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["PARKPULSE_SMTP_HOST"]
    EMAIL_PORT = int(os.environ.get("PARKPULSE_SMTP_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("PARKPULSE_SMTP_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("PARKPULSE_SMTP_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("PARKPULSE_SMTP_TLS", "1") == "1"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(HOME / "mail")
DEFAULT_FROM_EMAIL = os.environ.get("PARKPULSE_MAIL_FROM", "ParkPulse <noreply@localhost>")
PARKPULSE_API_ANON_RATE = int(os.environ.get("PARKPULSE_API_ANON_RATE", "60"))  # requests/minute/address

# --- Operations (issue 16): logging, request ids, metrics, readiness, backups ----------------
# Kept in one block so other work on settings merges around it; see docs/deploy.md.
from parkpulse.site.logs import logging_config  # noqa: E402 (needs nothing from Django)

# One console handler (stderr → journald): text, or JSON lines with PARKPULSE_LOG_FORMAT=json;
# every line carries the request id and has phone numbers masked.
LOGGING = logging_config(os.environ.get("PARKPULSE_LOG_FORMAT", "text"), os.environ.get("PARKPULSE_LOG_LEVEL", "WARNING"))
# Outermost: the request id covers every other middleware's log lines; metrics time the rest.
MIDDLEWARE = ["parkpulse.site.logs.RequestIdMiddleware", "parkpulse.site.metrics.MetricsMiddleware", *MIDDLEWARE]
METRICS_TOKEN = os.environ.get("PARKPULSE_METRICS_TOKEN", "")  # Bearer token for /metrics (staff need none)
READY_TIMEOUT = float(os.environ.get("PARKPULSE_READY_TIMEOUT", "3"))  # seconds per /readyz check
# --- end of operations block ---------------------------------------------------------------


# --- Hardening (issue 13; docs/security.md) ------------------------------------------------
# Kept in one block so merges stay easy. Everything here has a safe default.

# ONE trusted-proxy setting for everything that needs the visitor's address: django-axes,
# the lead rate limits, audit rows and logs all call parkpulse.site.client_ip.client_ip.
# The number of reverse proxies in front of the site that append to X-Forwarded-For.
TRUSTED_PROXY_COUNT = int(os.environ.get("PARKPULSE_TRUSTED_PROXIES", "0") or 0)
AXES_CLIENT_IP_CALLABLE = "parkpulse.site.client_ip.client_ip"
# Beside the username+IP limit above: failed logins per address, any username (spraying).
AXES_HANDLER = "parkpulse.site.lockout.LockoutHandler"
AXES_IP_FAILURE_LIMIT = int(os.environ.get("PARKPULSE_LOGIN_IP_FAILURE_LIMIT", "30"))

# Request bodies: RequestLimitsMiddleware answers 413 from Content-Length before reading.
MAX_UPLOAD_REQUEST_BYTES = int(float(os.environ.get("PARKPULSE_MAX_UPLOAD_MB", "45")) * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # non-file bodies (Django's default, stated)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger files go to a temporary file, not memory
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.locale.LocaleMiddleware") + 1,
                  "parkpulse.site.limits.RequestLimitsMiddleware")

# Uploaded images: JPEG, PNG or WebP, at most this many pixels, re-encoded on save.
IMAGE_MAX_PIXELS = int(os.environ.get("PARKPULSE_IMAGE_MAX_PIXELS", str(25_000_000)))
# Storage one account may fill with claim proofs and listing photos.
USER_STORAGE_QUOTA_BYTES = int(float(os.environ.get("PARKPULSE_USER_QUOTA_MB", "100")) * 1024 * 1024)
REGISTRATIONS_PER_IP_PER_HOUR = int(os.environ.get("PARKPULSE_REGISTRATIONS_PER_IP", "5"))
CLAIMS_PER_USER_PER_DAY = int(os.environ.get("PARKPULSE_CLAIMS_PER_DAY", "5"))
CLAIM_EXPIRY_DAYS = int(os.environ.get("PARKPULSE_CLAIM_EXPIRY_DAYS", "60"))

# /media/: public images through a checked view (parkpulse.site.media); set to 0 when the
# front server serves MEDIA_ROOT itself (docs/security.md).
SERVE_MEDIA = env_bool("PARKPULSE_SERVE_MEDIA", True)

# Content-Security-Policy (django-csp): scripts only from this site or with the request's
# nonce; inline style attributes stay allowed (templates and ECharts use them).
from csp.constants import NONCE  # noqa: E402

INSTALLED_APPS.append("csp")
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                  "csp.middleware.CSPMiddleware")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],  # inline scripts carry request.csp_nonce
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
if not env_bool("PARKPULSE_CSP", True):
    CONTENT_SECURITY_POLICY = None

# --- Design system, navigation and languages (issue 12) -------------------------------
# Chinese pages keep their plain addresses; English lives under /en/ (i18n_patterns without
# a default prefix). Our LocaleMiddleware also honours the language cookie and the browser's
# Accept-Language on plain addresses (see parkpulse.site.language).
MIDDLEWARE[MIDDLEWARE.index("django.middleware.locale.LocaleMiddleware")] = "parkpulse.site.language.LocaleMiddleware"
# Empty 405/429 responses get the site's error page; it needs the user and messages set up.
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
                  "parkpulse.site.errors.ErrorPageMiddleware")
TEMPLATES[0]["OPTIONS"]["context_processors"].append("parkpulse.site.context.chrome")
# {% colon %} / {{ n|paren }}: punctuation in the reader's language, usable in every template;
# {% link "name" %}: the site's own addresses, resolved once per pattern.
# {% site_chrome "header" %}: the header and footer, rendered once per language and site version.
TEMPLATES[0]["OPTIONS"]["builtins"] = ["parkpulse.site.typography", "parkpulse.site.links", "parkpulse.site.chrome"]
# The admin lists every app under a translated name; axes has none of its own.
INSTALLED_APPS[INSTALLED_APPS.index("axes")] = "parkpulse.site.axes_app.AxesConfig"
SITE_NAME_EN = os.environ.get("PARKPULSE_SITE_NAME_EN", "ParkPulse Park Intelligence")
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
# A denied permission is a warning line in the log, not a traceback.
LOGGING.setdefault("filters", {})["quiet_permission_denied"] = {"()": "parkpulse.site.errors.QuietPermissionDenied"}
LOGGING["handlers"]["console"].setdefault("filters", []).append("quiet_permission_denied")
# --- end of issue 12 block -------------------------------------------------------------
# The park map's base map (docs/map.md): a GeoJSON file; empty = the bundled Natural Earth
# derivative. A deployment publishing in mainland China points this at a reviewed map (审图号).
MAP_GEOJSON = os.environ.get("PARKPULSE_MAP_GEOJSON", "")
MAP_CREDIT = os.environ.get("PARKPULSE_MAP_CREDIT", "")
