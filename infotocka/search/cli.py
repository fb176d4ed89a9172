"""`flask reindex [--if-needed]`, and wiring of the index to database commits."""
import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from . import embeddings, rebuilder, sync, worker


@click.command("reindex")
@click.option("--if-needed", is_flag=True,
              help="Only rebuild a missing, corrupt, outdated or diverged index; else catch up.")
@click.option("--embed/--no-embed", default=True, help="Also embed texts without a vector (unchanged ones are reused).")
@with_appcontext
def reindex_command(if_needed: bool, embed: bool):
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
    if embed:
        from . import encoder
        reason = encoder.unavailable_reason(current_app.config)
        if reason:
            click.echo(f"Semantic search is not available ({reason}); nothing embedded.")
        else:
            _report(embeddings.fill(everything=True, progress=_progress))


@click.command("embed")
@click.option("--all", "everything", is_flag=True, help="Re-read every listing's text (vectors of unchanged texts are reused).")
@with_appcontext
def embed_command(everything: bool):
    """Embed listings and need categories that have no vector of their current text yet."""
    from flask import current_app
    from . import encoder
    reason = encoder.unavailable_reason(current_app.config)
    if reason:
        raise click.ClickException(f"Semantic search is not available: {reason}")
    _report(embeddings.fill(everything=everything, progress=_progress))


def _progress(done: int, total: int) -> None:
    click.echo(f"  {done}/{total} listings", err=True)


def _report(report: embeddings.FillReport) -> None:
    click.echo(f"Embedded {report.embedded} texts ({report.terms} need categories); "
               f"{report.services} listings checked, {report.reused} reused an existing vector.")


def init_app(app: Flask) -> None:
    """Register the command and keep the index following commits."""
    app.cli.add_command(reindex_command)
    app.cli.add_command(embed_command)
    sync.install_hooks()
    worker.install_hooks()
