"""Database engine settings: SQLite in WAL mode with a busy timeout, so writers wait instead of failing;
answers read once per transaction."""
from flask import Flask
from sqlalchemy import event

from .extensions import db

READ_ONCE = "read_once"  # session.info: answers of `read_once`, forgotten after a flush and at transaction end


def read_once(name: str, read, session=None):
    """Return `read()`, called once per transaction of the session: a page asks the same small question
    (the data version, the taxonomy) several times. A flush or the end of the transaction forgets it."""
    session = session or db.session
    memo = session.info.setdefault(READ_ONCE, {})
    if name not in memo:
        memo[name] = read()
    return memo[name]


def _forget(session, *_args) -> None:
    session.info.pop(READ_ONCE, None)


def _sqlite_pragmas(busy_ms: int):
    def on_connect(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        # WAL: readers never block the writer nor the writer the readers; one writer at a time still,
        # and the others wait up to busy_timeout for it instead of failing with "database is locked".
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")  # durable in WAL mode up to the last checkpoint
        cursor.close()
    return on_connect


def init_app(app: Flask) -> None:
    """Bind Flask-SQLAlchemy; on SQLite set WAL and the busy timeout (SQLITE_BUSY_TIMEOUT seconds) per connection."""
    uri = str(app.config["SQLALCHEMY_DATABASE_URI"])
    busy = float(app.config["SQLITE_BUSY_TIMEOUT"])
    if uri.startswith("sqlite"):
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options["connect_args"] = {"timeout": busy, **options.get("connect_args", {})}
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    db.init_app(app)
    from sqlalchemy.orm import Session as session_class  # every session, Flask-SQLAlchemy's and plain ones
    if not event.contains(session_class, "after_flush", _forget):  # once per process
        event.listen(session_class, "after_flush", _forget)
        event.listen(session_class, "after_transaction_end", _forget)
    if uri.startswith("sqlite"):
        with app.app_context():
            event.listen(db.engine, "connect", _sqlite_pragmas(int(busy * 1000)))
