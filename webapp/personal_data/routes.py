"""Views of Data saya: the overview, correcting one's name, the person's data to read and
to download, the choices they can give or withdraw, and deleting the account."""

from flask import flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required, logout_user

from webapp.access import current_person, per_account
from webapp.extensions import limiter
from webapp.http import form_status, keep_out_of_caches
from webapp.models import ConsentPurpose, utcnow
from webapp.notifications.services import email_choices
from webapp.personal_data import bp, services
from webapp.personal_data.forms import CorrectionForm, DeleteAccountForm
from webapp.privacy import AccountKept, ChoicesForm, consent_given, consents, reasons_to_keep

keep_out_of_caches(bp, "private, no-store")  # everything here is about one person


def _render_overview(choices_form, status=200):
    me = current_person()
    emailed = email_choices(me)
    return render_template(
        "personal_data/overview.html",
        choices_form=choices_form,
        emailed=sum(emailed.values()),
        email_kinds=len(emailed),
        consents=consents(me),
    ), status


@bp.get("")
@login_required
def overview():
    """Everything the person can do with their data, on one page."""
    shown = consent_given(current_person(), ConsentPurpose.NAME_TO_PARTICIPANTS)
    return _render_overview(ChoicesForm(data={"name_to_participants": shown}))


@bp.post("/pilihan")
@login_required
def choices():
    """Give or withdraw the consents that are a free choice (e-mail: the notification choices)."""
    form = ChoicesForm()
    if form.validate_on_submit():
        services.choose_name_to_participants(current_person(), form.name_to_participants.data)
        flash(_("Pilihan Anda disimpan."), "success")
        return redirect(url_for(".overview", _anchor="pilihan"), 303)
    return _render_overview(form, form_status(form))


@bp.route("/ubah", methods=["GET", "POST"])
@login_required
def correct():
    """Correct one's name."""
    me = current_person()
    form = CorrectionForm(obj=me)
    if form.validate_on_submit():
        services.correct_name(me, form.name.data)
        flash(_("Nama Anda disimpan."), "success")
        return redirect(url_for(".overview"), 303)
    return render_template("personal_data/correct.html", form=form), form_status(form)


@bp.get("/salinan")
@login_required
def export_page():
    """Everything the platform holds about the person, to read."""
    return render_template("personal_data/export.html", areas=services.readable_export(current_person()))


@bp.get("/salinan.zip")
@login_required
@limiter.limit("10 per hour", key_func=per_account)
def export_download():
    """The same, as JSON in a zip, to keep or take elsewhere. The file name says nothing about the person."""
    now = utcnow()
    response = make_response(services.export_zip(current_person(), now))
    response.headers["Content-Type"] = "application/zip"
    response.headers["Content-Disposition"] = f'attachment; filename="jejaring-data-saya-{now:%Y-%m-%d}.zip"'
    return response


@bp.route("/hapus", methods=["GET", "POST"])
@login_required
@limiter.limit("5 per minute;20 per hour", key_func=per_account, methods=["POST"])
def delete():
    """Delete the account, confirmed with the password; what goes and what stays is said first.

    Afterwards the person is signed out everywhere: every session of the account is gone.
    """
    me = current_person()
    reasons = reasons_to_keep(me)
    form = DeleteAccountForm()
    if not reasons and form.validate_on_submit():
        try:
            services.delete_account(me)
        except AccountKept as kept:  # a co-coordinator stepped down between the page and the press
            reasons = kept.reasons
        else:
            logout_user()
            flash(_("Akun Anda sudah dihapus. Terima kasih sudah menjadi bagian dari Jejaring."), "info")
            return redirect(url_for("main.home"), 303)
    status = 409 if reasons and form.is_submitted() else form_status(form)
    return render_template("personal_data/delete.html", form=form, reasons=reasons), status
