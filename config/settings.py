"""Settings for Ladder.

One module for every environment. Whatever differs between a laptop and production comes from
an environment variable read through the helpers in ``config.env``; see the README for the list.
"""

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.env import (
    env_bool,
    env_cache,
    env_database,
    env_int,
    env_list,
    env_str,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", required=True)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Behind a TLS-terminating proxy in production: redirect to HTTPS, mark cookies secure,
# send HSTS. Off for local runs on http://127.0.0.1.
HTTPS = env_bool("DJANGO_HTTPS", default=False)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", default=60 * 60 * 24 * 365, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
# No page uses these browser features; nothing the site embeds or is embedded in may ask.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    ]
)
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",
    "django_filters",
    "axes",
    "pgtrigger",
    # The queue of background tasks, in this database; `manage.py run_worker` runs them.
    "django_tasks_db",
    # Every editor's save, with who and when; compare, restore and recover in admin.
    "reversion",
    "core",
    "companies",
    "jobs",
    "guides",
    "alerts",
    "allauth",
    "allauth.account",
    # Readers' accounts, above the content apps and below the site.
    "accounts",
    # Companies' teams, who keep their company's roles and profile current.
    "employers",
    # Above the apps: home, search, sitemaps, health, the Editors group.
    "website",
]

MIDDLEWARE = [
    # First: the request id and the one log line per request, whatever answers.
    "core.middleware.RequestLogMiddleware",
    # Before any work: a request that waited too long for a worker is answered 503 at once.
    "core.middleware.LoadSheddingMiddleware",
    "core.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.IsolationHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed for browsers that ask (HTML shrinks to a tenth: a phone's first paint
    # waits for it); the page cache stores them compressed. Django masks the CSRF token in
    # every response.
    "django.middleware.gzip.GZipMiddleware",
    # Role pages seen, counted whoever answers them, the page cache included (jobs/tallies.py).
    "jobs.tallies.TallyMiddleware",
    # Before sessions and authentication, so a cached page costs none of their work.
    "core.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks, so it sees the outcome of every sign-in.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Readers sign in with their email address.
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Failed sign-ins: after 5 for one username from one address, that pair waits 15 minutes.
# A cool-off, not a permanent lockout; successful sign-in resets the count.
AXES_FAILURE_LIMIT = env_int("DJANGO_SIGNIN_FAILURE_LIMIT", default=5, minimum=1)
AXES_COOLOFF_TIME = timedelta(
    minutes=env_int("DJANGO_SIGNIN_COOLOFF_MINUTES", default=15, minimum=1)
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Staff sign-in only (website/signin_throttle.py): readers' sign-ins at /account/ have
# allauth's own limits.
AXES_ONLY_ADMIN_SITE = True
AXES_HANDLER = "website.signin_throttle.AdminOnlyAxesHandler"
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
# Behind the HTTPS proxy REMOTE_ADDR is the proxy, the same for everyone; the client's address
# is the entry the proxy appends to X-Forwarded-For, the right-most one. Entries to its left
# come from the client and may be forged. django-ipware reads it: it counts the proxies *listed*
# in the header, and the one proxy in front of us is REMOTE_ADDR, not in the list, so the count
# is 0; not strict, so a forged prefix is skipped rather than ignoring the header altogether.
# Without the header (a request from inside) REMOTE_ADDR is the client.
AXES_IPWARE_PROXY_COUNT = 0 if HTTPS else None
AXES_IPWARE_PROXY_ORDER = "left-most"
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if HTTPS else ("REMOTE_ADDR",)
)
IPWARE_STRICT = False

# Readers' accounts (django-allauth): sign-up by email address, which must be verified before
# anything else is sent to it; the same answer whether or not an address has an account.
# Readers are never staff: /admin/ and its throttling above are for editors only.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# A reader who confirms the address in the browser they signed up with is signed in by it.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PREVENT_ENUMERATION = True
# A password reset for an address without an account sends nothing: the page says the same.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# One address per reader; a new one replaces the old once it is verified.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Ladder: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if HTTPS else "http"
# Per address ("key") and per client address ("ip", read as sign-in throttling reads it).
ACCOUNT_RATE_LIMITS = {
    "signup": "10/h/ip",
    "signup_email": "3/h/key",
    "reset_password": "10/h/ip,3/h/key",
    "login_failed": "10/m/ip,5/5m/key",
}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["core.templatetags", "django.contrib.humanize.templatetags.humanize"],
        },
    },
]

# Widgets render through TEMPLATES, so project templates can define widgets.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

CACHES = {
    # What every worker and server must count together and page traffic must never evict:
    # allauth's limits on sign-ups, password resets and failed sign-ins. In PostgreSQL
    # (core.SharedCacheEntry), never culled; the worker deletes what has expired.
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "core_shared_cache",
        "OPTIONS": {"MAX_ENTRIES": 2**62},
    },
    # Pages for anonymous readers, cached whole (core/pagecache.py). Without CACHE_URL each
    # worker keeps its own copies in memory, which is still correct across workers and
    # servers: a page is kept with the versions, in the database, of the tables it read. With
    # CACHE_URL=redis://… all share one cache.
    "pages": env_cache("CACHE_URL"),
}
PAGE_CACHE_ENABLED = env_bool("DJANGO_PAGE_CACHE", default=True)
PAGE_CACHE = "pages"
PAGE_CACHE_EXCLUDE = ("/admin/", "/healthz", "/metrics")
# How long a CDN or proxy in front may keep an anonymous page (s-maxage), by path prefix;
# "$" marks an exact path. Anything else: 60 seconds.
PAGE_CACHE_SECONDS = [
    ("/$", 60),
    ("/guides/", 600),
    ("/companies/tags/", 300),
    ("/sitemap", 3600),
    ("/robots.txt", 86400),
    ("/jobs/feed/", 300),
]

DATABASES = {"default": env_database("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DJANGO_CONN_MAX_AGE", default=60, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# migrate's session (core.apps): a migration waits this long for a table's lock, then fails
# rather than stall the site behind it; and no statement of it runs longer than the other.
MIGRATION_LOCK_TIMEOUT = env_str("LADDER_MIGRATION_LOCK_TIMEOUT", default="5s")
MIGRATION_STATEMENT_TIMEOUT = env_str("LADDER_MIGRATION_STATEMENT_TIMEOUT", default="30min")

# Background work (email, alerts) is queued in PostgreSQL by the web process, in the same
# transaction as the change that causes it, and run by `manage.py run_worker` (README).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# /healthz/worker answers 503 when a task due to run has waited longer than this.
WORKER_QUEUE_STALE_SECONDS = env_int("LADDER_WORKER_QUEUE_STALE_SECONDS", default=300, minimum=1)

# The address of the site as readers reach it, for links in email, which the worker writes
# without a request to take the host from.
SITE_URL = env_url("DJANGO_SITE_URL", default="http://127.0.0.1:8000")

# Email goes through SMTP when EMAIL_HOST is set. Without it (a laptop, `make run`) every
# message is written as an .eml file into EMAIL_FILE_PATH, where any mail client opens it.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="Ladder <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# (Django refuses its older EMAIL_* settings beside MAILERS, hence the local names.)
_email_host = env_str("EMAIL_HOST")
if _email_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": env_int("EMAIL_PORT", default=587, minimum=1),
                "username": env_str("EMAIL_HOST_USER", default=""),
                "password": env_str("EMAIL_HOST_PASSWORD", default=""),
                # STARTTLS on the submission port by default; EMAIL_USE_SSL for port 465.
                "use_tls": env_bool("EMAIL_USE_TLS", default=not env_bool("EMAIL_USE_SSL", False)),
                "use_ssl": env_bool("EMAIL_USE_SSL", default=False),
                "timeout": env_int("EMAIL_TIMEOUT", default=20, minimum=1),
            },
        }
    }
    if MAILERS["default"]["OPTIONS"]["use_tls"] and MAILERS["default"]["OPTIONS"]["use_ssl"]:
        raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on.")
else:
    MAILERS = {
        "default": {
            "BACKEND": "core.mail.EmlFileBackend",
            "OPTIONS": {
                "file_path": env_str("EMAIL_FILE_PATH", default=str(BASE_DIR / ".data" / "mail"))
            },
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files (company logos). In production nginx serves them from this folder.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Public pages carry no inline script or style, so the policy needs neither 'unsafe-inline'
# nor nonces, and a page can be cached as it is.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Role imports (jobs/importing/): the longest the worker spends on one file, preview or import,
# before it stops the run with that reason.
IMPORT_TIME_LIMIT = env_int("DJANGO_IMPORT_TIME_LIMIT", default=300, minimum=1)

# One JSON object per line on stderr (see core/logs.py and docs/operations.md): a line per
# request from core.middleware, a line per query slower than SLOW_QUERY_MS, and tracebacks of
# real errors. gunicorn's access log is off (config/gunicorn.py): the request line replaces it.
# A request that waited longer than this between the proxy and a free worker (X-Request-Start)
# is answered 503 with Retry-After at once rather than served late (core.middleware).
LOAD_SHED_AFTER_SECONDS = env_int("LADDER_LOAD_SHED_AFTER_SECONDS", default=5, minimum=1)
SLOW_QUERY_MS = env_int("DJANGO_SLOW_QUERY_MS", default=200, minimum=0)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "core.logs.JsonFormatter"}},
    "filters": {"skip_logged_elsewhere": {"()": "core.logs.SkipLoggedElsewhere"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        # django-axes narrates every sign-in at INFO; lockouts still log as warnings.
        "axes": {"level": "WARNING"},
        "django.request": {"filters": ["skip_logged_elsewhere"]},
    },
}

# Readers' saved searches and alerts (alerts/): the worker looks for due digests every
# ALERTS_SCHEDULE_SECONDS.
ALERTS_SCHEDULE_SECONDS = env_int("LADDER_ALERTS_SCHEDULE_SECONDS", default=300, minimum=1)
# The shared secret that signs bounce and complaint reports posted to /saved/mail-events/
# (alerts/views.py); unset, that endpoint does not exist.
MAIL_EVENTS_SECRET = env_str("LADDER_MAIL_EVENTS_SECRET")

# Readers' reviews and pay reports (companies/contributions.py).
# One review per reader per company in this many days.
REVIEW_INTERVAL_DAYS = env_int("LADDER_REVIEW_INTERVAL_DAYS", default=365, minimum=1)
# Approved pay reports a level needs before its median and range are shown.
PAY_REPORTS_FOR_MEDIAN = env_int("LADDER_PAY_REPORTS_FOR_MEDIAN", default=5, minimum=1)
# Published interview experiences, from as many readers, before a company's summary shows.
INTERVIEWS_FOR_SUMMARY = env_int("LADDER_INTERVIEWS_FOR_SUMMARY", default=5, minimum=1)
# Published reviews a role family needs at a company before it is shown as itself, not
# "Engineering": fewer would narrow a reviewer down to a handful of people.
REVIEWS_FOR_ROLE_FAMILY = env_int("LADDER_REVIEWS_FOR_ROLE_FAMILY", default=5, minimum=1)
# Reviews and pay reports accepted per account, and per client address, in 24 hours.
CONTRIBUTIONS_PER_ACCOUNT_PER_DAY = env_int(
    "LADDER_CONTRIBUTIONS_PER_ACCOUNT", default=6, minimum=1
)
CONTRIBUTIONS_PER_ADDRESS_PER_DAY = env_int(
    "LADDER_CONTRIBUTIONS_PER_ADDRESS", default=20, minimum=1
)
# This many reviews of one company within REVIEW_BURST_HOURS are flagged in the queue.
REVIEW_BURST_COUNT = env_int("LADDER_REVIEW_BURST_COUNT", default=4, minimum=2)
REVIEW_BURST_HOURS = env_int("LADDER_REVIEW_BURST_HOURS", default=24, minimum=1)
# A pay report further than this many median absolute deviations from its level's median
# is held for moderation (see companies/contributions.py).
PAY_OUTLIER_MADS = env_int("LADDER_PAY_OUTLIER_MADS", default=3, minimum=1)
# Until a level at a company has enough reports, a total more than this many times the level's
# median across companies (or less than it divided by this) is held for an editor.
PAY_OUTLIER_RATIO = env_int("LADDER_PAY_OUTLIER_RATIO", default=3, minimum=2)

# Companies' teams (employers/): claims accepted per account and per client address in 24
# hours, and how long the link mailed to confirm a work address works.
CLAIMS_PER_ACCOUNT_PER_DAY = env_int("LADDER_CLAIMS_PER_ACCOUNT", default=5, minimum=1)
CLAIMS_PER_ADDRESS_PER_DAY = env_int("LADDER_CLAIMS_PER_ADDRESS", default=20, minimum=1)
CLAIM_LINK_DAYS = env_int("LADDER_CLAIM_LINK_DAYS", default=3, minimum=1)
# How far ahead a team may schedule a new role, and how much longer a renewal keeps a role
# open (how many renewals a role may have is each company's, set by the editors).
ROLE_SCHEDULE_DAYS = env_int("LADDER_ROLE_SCHEDULE_DAYS", default=90, minimum=0)
ROLE_RENEWAL_DAYS = env_int("LADDER_ROLE_RENEWAL_DAYS", default=30, minimum=1)
# Invitations one team owner may send in 24 hours.
INVITATIONS_PER_DAY = env_int("LADDER_INVITATIONS_PER_DAY", default=20, minimum=1)
# Roles one account may send for review in 24 hours.
ROLE_PROPOSALS_PER_DAY = env_int("LADDER_ROLE_PROPOSALS_PER_DAY", default=20, minimum=1)
# Times a company's profile may be sent for review in a day.
PROFILE_PROPOSALS_PER_DAY = env_int("LADDER_PROFILE_PROPOSALS_PER_DAY", default=10, minimum=1)
# Answers to reviews one account may write in 24 hours.
ANSWERS_PER_DAY = env_int("LADDER_ANSWERS_PER_DAY", default=20, minimum=1)
# Companies' job feeds: how often the worker reads a connected one (a failing one less often,
# up to a day apart), how long one read may take and how large a feed may be. A feed on a
# private network (loopback, 10.x, …) is refused unless LADDER_FEEDS_ALLOW_PRIVATE is set: a
# site that reads feeds on its own network, and the tests' local feed server.
FEED_CHECK_SECONDS = env_int("LADDER_FEED_CHECK_SECONDS", default=3600, minimum=1)
FEED_READ_SECONDS = env_int("LADDER_FEED_READ_SECONDS", default=30, minimum=1)
FEED_MAX_BYTES = env_int("LADDER_FEED_MAX_BYTES", default=16 * 1024 * 1024, minimum=1024)
FEED_MAX_ROLES = env_int("LADDER_FEED_MAX_ROLES", default=5000, minimum=1)
FEEDS_ALLOW_PRIVATE = env_bool("LADDER_FEEDS_ALLOW_PRIVATE", default=False)
# Role page views and apply clicks (jobs/tallies.py) are written this often by each process.
ROLE_COUNTS_FLUSH_SECONDS = env_int("LADDER_ROLE_COUNTS_FLUSH_SECONDS", default=10, minimum=0)

# Error reporting: with SENTRY_DSN set, errors that reach no handler (in a request or in the
# worker) and every ERROR log line go to Sentry, or any server that speaks its protocol.
# Nothing that identifies a reader goes with them: no cookies, form data, query strings or
# client addresses (core/errors.py).
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    from core.errors import start_error_reporting

    start_error_reporting(
        SENTRY_DSN, environment=env_str("SENTRY_ENVIRONMENT", default="production")
    )
