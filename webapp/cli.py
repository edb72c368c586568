"""Flask CLI commands: load the regions, load the demo content, create an admin."""

import click

from webapp.regions import load_regions
from webapp.taxonomy import load_default_categories


@click.command("load-regions")
def load_regions_command():
    """Load provinces and kabupaten/kota (Kemendagri codes) into the database."""
    added = load_regions()
    click.echo(f"Regions loaded ({added} new).")


@click.command("load-categories")
def load_categories_command():
    """Add the default focus categories that are missing."""
    added = load_default_categories()
    click.echo(f"Categories loaded ({added} new).")


def init_app(app):
    app.cli.add_command(load_regions_command)
    app.cli.add_command(load_categories_command)
