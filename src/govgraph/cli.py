"""The ``govgraph`` command line. Exit codes: 0 success, 1 failure found (e.g. SHACL violations), 2 bad input."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .read import InputError, read_report

EXIT_BAD_INPUT = 2


class _Fail(click.ClickException):
    exit_code = EXIT_BAD_INPUT

    def show(self, file=None) -> None:  # one line, no traceback
        click.echo(f"govgraph: {self.message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="govgraph")
def main() -> None:
    """Turn Chinese government reports into an RDF knowledge graph."""


@main.command("extract")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "turtle", "trig", "jsonld"]), default="json", show_default=True)
@click.option("--max-bytes", type=int, default=None, help="Refuse files larger than this (default 20 MiB or $GOVGRAPH_MAX_BYTES).")
def extract_cmd(file: Path, fmt: str, max_bytes: int | None) -> None:
    """Extract one report and print it as JSON or RDF."""
    from .extract import extract
    from .jsonout import to_json

    try:
        doc = read_report(file, max_bytes=max_bytes)
    except InputError as e:
        raise _Fail(str(e)) from None
    x = extract(doc)
    if fmt == "json":
        click.echo(json.dumps(to_json(x), ensure_ascii=False, indent=1))
        return
    from .rdf import serialize_extraction

    sys.stdout.write(serialize_extraction(x, fmt))
