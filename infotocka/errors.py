"""Friendly error pages in the current language; JSON errors under /api/."""
from flask import Flask, jsonify, make_response, render_template, request
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable


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


def _help_meanwhile() -> dict:
    """Return what the rebuilding page shows: for a crisis message its numbers and crisis services first,
    then the national helplines, all read from the database (the index is what is missing)."""
    from . import params
    from .directory.queries import crisis_services, helplines
    from .public.understanding import crisis_help
    from .search.crisis import detect
    categories = detect(request.args.get(params.TEXT) or "")
    first = crisis_services(categories)
    return {"crisis_numbers": crisis_help(categories), "crisis_services": first,
            "helplines": [s for s in helplines() if s not in first]}


def _search_rebuilding(exc):
    """Answer honestly while the search index is rebuilt: 503, Retry-After, and where to get help now."""
    if _wants_json():
        body = {"error": "Service Unavailable", "status": 503,
                "message": "Iskanje se obnavlja. Poskusite znova čez nekaj trenutkov."}
        response = jsonify(body)
    else:
        response = make_response(render_template("errors/search_rebuilding.html", **_help_meanwhile()))
    response.status_code = 503
    response.headers["Retry-After"] = str(exc.retry_after)
    return response


def _not_ready(exc):
    """A download or report is being prepared for the first time: 503 with Retry-After."""
    from flask_babel import gettext as _
    message = _("Podatke pripravljamo. Poskusite znova čez minuto.")
    response = _render(ServiceUnavailable(message), message=message)[0] if not _wants_json() else jsonify(
        {"error": "Service Unavailable", "status": 503, "message": message})
    response = make_response(response)
    response.status_code = 503
    response.headers["Retry-After"] = str(exc.retry_after)
    return response


def init_app(app: Flask) -> None:
    from .precomputed import NotReady
    from .search import SearchUnavailable
    app.register_error_handler(HTTPException, _render)
    app.register_error_handler(SearchUnavailable, _search_rebuilding)
    app.register_error_handler(NotReady, _not_ready)

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
