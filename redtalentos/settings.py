"""Settings of the portal, read from the environment (see .env.example)."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# production (the default: safe), development (make run) or test (make test).
ENVIRONMENT = env.str("DJANGO_ENV", default="production")
if ENVIRONMENT not in {"production", "development", "test"}:
    raise ImproperlyConfigured("DJANGO_ENV must be production, development or test.")
IS_PRODUCTION = ENVIRONMENT == "production"

DEBUG = env.bool("DEBUG", default=False)

if IS_PRODUCTION:
    # No production default for secrets or hosts: a missing one stops the start.
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if len(SECRET_KEY) < 40:
        raise ImproperlyConfigured("SECRET_KEY must be set (at least 40 characters) in production.")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production.")
else:
    SECRET_KEY = env.str(
        "SECRET_KEY", default=f"insecure-{ENVIRONMENT}-key-never-used-in-production"
    )
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "django_htmx",
    "django_countries",
    "redtalentos",
    "certificates",
    "pncs",
    "chapters",
    "members",
    "projects",
    "internships",
    "jornadas",
    "mentoring",
    "committees",
    "content",
]

MIDDLEWARE = [
    "redtalentos.lib.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "redtalentos.lib.middleware.SecurityHeadersMiddleware",
    "redtalentos.lib.middleware.AllowedMethodsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "members.middleware.StaffSecurityMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "redtalentos.lib.middleware.BadInputMiddleware",
]

ROOT_URLCONF = "redtalentos.urls"
WSGI_APPLICATION = "redtalentos.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# The project's own cluster (scripts/pg.sh) unless DATABASE_URL points elsewhere.
PG_PORT = env.int("REDTALENTOS_PG_PORT", default=54329)
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"postgres://postgres@127.0.0.1:{PG_PORT}/redtalentos"
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
# While the database cannot be reached, pages answer 503 asking clients to come back after this
# many seconds (Retry-After).
RETRY_AFTER_SECONDS = env.int("RETRY_AFTER_SECONDS", default=10)
# Where the browser tests write what they leave for review (screenshots of every role's home).
TEST_ARTIFACTS_DIR = env.path("TEST_ARTIFACTS_DIR", default=BASE_DIR / "test-artifacts")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared by every worker process, so that rate limits hold with several gunicorn workers.
CACHES = {
    "default": env.cache_url("CACHE_URL", default="dbcache://redtalentos_cache"),
    # Visitors' directory and profile pages (members.directory.page_cache). Keyed on a generation
    # the database keeps, so each process may keep its own copies; a shared cache also works.
    "pages": env.cache_url(
        "PAGE_CACHE_URL", default="locmemcache://redtalentos-pages?max_entries=300"
    ),
}
# How long a visitor's page is kept at most; 0 turns the page cache off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "members:home"
LOGIN_URL = "account_login"

# django-allauth: email is the login; verification is mandatory.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Red de Talentos] "
ACCOUNT_CHANGE_EMAIL = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Red de Talentos Mexicanos"
# IME and PNCS staff: MFA before any staff page, and signed out after 30 minutes without a request
# (members.middleware.StaffSecurityMiddleware). Members keep Django's default session age.
STAFF_SESSION_IDLE_TIMEOUT = 30 * 60
# Staff accounts set up their authenticator app through a link sent by email
# (members.mfa_enrolment), valid this many seconds.
STAFF_MFA_ENROL_LINK_SECONDS = env.int("STAFF_MFA_ENROL_LINK_SECONDS", default=60 * 60)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if env.bool("HTTPS", default=False) else "http"

LANGUAGE_CODE = "es-mx"
# Each language is named in itself: the switch reads the same to everyone.
LANGUAGES = [("es-mx", "Español"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Mexico_City"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded documents (CVs, speakers' materials): served only through views that check permission
# (redtalentos.lib.documents), so never inside a folder the web server or whitenoise serves.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private_media")
for _served in (MEDIA_ROOT, STATIC_ROOT, *STATICFILES_DIRS):
    if Path(PRIVATE_MEDIA_ROOT).resolve().is_relative_to(Path(_served).resolve()):
        raise ImproperlyConfigured("PRIVATE_MEDIA_ROOT must not be inside a served folder.")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Email: console in development, captured by the test runner, EMAIL_URL (smtp://...) in production.
if "EMAIL_URL" in env:
    _email = env.email_url("EMAIL_URL")
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email.get("EMAIL_HOST", "")
    EMAIL_PORT = _email.get("EMAIL_PORT") or 25
    EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
elif IS_PRODUCTION:
    raise ImproperlyConfigured("EMAIL_URL must be set in production (e.g. smtp+tls://...).")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Red de Talentos Mexicanos <no-responder@redtalentos.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security baseline. HTTPS-only settings follow their own flag, not DEBUG: the test runner turns
# DEBUG off, and a development server speaks plain HTTP.
HTTPS = env.bool("HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("HSTS_SECONDS", default=31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env.bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Sign-in limits count per client address (members.adapters): behind the proxy that is the
    # last X-Forwarded-For entry, the one the proxy adds, not the proxy's own address.
    ALLAUTH_TRUSTED_PROXY_COUNT = 1
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# A form refused by the CSRF check gets the site's page in the page's language.
CSRF_FAILURE_VIEW = "redtalentos.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Strict CSP: everything from the portal itself, no inline script, no framing.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

# One structured line per event; request_id ties a log line to the response header X-Request-ID.
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "redtalentos.lib.logging.RequestIdFilter"},
        "expected_errors": {"()": "redtalentos.lib.logging.ExpectedErrorsFilter"},
    },
    "formatters": {"json": {"()": "redtalentos.lib.logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "expected_errors"],
            "formatter": "json",
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # 4xx and database outages on one line without a traceback (lib/logging.py).
        "django.request": {"filters": ["expected_errors"]},
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

SITE_NAME = "Red de Talentos Mexicanos"
# Version of the privacy notice that consents are given against; raise it when the notice changes.
PRIVACY_NOTICE_VERSION = "2"
# The network's mailbox (never a person's) that receives the contact form's messages; when empty,
# they go to every active staff account.
CONTACT_EMAIL = env.str("CONTACT_EMAIL", default="")

# After the first sign-in a new account chooses its type and consents (members onboarding).
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "members.forms.accounts.SignupForm"}

if ENVIRONMENT == "test":
    # Hashing at full strength costs ~0.5 s per test account; tests check behaviour, not hashing.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Introductions: how many unanswered requests one person may have waiting at once.
INTRO_MAX_PENDING_PER_REQUESTER = env.int("INTRO_MAX_PENDING_PER_REQUESTER", default=3)
# Different profiles a PNCS staff account may open at staff level per day (against harvesting).
PNCS_DAILY_PROFILE_VIEWS = env.int("PNCS_DAILY_PROFILE_VIEWS", default=200)
# Rows a staff account may export from the expert search per day (IME can lift it for a day).
PNCS_DAILY_EXPORT_ROWS = env.int("PNCS_DAILY_EXPORT_ROWS", default=2000)
# Hours a seat offered to the next person on a waitlist (Jornadas, later missions) stays valid.
WAITLIST_OFFER_HOURS = env.int("WAITLIST_OFFER_HOURS", default=48)
# Days a student has to accept an internship offer (each cycle may set its own).
INTERNSHIP_OFFER_DAYS = env.int("INTERNSHIP_OFFER_DAYS", default=7)
# Days a mentor has to answer a mentoring proposal before it expires and the request is queued.
MENTORING_PROPOSAL_DAYS = env.int("MENTORING_PROPOSAL_DAYS", default=14)
# Months an opportunity stays published before it expires (its author may renew it).
OPPORTUNITY_MONTHS = env.int("OPPORTUNITY_MONTHS", default=12)
# The site's address in links of emails sent outside a request (offers passed on by a scheduler).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
