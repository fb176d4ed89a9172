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
    from .directory import cli as directory_cli

    app.cli.add_command(seed_command)
    directory_cli.init_app(app)

    from .search import cli as search_cli

    search_cli.init_app(app)

    from .manage import commands as manage_commands

    manage_commands.init_app(app)
