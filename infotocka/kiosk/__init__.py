"""Kiosk mode, referral slips with QR codes, and the sharing and safety helpers of public pages."""
from flask import Flask


def init_app(app: Flask) -> None:
    """Register the kiosk blueprint and the template helpers of slips, sharing and safety mode."""
    from .. import safety
    from . import slip
    from .views import bp

    app.register_blueprint(bp)
    safety.init_app(app)
    app.jinja_env.globals.update(qr_svg=slip.qr_svg, service_url=slip.service_url)
