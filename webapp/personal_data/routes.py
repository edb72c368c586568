"""Views of Data saya: the overview with choices and consents."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from webapp.access import current_person
from webapp.http import form_status, keep_out_of_caches
from webapp.models import ConsentPurpose
from webapp.notifications.services import email_choices
from webapp.personal_data import bp, services
from webapp.privacy import ChoicesForm, consent_given, consents

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
