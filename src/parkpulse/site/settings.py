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

# Per-process memory cache: fragments of article pages (related list, tags), the menu and the
# call-to-action text. Sized for a busy site's working set of article pages.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "parkpulse",
        "OPTIONS": {"MAX_ENTRIES": 20000},
    },
    # API rate-limit counters: shared by every worker through Redis when there is one
    "api": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"],
         "KEY_PREFIX": "parkpulse-api"}
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "parkpulse-api"}
    ),
}
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PARKPULSE_LOG_LEVEL", "WARNING")},
}

# --- Design system, navigation and languages (issue 12) -------------------------------
# Chinese pages keep their plain addresses; English lives under /en/ (i18n_patterns without
# a default prefix). Our LocaleMiddleware also honours the language cookie and the browser's
# Accept-Language on plain addresses (see parkpulse.site.language).
MIDDLEWARE[MIDDLEWARE.index("django.middleware.locale.LocaleMiddleware")] = "parkpulse.site.language.LocaleMiddleware"
# Empty 405/429 responses get the site's error page; it needs the user and messages set up.
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
                  "parkpulse.site.errors.ErrorPageMiddleware")
TEMPLATES[0]["OPTIONS"]["context_processors"].append("parkpulse.site.context.chrome")
# {% colon %} / {{ n|paren }}: punctuation in the reader's language, usable in every template.
TEMPLATES[0]["OPTIONS"]["builtins"] = ["parkpulse.site.typography"]
# The admin lists every app under a translated name; axes has none of its own.
INSTALLED_APPS[INSTALLED_APPS.index("axes")] = "parkpulse.site.axes_app.AxesConfig"
SITE_NAME_EN = os.environ.get("PARKPULSE_SITE_NAME_EN", "ParkPulse Park Intelligence")
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
# A denied permission is a warning line in the log, not a traceback.
LOGGING.setdefault("filters", {})["quiet_permission_denied"] = {"()": "parkpulse.site.errors.QuietPermissionDenied"}
LOGGING["handlers"]["console"].setdefault("filters", []).append("quiet_permission_denied")
# --- end of issue 12 block -------------------------------------------------------------
