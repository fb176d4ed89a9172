"""WSGI entry point: gunicorn wsgi:app. Each worker warms up before it takes requests."""
from infotocka import create_app, warm_up

app = create_app()
warm_up(app)
