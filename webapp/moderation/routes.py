"""Reporting what breaks the network's rules, the moderators' queue, and the answers of
those affected."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp.access import current_person, per_account, verifier_required
from webapp.converters import LARGEST_ID
from webapp.extensions import db, limiter
from webapp.http import form_status, keep_out_of_caches
from webapp.moderation import bp
from webapp.moderation.forms import AnswerForm, DecisionForm, ReportForm
from webapp.moderation.items import ITEM_KINDS, find_item
from webapp.moderation.models import Decision, ModerationCase
from webapp.moderation.services import (
    DecisionRefused,
    ReportRefused,
    answer,
    case_item,
    decide,
    decisions_for,
    file_report,
    is_affected,
    is_restricted,
    may_moderate,
    open_cases,
    open_report_by,
    recent_cases,
)

# The decisions as the buttons' URLs say them.
DECISION_WORDS = {
    "sembunyikan": Decision.HIDE,
    "minta-perbaikan": Decision.ASK_CHANGES,
    "peringatkan": Decision.WARN,
    "tangguhkan": Decision.SUSPEND,
    "abaikan": Decision.DISMISS,
    "pulihkan": Decision.RESTORE,
}
WORDS = {decision: word for word, decision in DECISION_WORDS.items()}
# Those affected are told why; closing a report or restoring needs no reason.
NEEDS_REASON = {Decision.HIDE, Decision.ASK_CHANGES, Decision.WARN, Decision.SUSPEND}

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
    context = {"kind": kind, "spec": spec, "item": item, "title": spec.reporter_title(item), "link": spec.link(item)}
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
    return render_template("moderation/sent.html", spec=spec, title=spec.reporter_title(item), link=spec.link(item))


def _view(case):
    """What the templates show of a case: the item (None once deleted) and its kind."""
    item = case_item(case)
    spec = ITEM_KINDS[case.item_kind]
    return {
        "case": case,
        "item": item,
        "spec": spec,
        "title": spec.title(item) if item is not None else _("(sudah dihapus)"),
        "link": spec.link(item) if item is not None and not is_restricted(case, item) else None,
        "restricted": item is not None and is_restricted(case, item),
        "decisions": [(WORDS[d], d) for d in decisions_for(case, item)],
    }


@bp.get("/moderasi")
@verifier_required
def queue():
    """Open reports grouped by item, the longest-waiting first: for admins all of them, for
    facilitators those about lessons and courses. Below, the cases decided most recently."""
    return render_template(
        "moderation/queue.html",
        waiting=[_view(case) for case in open_cases(current_user)],
        recent=[_view(case) for case in recent_cases(current_user)],
        form=DecisionForm(),
    )


def _case_or_404(case_id):
    """The case, for its moderators and for the people affected by it; 404 for anyone else,
    so a case's existence is not told to strangers."""
    case = db.get_or_404(ModerationCase, case_id)
    moderator = may_moderate(current_user, case.item_kind)
    if not moderator and not is_affected(current_user, case, case_item(case)):
        abort(404)
    return case, moderator


def _case_page(case, moderator, decision_form=None, answer_form=None, status=200):
    return render_template(
        "moderation/case.html",
        moderator=moderator,
        form=decision_form or DecisionForm(formdata=None),
        answer_form=answer_form or AnswerForm(formdata=None),
        answerable=any(e.state is not Decision.REPLY for e in case.events),
        v=_view(case),
    ), status


@bp.get("/moderasi/<id:case_id>")
@login_required
def case(case_id):
    """A case: for moderators the reports, the decisions and the answers; for those affected
    the decisions with their reasons, and a form to answer (reporters stay unnamed)."""
    case, moderator = _case_or_404(case_id)
    return _case_page(case, moderator)


@bp.post("/moderasi/<id:case_id>/<any(%s):word>" % ", ".join(f'"{word}"' for word in DECISION_WORDS))
@verifier_required
def decision(case_id, word):
    """Take a decision on a case; hiding and suspending take effect at once."""
    case = db.get_or_404(ModerationCase, case_id)
    if not may_moderate(current_user, case.item_kind):
        abort(403)
    chosen = DECISION_WORDS[word]
    form = DecisionForm()
    valid = form.validate_on_submit()
    if valid and chosen in NEEDS_REASON and not form.message.data:
        form.message.errors.append(_("Tulis alasannya: yang dilaporkan membacanya."))
        valid = False
    if not valid:
        return _case_page(case, True, decision_form=form, status=422)
    try:
        decide(case, current_person(), chosen, form.message.data)
    except DecisionRefused:
        flash(_("Keputusan itu tidak bisa diambil untuk kasus ini sekarang."), "warning")
        return redirect(url_for(".case", case_id=case.id), 303)
    flash(_("Tersimpan: %(decision)s.", decision=chosen.label), "success")
    return redirect(url_for(".queue"), 303)


@bp.post("/moderasi/<id:case_id>/jawab")
@login_required
@limiter.limit("20 per day", key_func=per_account)
def reply(case_id):
    """Those affected answer the moderators' decision; the moderators are told."""
    case, moderator = _case_or_404(case_id)
    form = AnswerForm()
    if not form.validate_on_submit():
        return _case_page(case, moderator, answer_form=form, status=422)
    try:
        answer(case, current_person(), form.message.data)
    except DecisionRefused:
        abort(403)
    flash(_("Jawaban Anda terkirim kepada moderator."), "success")
    return redirect(url_for(".case", case_id=case.id), 303)
