"""Entry point for gunicorn (`gunicorn wsgi:app`), for `flask --app wsgi`, and for the job
consumer (`huey_consumer wsgi.huey`): importing it builds the app, which configures the queue."""

from webapp import create_app
from webapp.jobs import huey  # noqa: F401  (the consumer's import path)

app = create_app()
