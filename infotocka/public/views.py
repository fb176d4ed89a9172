"""Resident pages: home, search, service, organization, municipality and region pages."""
from flask import Blueprint, render_template

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    return render_template("public/home.html")
