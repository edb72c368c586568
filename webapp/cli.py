"""Flask CLI commands: load the regions, load the demo content, create an admin, serve, list who a leak affects."""

import csv
import signal
import sys

import click
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask.cli import with_appcontext
from werkzeug.serving import run_simple

from webapp.accounts.services import find_user_by_email, normalise_email, password_problem
from webapp.demo import DEMO_PASSWORD, demo_accounts, load_demo
from webapp.extensions import db
from webapp.jobs import huey
from webapp.models import Role, User, record_audit, utcnow
from webapp.privacy import DATA_KINDS, affected_people
from webapp.regions import load_regions
from webapp.taxonomy import load_default_categories


@click.command("load-regions")
@with_appcontext
def load_regions_command():
    """Load provinces, kabupaten/kota and kecamatan (Kemendagri codes) into the database."""
    added = load_regions()
    click.echo(f"Regions loaded ({added} new).")


@click.command("load-categories")
@with_appcontext
def load_categories_command():
    """Add the default focus categories that are missing."""
    added = load_default_categories()
    click.echo(f"Categories loaded ({added} new).")


@click.command("load-demo")
@with_appcontext
def load_demo_command():
    """Load regions, categories and the demo communities and accounts (safe to run again)."""
    counts = load_demo()
    click.echo(
        f"Demo loaded: {counts['communities']} new communities, {counts['users']} new accounts, "
        f"{counts['courses']} new courses, {counts['partnerships']} new partnerships, {counts['meetings']} new meetings, "
        f"{counts['regions']} new regions, {counts['categories']} new categories."
    )
    click.echo(f'Demo accounts, all with the password "{DEMO_PASSWORD}":')
    for email, role in demo_accounts():
        click.echo(f"  {email:34} {role}")


@click.command("create-admin")
@with_appcontext
@click.argument("email")
@click.option("--name", help="Display name; defaults to the part of EMAIL before the @.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Asked twice, hidden, when not given.")
def create_admin_command(email, name, password):
    """Create an admin account, or make the existing account with EMAIL an admin."""
    try:
        # test_environment lets the demo's @jejaring.test addresses through.
        validate_email(email, check_deliverability=False, test_environment=True)
    except EmailNotValidError as error:
        raise click.BadParameter(str(error), param_hint="EMAIL") from None
    if name is not None and not 0 < len(name.strip()) <= 120:
        raise click.BadParameter("give 1 to 120 characters", param_hint="--name")
    problem = password_problem(password, name, email)
    if problem:
        raise click.BadParameter(problem, param_hint="--password")
    email = normalise_email(email)
    user = find_user_by_email(email)
    if user is None:
        # Whoever runs this command vouches for the address.
        user = User(email=email, name=(name or email.split("@")[0]).strip(), role=Role.ADMIN,
                    email_verified_at=utcnow())
        db.session.add(user)
        message = f"Admin account {email} created."
    else:
        user.role = Role.ADMIN
        user.name = (name or user.name).strip()
        message = f"{email} is now an admin; its password was changed."
    user.set_password(password)
    record_audit("user.made_admin", subject_user=user)
    db.session.commit()
    click.echo(message)


@click.command("affected-by")
@click.argument("kind", type=click.Choice(sorted(DATA_KINDS)))
@with_appcontext
def affected_by_command(kind):
    """List, as CSV, the people a leak of one KIND of data is about (see docs/breach-runbook.md)."""
    people = affected_people(kind)
    writer = csv.writer(sys.stdout)
    writer.writerow(["id", "name", "email"])
    for person in people:
        writer.writerow([person.id, person.name, person.email])
    click.echo(f"{len(people)} people affected by a leak of {kind}: {DATA_KINDS[kind][0]}.", err=True)


@click.command("serve")
@with_appcontext
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@click.option("--workers", default=2, show_default=True, help="Threads that run jobs.")
def serve_command(host, port, workers):
    """Run the development server and the job consumer (mail, daily checks) in one process.

    For one laptop or a village hall's Raspberry Pi. In production gunicorn serves the app and
    `huey_consumer wsgi.huey` runs the jobs, on as many machines as needed.
    """
    consumer = huey.create_consumer(workers=workers, worker_type="thread")
    handlers = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    consumer.start()
    # The consumer took over the signals; Ctrl-C stops the server again, and then the consumer.
    for signum, handler in handlers.items():
        signal.signal(signum, handler)
    click.echo(f"Jobs: {workers} worker threads on {type(huey.storage).__name__}.")
    try:
        run_simple(host, port, current_app._get_current_object(), threaded=True)
    finally:
        consumer.stop(graceful=True)


def init_app(app):
    app.cli.add_command(load_regions_command)
    app.cli.add_command(load_categories_command)
    app.cli.add_command(load_demo_command)
    app.cli.add_command(create_admin_command)
    app.cli.add_command(affected_by_command)
    app.cli.add_command(serve_command)
