"""`flask reindex [--if-needed]`, and wiring of the index to database commits."""
import click
from flask import Flask
from flask.cli import with_appcontext

from . import storage, sync


@click.command("reindex")
@click.option("--if-needed", is_flag=True, help="Only rebuild a missing, corrupt or outdated index; else catch up.")
@with_appcontext
def reindex_command(if_needed: bool):
    """Rebuild the search index into a new folder and swap it in atomically."""
    from flask import current_app
    if if_needed:
        try:
            storage.open_current(storage.root(current_app))
        except storage.IndexUnavailable as why:
            click.echo(f"Index unusable ({why}); rebuilding.")
        else:
            click.echo(f"Index usable; applied {sync.catch_up()} pending changes.")
            return
    stats = sync.rebuild()
    rate = stats["services"] / stats["seconds"] if stats["seconds"] else 0
    click.echo(f"Indexed {stats['services']} services in {stats['seconds']:.1f} s ({rate:.0f}/s).")


def init_app(app: Flask) -> None:
    """Register the command and keep the index following commits."""
    app.cli.add_command(reindex_command)
    sync.install_hooks()
