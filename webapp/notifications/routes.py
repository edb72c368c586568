"""The inbox: a person's notifications, the unread count for the menu badge, and e-mail choices.

Everything here is personal, so it is `private, no-store`: never kept by a shared cache or the
service worker. The badge's count comes from `/kotak-masuk/jumlah`, fetched by app.js, because
the menu is part of pages that are shared (and cached) for everyone.
"""

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp.access import current_person
from webapp.http import form_status, keep_out_of_caches
from webapp.notifications import bp, services
from webapp.notifications.forms import EmailChoicesForm
from webapp.notifications.kinds import KINDS



keep_out_of_caches(bp, "private, no-store")


@bp.get("")
@login_required
def inbox():
    """The person's notifications, newest first; the unread ones stand out."""
    page = services.inbox(current_person(), request.args.get("hal", 1, type=int))
    return render_template(
        "notifications/inbox.html", page=page, sentence=services.sentence,
        unread=services.unread_count(current_person()),
    )


@bp.get("/jumlah")
def count():
    """How many notifications wait unread, for the badge next to "Akun" (JSON, never cached).

    Signed out (the hint cookie can outlive the session) the answer is simply none.
    """
    if not current_user.is_authenticated:
        return jsonify(unread=0)
    return jsonify(unread=services.unread_count(current_person()))


@bp.get("/<id:notification_id>")
@login_required
def open_item(notification_id):
    """Open a notification: it is marked read, and the person goes to what it is about.

    A GET, so it works as a plain link; marking one's own notification read is harmless to repeat.
    Someone else's notification is a 404, as if it did not exist.
    """
    notification = services.open_notification(current_person(), notification_id)
    if notification is None:
        abort(404)
    return redirect(notification.link, 303)


@bp.post("/baca-semua")
@login_required
def mark_all_read():
    """Mark every notification of the person read."""
    services.mark_all_read(current_person())
    flash(_("Semua pemberitahuan ditandai sudah dibaca."), "success")
    return redirect(url_for(".inbox"), 303)


@bp.route("/pengaturan", methods=["GET", "POST"])
@login_required
def preferences():
    """Which kinds of notification also come by e-mail; every one always lands in the inbox."""
    me = current_person()
    choices = services.email_choices(me)
    labels = {kind: str(KINDS[kind].label) for kind in choices}
    if request.method == "GET":
        form = EmailChoicesForm(labels, data={"email": [kind for kind, on in choices.items() if on]})
    else:
        form = EmailChoicesForm(labels)
    if form.validate_on_submit():
        services.choose_email(me, set(form.email.data or []))
        flash(_("Pilihan e-mail disimpan."), "success")
        return redirect(url_for(".preferences"), 303)
    return render_template("notifications/preferences.html", form=form), form_status(form)
