"""govcx settings: one module, every deployment choice read from the environment.

A value that cannot be right stops start-up with a message naming the variable; see
docs/configuration.md for every variable (a test keeps that page complete).
"""

from __future__ import annotations

import base64
import re
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

from govcx.lib.env import SettingError, env_bool, env_choice, env_int, env_list, env_str

# Lets admin and other generic classes be subscripted at run time, as the type checker wants.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent


def _fail(error: Exception) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"govcx configuration: {error}")


def _var_dir() -> Path:
    path = Path(env_str("GOVCX_VAR_DIR", str(BASE_DIR / "var")))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _secret_key(var_dir: Path) -> str:
    """The environment's key, or one generated on first start and kept under var/ (never in git)."""
    from_env = env_str("SECRET_KEY", "")
    if from_env:
        if len(from_env) < 32:
            raise SettingError("SECRET_KEY must be at least 32 characters long")
        return from_env
    key_file = var_dir / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _database(var_dir: Path) -> dict[str, Any]:
    default_url = f"sqlite:///{var_dir / 'govcx.sqlite3'}"
    url = env_str("DATABASE_URL", default_url)
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    except (ValueError, KeyError) as error:
        raise SettingError(f"DATABASE_URL is not a usable database address: {error}") from None
    if not config.get("NAME"):
        raise SettingError("DATABASE_URL names no database")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL;",
        }
    config["TEST"] = {"NAME": env_str("GOVCX_TEST_DATABASE_NAME", "") or None}
    return config


def _caches(url: str) -> dict[str, Any]:
    """The shared cache rate limits count in: Redis in production, memory for one process."""
    if url in ("locmem://", "locmem"):
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
        }
    raise SettingError(f"CACHE_URL must be locmem:// or a redis:// address, not {url!r}")


def _rate(name: str, value: str) -> str:
    """A rate such as 30/m, 5/10s or 1000/h (see govcx/collection/limits.py)."""
    count, _, period = value.partition("/")
    if not count.isdigit() or int(count) < 1 or not re.fullmatch(r"\d*[smhd]", period):
        raise SettingError(f"{name} must look like 30/m, 5/10s or 1000/h, not {value!r}")
    return value


def _comment_keys(value: list[str]) -> list[str]:
    """Fernet keys for kept original comments: the first encrypts, every one decrypts.

    Several keys allow rotation: put a new key first and keep the old ones until every
    original has been encrypted again with the new one.
    """
    fernet_key_bytes = 32  # random bytes, written in url-safe base64 as 44 characters
    for position, key in enumerate(value, start=1):
        try:
            raw = base64.urlsafe_b64decode(key.encode("ascii"))
        except (ValueError, UnicodeEncodeError):
            raw = b""
        if len(raw) != fernet_key_bytes:
            raise SettingError(
                f"GOVCX_COMMENT_KEY key {position} is not a Fernet key (32 bytes, url-safe "
                "base64); see docs/configuration.md for how to make one"
            )
    return value


EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
}

try:
    VAR_DIR = _var_dir()
    SECRET_KEY = _secret_key(VAR_DIR)
    DEBUG = env_bool("DEBUG", False)
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
    DATABASES = {"default": _database(VAR_DIR)}
    EMAIL_BACKEND = env_choice("EMAIL_BACKEND", "console", EMAIL_BACKENDS)
    EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
    EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
    DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "govcx@localhost")
    SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
    SECURE_COOKIES = env_bool("SECURE_COOKIES", False)
    RESPONSES_PAGE_SIZE = env_int("RESPONSES_PAGE_SIZE", 50, minimum=1)
    CACHES = _caches(env_str("CACHE_URL", "locmem://"))
    RATE_LIMIT_PER_IP = _rate("RATE_LIMIT_PER_IP", env_str("RATE_LIMIT_PER_IP", "30/m"))
    RATE_LIMIT_PER_SURVEY = _rate(
        "RATE_LIMIT_PER_SURVEY", env_str("RATE_LIMIT_PER_SURVEY", "3000/m")
    )
    RATE_LIMIT_PER_API_KEY = _rate(
        "RATE_LIMIT_PER_API_KEY", env_str("RATE_LIMIT_PER_API_KEY", "6000/m")
    )
    TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
    SPAM_THRESHOLD = env_int("SPAM_THRESHOLD", 50, minimum=1)
    if SPAM_THRESHOLD > 100:
        raise SettingError(f"SPAM_THRESHOLD must be from 1 to 100; got {SPAM_THRESHOLD}")
    SUBMISSION_MAX_BYTES = env_int("SUBMISSION_MAX_BYTES", 64 * 1024, minimum=1024)
    BATCH_MAX_BYTES = env_int("BATCH_MAX_BYTES", 8 * 1024 * 1024, minimum=1024)
    # Empty: no original comment is ever kept, whatever an organization's policy says.
    COMMENT_KEYS = _comment_keys(env_list("GOVCX_COMMENT_KEY", []))
except SettingError as error:
    raise _fail(error) from None

EMAIL_FILE_PATH = str(VAR_DIR / "mail")
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "govcx.registry",
    "govcx.surveys",
    "govcx.responses",
    "govcx.collection",
    "govcx.public",
    "govcx.staff",
    "govcx.api",
    "govcx.demo",
    "govcx.standards",
    "govcx.insights",
    "govcx.reporting",
    "govcx.comments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "govcx.collection.middleware.BodySizeLimitMiddleware",
    "govcx.collection.middleware.SurveyCorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "govcx.urls"
WSGI_APPLICATION = "govcx.wsgi.application"
ASGI_APPLICATION = "govcx.asgi.application"

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
        },
    },
]

AUTH_USER_MODEL = "registry.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "public:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Serve straight from the finders so a fresh clone needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A public survey must never be framed by another site unless the widget allows it.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

# Bodies are held to a ceiling per route before they are read (BodySizeLimitMiddleware);
# Django's own ceiling only has to let the largest of those, a batch of responses, through.
DATA_UPLOAD_MAX_MEMORY_SIZE = max(BATCH_MAX_BYTES, 256 * 1024)

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
