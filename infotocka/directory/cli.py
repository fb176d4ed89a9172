"""Flask commands that move listings in and out: `import` and `export` (HSDS JSON)."""
import json
import sys

import click
from flask import Flask
from flask.cli import with_appcontext

from ..extensions import db
from ..models import Service
from . import datapackage
from .hsds_export import export_directory
from .hsds_import import ImportFileError, ImportReport, import_records, read_records

# Export formats: name → function(stream) writing the directory; other modules add theirs here.
EXPORT_FORMATS: dict = {}


def export_format(name: str):
    """Register a writer for `flask export --format <name>`."""
    def register(writer):
        EXPORT_FORMATS[name] = writer
        return writer
    return register


@export_format("json")
def write_json(path: str | None, public: bool) -> None:
    """Write the directory as a JSON array of HSDS services."""
    text = json.dumps(export_directory(public=public), ensure_ascii=False, indent=2) + "\n"
    if path in (None, "-"):
        sys.stdout.write(text)
    else:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)


export_format("datapackage")(datapackage.write_file)  # a zip: datapackage.json + one CSV per HSDS table


def _directory_is_empty() -> bool:
    return db.session.scalar(db.select(db.func.count()).select_from(Service)) == 0


def _print_report(report: ImportReport) -> None:
    for problem in report.problems:
        click.echo(str(problem))
    click.echo(report.summary)


@click.command("import")
@click.option("--if-empty", is_flag=True, help="Import only when the directory has no services yet.")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@with_appcontext
def import_command(if_empty: bool, files: tuple[str, ...]) -> None:
    """Import HSDS service records from JSON files or zipped data packages (upsert by id)."""
    if if_empty and not _directory_is_empty():
        click.echo("Directory is not empty; nothing imported.")
        return
    try:
        batches = [(datapackage.read_records if datapackage.is_package_path(path) else read_records)(path)
                   for path in files]
    except ImportFileError as exc:
        raise click.ClickException(str(exc)) from None
    report = import_records([record for batch in batches for record in batch])
    _print_report(report)
    if report.rejected or report.dropped:
        sys.exit(1)


@click.command("export")
@click.argument("file", required=False, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--format", "fmt", default="json", show_default=True, help="Output format: json or datapackage (zip).")
@click.option("--include-confidential", is_flag=True, help="Keep confidential addresses (internal backups only).")
@with_appcontext
def export_command(file: str | None, fmt: str, include_confidential: bool) -> None:
    """Export every service as HSDS 3.0 JSON (to FILE or standard output)."""
    writer = EXPORT_FORMATS.get(fmt.lower())
    if writer is None:
        raise click.BadParameter(f"use one of: {', '.join(sorted(EXPORT_FORMATS))}", param_hint="--format")
    writer(file, not include_confidential)


def init_app(app: Flask) -> None:
    """Register the import and export commands."""
    app.cli.add_command(import_command)
    app.cli.add_command(export_command)
