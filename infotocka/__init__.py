"""Infotočka: a directory of social-care help for Slovene municipalities."""
from flask import Flask

from . import database
from .config import ROOT, load_config
from .directory import changes
from .extensions import csrf, db, migrate


def create_app(config: dict | None = None) -> Flask:
    """Create and configure the application."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    load_config(app, config)
    database.init_app(app)
    changes.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)

    from . import auth, cli, errors, i18n, pagecache, params, safety, security, urls, web
    params.init_app(app)
    pagecache.init_app(app)
    auth.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    safety.init_app(app)
    errors.init_app(app)
    web.init_app(app)
    cli.init_app(app)
    urls.warn_if_unset(app)
    return app


def warm_up(app: Flask) -> None:
    """Prepare a web worker before it takes requests (wsgi.py): compile the templates and warm the
    search up (search.warm_up), so the first resident after a start is served as fast as the next."""
    from .search import warm_up as warm_up_search
    for name in app.jinja_env.list_templates(extensions=("html", "txt")):
        app.jinja_env.get_template(name)
    warm_up_search(app)
