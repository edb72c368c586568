"""Reporting what breaks the network's rules."""

from flask import abort, redirect, render_template, request, url_for
from flask_login import login_required

from webapp.access import current_person, per_account
from webapp.converters import LARGEST_ID
from webapp.extensions import limiter
from webapp.http import form_status, keep_out_of_caches
from webapp.moderation import bp
from webapp.moderation.forms import ReportForm
from webapp.moderation.items import ITEM_KINDS, find_item
from webapp.moderation.services import ReportRefused, file_report, open_report_by

keep_out_of_caches(bp)


def _reported_item():
    """The kind and item named by ?jenis=...&id=..., or 404: a public item only."""
    kind = request.args.get("jenis", "")
    item_id = request.args.get("id", type=int)
    if item_id is None or not 1 <= item_id <= LARGEST_ID:
        abort(404)
    item = find_item(kind, item_id)
    if item is None or not ITEM_KINDS[kind].public(item):
        abort(404)
    return kind, item


@bp.route("/lapor", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per day", key_func=per_account, methods=["POST"])
def report():
    """Report a profile, program, campaign, lesson, course or account: the rule it breaks and
    a short reason. The "Laporkan" links on shared pages are plain links here, the same for
    everyone; a visitor is asked to sign in first."""
    kind, item = _reported_item()
    spec = ITEM_KINDS[kind]
    reporter = current_person()
    context = {"kind": kind, "spec": spec, "item": item, "title": spec.title(item), "link": spec.link(item)}
    if open_report_by(reporter, kind, item.id) is not None:
        return render_template("moderation/report.html", form=None, refused="open", **context)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            file_report(reporter, kind, item.id, form.rule.data, form.reason.data)
        except ReportRefused as refused:
            return render_template("moderation/report.html", form=None, refused=refused.reason, **context), 409
        return redirect(url_for(".sent", jenis=kind, id=item.id), 303)
    return render_template("moderation/report.html", form=form, refused=None, **context), form_status(form)


@bp.get("/lapor/terkirim")
@login_required
def sent():
    """The confirmation after a report, with the way back to what was reported."""
    kind, item = _reported_item()
    spec = ITEM_KINDS[kind]
    return render_template("moderation/sent.html", spec=spec, title=spec.title(item), link=spec.link(item))
