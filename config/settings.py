"""Django settings for the OCOP shop. Every value comes from the environment; see README.md."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from config.env import (
    env_bool,
    env_float,
    env_int,
    env_list,
    env_str,
    required_in_production,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=True)

SECRET_KEY = required_in_production(
    "SECRET_KEY", debug=DEBUG, local_default="local-development-only-not-a-secret"
)
ALLOWED_HOSTS = required_in_production(
    "ALLOWED_HOSTS", debug=DEBUG, local_default="localhost,127.0.0.1,[::1],testserver"
).split(",")
ALLOWED_HOSTS = [host.strip() for host in ALLOWED_HOSTS if host.strip()]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "saleor_api",
    "saleor_app",
    "catalog_sync",
    "themes",
    "storefront",
    "search",
    "payments",
    "currency",
    "traceability",
    "axes",
    "accounts",  # before allauth: its templates override allauth's
    "portal",
    "console",
    "reports",
    "events",
    "allauth",
    "allauth.account",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # serves static files pre-compressed itself
    # Compresses pages last, after every per-visitor fill-in (the cart count and approximate
    # prices in PersonalMiddleware below), and sets the true
    # Content-Length. Its random bytes in the gzip header and Django's per-request masking of the
    # CSRF token are Django's mitigation of BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "storefront.personal.PersonalMiddleware",
    "themes.middleware.ThemeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "storefront.csp.ContentSecurityPolicyMiddleware",
    # Last: turns a login refused by the throttle (config/login_throttle.py) into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Lookup: the page's theme's templates/, the default theme's, then the apps'
        # (themes/loader.py). The cached loader keys every template by theme as well as name.
        "DIRS": [],
        "OPTIONS": {
            "loaders": [
                (
                    "themes.loader.CachedLoader",
                    ["themes.loader.ThemeLoader", "django.template.loaders.app_directories.Loader"],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "themes.context_processors.theme",
                "storefront.context_processors.storefront",
                "portal.context_processors.portal",
            ],
        },
    },
]

# --- Database: the local PostgreSQL by default ----------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ocop_shop")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache and Celery broker ---------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "ocop"),
        "TIMEOUT": env_int("CACHE_TIMEOUT", 300),
        # A Redis that is down or hangs must cost a page milliseconds, not the worker.
        "OPTIONS": {
            "socket_connect_timeout": env_float("REDIS_CONNECT_TIMEOUT", 0.5),
            "socket_timeout": env_float("REDIS_TIMEOUT", 1.0),
        },
    }
}

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- OCOP -----------------------------------------------------------------------------------------
OCOP_TIMEZONE = env_str("OCOP_TIMEZONE", "Asia/Ho_Chi_Minh")
# Months a rating stays valid from its decision date (Decision 148/QĐ-TTg): configuration, not a constant.
OCOP_VALIDITY_MONTHS = env_int("OCOP_VALIDITY_MONTHS", 36)
OCOP_EXPIRY_WARNING_DAYS = [int(d) for d in env_list("OCOP_EXPIRY_WARNING_DAYS", ["60", "30"])]

# Limits on reading a list (catalog_sync/feeds.py): bad input fails the run, never the machine.
FEED_MAX_DOWNLOAD_BYTES = env_int("FEED_MAX_DOWNLOAD_BYTES", 200 * 1024 * 1024)
FEED_READ_TIMEOUT_SECONDS = env_float("FEED_READ_TIMEOUT_SECONDS", 30.0)  # each read
FEED_DOWNLOAD_DEADLINE_SECONDS = env_float("FEED_DOWNLOAD_DEADLINE_SECONDS", 300.0)  # the whole
FEED_MAX_UNPACKED_BYTES = env_int("FEED_MAX_UNPACKED_BYTES", 256 * 1024 * 1024)  # xlsx unzipped
# Product photos named by a list (catalog_sync/photos.py): each read waits FEED_READ_TIMEOUT_SECONDS.
PHOTO_MAX_BYTES = env_int("PHOTO_MAX_BYTES", 10 * 1024 * 1024)
PHOTO_DOWNLOAD_DEADLINE_SECONDS = env_float("PHOTO_DOWNLOAD_DEADLINE_SECONDS", 60.0)
PHOTO_MAX_PIXELS = env_int("PHOTO_MAX_PIXELS", 40_000_000)  # width x height, decoded

CELERY_TIMEZONE = OCOP_TIMEZONE
CELERY_BEAT_SCHEDULE = {
    # Just after midnight in Vietnam: certificates that ended yesterday are hidden from the shop.
    "ocop-expiry-sweep": {
        "task": "catalog_sync.tasks.expiry_sweep",
        "schedule": crontab(hour=0, minute=5),
    },
    # Then the producers whose certificates end in 60 or 30 days, or ended, get a mail (once).
    "portal-certificate-notices": {
        "task": "portal.tasks.certificate_notices",
        "schedule": crontab(hour=0, minute=20),
    },
    # Then products whose certificate ended leave the province events they were in.
    "events-drop-lapsed": {
        "task": "events.tasks.drop_lapsed",
        "schedule": crontab(hour=0, minute=10),
    },
    # Events whose Saleor collection or promotion could not be written are tried again.
    "events-resync-pending": {
        "task": "events.tasks.resync_pending",
        "schedule": crontab(minute="*/2"),
    },
    # Exchange rates for approximate prices (skipped while EXCHANGE_RATES_URL is empty).
    "exchange-rates": {
        "task": "currency.tasks.refresh_exchange_rates",
        "schedule": crontab(hour="*/6", minute=20),
    },
}

# --- Approximate prices in currencies the shop does not charge (currency/rates.py) -------------
# A JSON source of rates (see README); empty: none is fetched and no approximation is shown.
EXCHANGE_RATES_URL = env_str("EXCHANGE_RATES_URL")
# Rates older than this are not shown: no approximation rather than a stale one.
EXCHANGE_RATES_MAX_AGE_HOURS = env_float("EXCHANGE_RATES_MAX_AGE_HOURS", 48.0)
EXCHANGE_RATES_TIMEOUT_SECONDS = env_float("EXCHANGE_RATES_TIMEOUT_SECONDS", 10.0)
EXCHANGE_RATES_MAX_BYTES = env_int("EXCHANGE_RATES_MAX_BYTES", 1024 * 1024)
# Offered in the currency chooser as approximations (payment stays in VND, USD or EUR).
EXCHANGE_RATES_SHOWN = [
    c.strip().upper() for c in env_list("EXCHANGE_RATES_SHOWN", ["KRW", "CNY", "JPY", "THB"])
]

# --- Storefront: its one cache layer, Saleor's answers (storefront/cache.py) --------------------
# An answer is fresh this long; a webhook, a sync or a portal edit makes every answer stale at once.
STOREFRONT_CACHE_SECONDS = env_int("STOREFRONT_CACHE_SECONDS", 300)
# A stale answer is served (and refreshed behind) this long, so Saleor down keeps the shop browsable.
STOREFRONT_CACHE_STALE_SECONDS = env_int("STOREFRONT_CACHE_STALE_SECONDS", 86400)
# Refresh a stale answer in the request instead of a background thread (tests: deterministic).
STOREFRONT_REFRESH_INLINE = env_bool("STOREFRONT_REFRESH_INLINE", default=False)
# Origins of product photos besides Saleor's own (a CDN), allowed by the pages' CSP.
STOREFRONT_MEDIA_ORIGINS = env_list("STOREFRONT_MEDIA_ORIGINS")

# The storefront's theme (a folder under themes/); province themes add folders.
OCOP_THEME = env_str("OCOP_THEME", "default")

# --- Saleor -------------------------------------------------------------------------------------
SALEOR_API_URL = env_str("SALEOR_API_URL")
SALEOR_APP_TOKEN = env_str("SALEOR_APP_TOKEN")
SALEOR_TIMEOUT = env_float("SALEOR_TIMEOUT", 10.0)
SALEOR_MAX_RETRIES = env_int("SALEOR_MAX_RETRIES", 4)
SALEOR_MAX_CONCURRENCY = env_int("SALEOR_MAX_CONCURRENCY", 4)
# What a visitor waits for Saleor at most per operation, retries included (gunicorn kills a
# worker after 30 s); after SALEOR_BREAKER_FAILURES failures in a row pages stop asking Saleor for
# SALEOR_BREAKER_SECONDS and serve their stale copy or the 503 page at once.
SALEOR_PAGE_DEADLINE = env_float("SALEOR_PAGE_DEADLINE", 6.0)
SALEOR_BREAKER_FAILURES = env_int("SALEOR_BREAKER_FAILURES", 3)
SALEOR_BREAKER_SECONDS = env_float("SALEOR_BREAKER_SECONDS", 15.0)
SALEOR_HEALTH_DEADLINE = env_float("SALEOR_HEALTH_DEADLINE", 1.5)
# Saleor hosts allowed to install the app and send webhooks (host names, as in Saleor-Domain).
SALEOR_ALLOWED_DOMAINS = env_list("SALEOR_ALLOWED_DOMAINS")
# The public URL of this shop, as Saleor reaches it (used in the app manifest).
APP_PUBLIC_URL = env_str("APP_PUBLIC_URL", "http://127.0.0.1:8000")
# Webhooks from Saleor (saleor_app/webhooks.py): a larger body is refused, and a delivery whose
# signature is older than this is a replay.
SALEOR_WEBHOOK_MAX_BYTES = env_int("SALEOR_WEBHOOK_MAX_BYTES", 1024 * 1024)
SALEOR_WEBHOOK_MAX_AGE_SECONDS = env_int("SALEOR_WEBHOOK_MAX_AGE_SECONDS", 300)
# The shop's address as a visitor's phone reaches it: printed in the QR code of every OCOP label
# (<SHOP_PUBLIC_URL>/verify/<code>). APP_PUBLIC_URL (Saleor's way in) when unset.
SHOP_PUBLIC_URL = env_str("SHOP_PUBLIC_URL", APP_PUBLIC_URL)
# Fonts of the printed labels (TrueType, with Vietnamese diacritics); the first found is used.
LABEL_FONT_PATHS = env_list(
    "LABEL_FONT_PATHS",
    [
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    ],
)

# --- Stripe and AWS (usual names) -----------------------------------------------------------------
STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = env_str("STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET")
STRIPE_API_BASE = env_str("STRIPE_API_BASE")  # empty: Stripe's own API
# Stripe calls run inside Saleor's synchronous payment webhooks, which Saleor waits 18 s for.
STRIPE_TIMEOUT_SECONDS = env_float("STRIPE_TIMEOUT_SECONDS", 7.0)
STRIPE_MAX_NETWORK_RETRIES = env_int("STRIPE_MAX_NETWORK_RETRIES", 1)
# Cash on delivery (thanh toán khi nhận hàng): offered in these currencies only (cash is VND).
PAYMENTS_COD_ENABLED = env_bool("PAYMENTS_COD_ENABLED", default=True)
PAYMENTS_COD_CURRENCIES = [c.upper() for c in env_list("PAYMENTS_COD_CURRENCIES", ["VND"])]
# The payment gateway id Saleor knows this app by: empty for the manifest id ("ocop-shop"); for
# an app created with a token, its identifier (app { identifier }).
PAYMENTS_SALEOR_GATEWAY_ID = env_str("PAYMENTS_SALEOR_GATEWAY_ID")
AWS_ACCESS_KEY_ID = env_str("AWS_ACCESS_KEY_ID")
AWS_SECRET_ACCESS_KEY = env_str("AWS_SECRET_ACCESS_KEY")
AWS_DEFAULT_REGION = env_str("AWS_DEFAULT_REGION", "ap-southeast-1")
AWS_ENDPOINT_URL = env_str("AWS_ENDPOINT_URL")  # empty: AWS itself

# The province console's uploaded lists (console/services.py): kept, as planned, until applied
# (by the worker) and afterwards, as the record of what was imported. In an S3 bucket when
# CONSOLE_UPLOAD_BUCKET is set (reached like any s3:// list: AWS_ENDPOINT_URL, AWS_DEFAULT_REGION,
# boto3's credentials), which web and worker on different hosts both read; else in this folder,
# which they must then share (one host).
CONSOLE_UPLOAD_BUCKET = env_str("CONSOLE_UPLOAD_BUCKET")
CONSOLE_UPLOAD_ROOT = Path(env_str("CONSOLE_UPLOAD_ROOT") or BASE_DIR / "var" / "uploads")
CONSOLE_UPLOAD_MAX_BYTES = env_int("CONSOLE_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# --- Producers' photos (the portal) ---------------------------------------------------------------
# Phones send photos straight to this S3 bucket with a presigned POST; the shop then reads each one
# back, checks it (an image by its content, size, pixels), strips its metadata (EXIF: location),
# resizes it and adds it to the Saleor product's media, then deletes the upload. Without a bucket
# (the local default) the photos are sent to the shop itself and pass the same checks; production
# must name a bucket, or choose that direct upload explicitly with PORTAL_PHOTO_UPLOADS=direct.
PORTAL_UPLOAD_BUCKET = env_str("PORTAL_UPLOAD_BUCKET")
PORTAL_UPLOAD_REGION = env_str("PORTAL_UPLOAD_REGION", AWS_DEFAULT_REGION)
# The S3 endpoint the shop AND the producers' browsers reach (moto, minio); empty: AWS itself.
PORTAL_UPLOAD_ENDPOINT_URL = env_str("PORTAL_UPLOAD_ENDPOINT_URL", AWS_ENDPOINT_URL)
PORTAL_PHOTO_UPLOADS = env_str("PORTAL_PHOTO_UPLOADS", "s3" if PORTAL_UPLOAD_BUCKET else "direct")
if PORTAL_PHOTO_UPLOADS not in {"s3", "direct"}:
    raise ImproperlyConfigured("PORTAL_PHOTO_UPLOADS must be 's3' or 'direct'")
if PORTAL_PHOTO_UPLOADS == "s3" and not PORTAL_UPLOAD_BUCKET:
    raise ImproperlyConfigured("PORTAL_PHOTO_UPLOADS=s3 needs PORTAL_UPLOAD_BUCKET")
if not DEBUG and not PORTAL_UPLOAD_BUCKET and not env_str("PORTAL_PHOTO_UPLOADS"):
    raise ImproperlyConfigured(
        "PORTAL_UPLOAD_BUCKET is not set. It is required when DJANGO_DEBUG is off (the S3 bucket "
        "producers' photos are uploaded to, with PORTAL_UPLOAD_REGION and, for minio, "
        "PORTAL_UPLOAD_ENDPOINT_URL); or set PORTAL_PHOTO_UPLOADS=direct to receive the photos "
        "in the shop itself (see README.md, 'Settings')."
    )
PORTAL_PHOTO_MAX_BYTES = env_int("PORTAL_PHOTO_MAX_BYTES", 15 * 1024 * 1024)  # a phone's photo
PORTAL_PHOTO_MAX_SIDE = env_int("PORTAL_PHOTO_MAX_SIDE", 2000)  # pixels, after resizing
PORTAL_UPLOAD_URL_SECONDS = env_int("PORTAL_UPLOAD_URL_SECONDS", 900)  # a presigned POST's life

# --- Internationalisation -------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LOCALE_PATHS = [BASE_DIR / "locale"]
# Vietnamese, English and French always; another language is offered as soon as its translation
# file exists (locale/<code>/LC_MESSAGES/django.po), e.g. zh_Hans, ko, ja.
KNOWN_LANGUAGES = [
    ("vi", "Tiếng Việt"),
    ("en", "English"),
    ("fr", "Français"),
    ("zh-hans", "简体中文"),
    ("ko", "한국어"),
    ("ja", "日本語"),
]
LANGUAGES = [
    (code, name)
    for code, name in KNOWN_LANGUAGES
    if code in {"vi", "en", "fr"}
    or (BASE_DIR / "locale" / code.replace("-hans", "_Hans") / "LC_MESSAGES").is_dir()
]
TIME_ZONE = OCOP_TIMEZONE
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT_DIR") or BASE_DIR / "staticfiles")
# Themes ship static files (the group illustrations) under themes/<slug>/static/themes/<slug>/.
STATICFILES_DIRS = sorted(p for p in (BASE_DIR / "themes").glob("*/static") if p.is_dir())
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Security (production) ----------------------------------------------------------------------
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# Behind a TLS-terminating proxy: trust its X-Forwarded-Proto only when told the proxy sets it
# (a client could send the header itself otherwise).
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https")
    if env_bool("SECURE_PROXY_SSL_HEADER", default=False)
    else None
)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the platform's health probe speaks plain HTTP
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)

# --- Accounts (django-allauth): email sign-in, verification, reset; sign-up by invitation only ----
# Sign-in goes through django.contrib.auth.authenticate(), so every authentication backend (a
# throttling one such as django-axes too) applies to the portal's login.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "signup": "accounts.forms.SignupForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
    "change_password": "accounts.forms.ChangePasswordForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None  # the member chooses ("stay signed in on this phone")
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[OCOP] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
# Days an invitation link stays good (it is also single-use).
PORTAL_INVITATION_DAYS = env_int("PORTAL_INVITATION_DAYS", 7)

# --- Email: SMTP from the environment; locally printed on the console --------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env_float("EMAIL_TIMEOUT", 10.0)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "OCOP <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login forms (admin's today, the producer portal's later) throttled per (username, client):
# django-axes counting failures in the cache (config/login_throttle.py); a cache that is down
# counts nothing and lets logins through.
# axes' check first, so every sign-in that goes through authenticate() is throttled: the admin's
# and allauth's (the portal's).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AXES_HANDLER = "config.login_throttle.FailOpenCacheHandler"
AXES_CACHE = "default"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_float("LOGIN_COOLOFF_MINUTES", 15.0))
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the page's "try again in N minutes" holds
AXES_USERNAME_CALLABLE = "config.login_throttle.username"
AXES_CLIENT_IP_CALLABLE = "config.login_throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "config.login_throttle.lockout_response"
AXES_ENABLE_ADMIN = False  # the counts are in the cache: no database records to show
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "login", "email"]
AXES_VERBOSE = False  # no banner on every manage.py command; failures and lockouts are logged

# Throttles (django-ratelimit, counted in the cache; a cache that is down lets requests through).
RATELIMIT_FAIL_OPEN = True
RATELIMIT_IP_META_KEY = env_str("RATELIMIT_IP_META_KEY", "REMOTE_ADDR") or None
ORDER_LOOKUP_RATES = {
    "ip": env_str("ORDER_LOOKUP_RATE_PER_CLIENT", "20/h"),
    "email": env_str("ORDER_LOOKUP_RATE_PER_EMAIL", "5/15m"),
}

LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
        # stripe-python logs request and response bodies (PaymentIntent client secrets) at DEBUG.
        "stripe": {"level": "WARNING"},
    },
}
