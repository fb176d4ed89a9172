"""Flask commands: seed, import, export (and those other modules register)."""
import click
from flask import Flask
from flask.cli import with_appcontext

from .directory.seed import seed_all


@click.command("seed")
@with_appcontext
def seed_command():
    """Load taxonomy and geography (safe to run again)."""
    counts = seed_all()
    click.echo(", ".join(f"{name}: {n}" for name, n in counts.items()))


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_command)
