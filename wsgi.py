"""WSGI entry point: gunicorn wsgi:app."""
from infotocka import create_app

app = create_app()
