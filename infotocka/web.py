"""Register every blueprint; the one place that lists the app's URL spaces."""
from flask import Flask


def init_app(app: Flask) -> None:
    from .public.views import bp as public_bp

    app.register_blueprint(public_bp)
