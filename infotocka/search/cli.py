"""`flask reindex [--if-needed]`, and wiring of the index to database commits."""
import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from . import rebuilder, sync


@click.command("reindex")
@click.option("--if-needed", is_flag=True,
              help="Only rebuild a missing, corrupt, outdated or diverged index; else catch up.")
@with_appcontext
def reindex_command(if_needed: bool):
    """Rebuild the search index into a new folder and swap it in atomically."""
    if if_needed:
        why = sync.diagnose()
        if why is None:
            click.echo(f"Index usable; applied {sync.catch_up()} pending changes.")
            return
        click.echo(f"Index unusable ({why}); rebuilding.")
    stats = rebuilder.rebuild_now(current_app._get_current_object())
    rate = stats["services"] / stats["seconds"] if stats["seconds"] else 0
    click.echo(f"Indexed {stats['services']} services in {stats['seconds']:.1f} s ({rate:.0f}/s).")


def init_app(app: Flask) -> None:
    """Register the command and keep the index following commits."""
    app.cli.add_command(reindex_command)
    sync.install_hooks()
