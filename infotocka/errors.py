"""Friendly error pages in the current language; JSON errors under /api/."""
from flask import Flask, jsonify, render_template, request
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError


class BadParameter(ValueError):
    """A malformed request parameter; shown to the user as a 400 with this message (and, in JSON, its name)."""

    def __init__(self, message: str, parameter: str | None = None):
        super().__init__(message)
        self.parameter = parameter


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _render(error: HTTPException, message: str | None = None, parameter: str | None = None):
    # werkzeug's own headers (Allow on a 405, Retry-After, WWW-Authenticate) are lost with a new response
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    if _wants_json():
        body = {"error": error.name, "status": error.code, "message": error.description}
        if parameter:
            body["parameter"] = parameter
        return jsonify(body), error.code, headers
    # `message` is ours (already in the user's language); werkzeug's default descriptions are not shown
    return render_template("errors/error.html", error=error, message=message), error.code, headers


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _render)

    @app.errorhandler(BadParameter)
    def _bad_parameter(exc):
        from werkzeug.exceptions import BadRequest
        return _render(BadRequest(str(exc)), message=str(exc), parameter=exc.parameter)

    @app.errorhandler(OperationalError)
    def _database_busy(exc):
        if "database is locked" not in str(exc.orig):  # SQLite: another writer held on past SQLITE_BUSY_TIMEOUT
            return _unexpected(exc)
        app.logger.warning("SQLite stayed locked past SQLITE_BUSY_TIMEOUT: %s %s", request.method, request.path)
        from flask_babel import gettext as _
        from werkzeug.exceptions import ServiceUnavailable
        error = ServiceUnavailable(retry_after=30)
        return _render(error, message=_("Podatkovna zbirka je ta trenutek zasedena (na primer zaradi uvoza). "
                                        "Nič ni shranjeno; poskusite znova čez pol minute."))

    @app.errorhandler(Exception)
    def _unexpected(exc):
        app.logger.exception("Unhandled error")
        return _render(InternalServerError())
