"""The yardstick for throughput.py: the smallest Flask page, rendered through a tiny template.

Served by gunicorn exactly as the app is, so the ratio app / minimal shows what Jejaring's own
work costs (database, templates, compression) apart from Flask, gunicorn and the machine.
"""

from flask import Flask, render_template
from jinja2 import DictLoader

app = Flask(__name__)
app.jinja_loader = DictLoader({
    "hello.html": "<!doctype html><html lang=\"id\"><title>{{ title }}</title><p>{{ greeting }}</p></html>",
})


@app.get("/")
def hello():
    """A greeting; no database, no session, no compression."""
    return render_template("hello.html", title="Halo", greeting="Halo, Jejaring!")
