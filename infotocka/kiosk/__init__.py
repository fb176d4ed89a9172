"""Kiosk mode and referral slips with QR codes."""
from flask import Flask


def init_app(app: Flask) -> None:
    """Register the kiosk blueprint and the template helpers of slips."""
    from . import slip
    from .views import bp

    app.register_blueprint(bp)
    app.jinja_env.globals.update(qr_svg=slip.qr_svg, service_url=slip.service_url)
