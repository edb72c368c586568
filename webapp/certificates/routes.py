"""Certificates: the holder's printable page, public verification by code, the offline checker
and revocation by admins.

`/v/<code>` is for anyone, signed out: it shows only what the certificate itself shows (the
printed name, the course, the date) and its status. The holder's page carries the QR code that
leads there and the signed token the offline checker verifies.
"""

from flask import abort, flash, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp.access import admin_required, current_person
from webapp.certificates import bp, codes, services
from webapp.certificates.forms import PrintedNameForm, RevokeForm
from webapp.extensions import db
from webapp.http import form_status, shared_page
from webapp.models import Certificate, utcnow
from webapp.qr import qr_svg

# A code is 12 characters; anything much longer is not worth reading.
LONGEST_TYPED_CODE = 40


def _personal(html, status=200):
    """A page of the holder's or an admin's, with a CSRF token: no cache keeps it."""
    response = make_response(html, status)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _own(code):
    """The signed-in holder's certificate with this code; anyone else's is not found."""
    try:
        certificate = services.find(code[:LONGEST_TYPED_CODE])
    except codes.CodeMistyped:
        abort(404)
    if certificate is None or certificate.user_id != current_user.id:
        abort(404)
    return certificate


@bp.get("/sertifikat")
@login_required
def index():
    """The certificates the signed-in person holds."""
    return _personal(render_template("certificates/index.html", certificates=services.own_certificates(current_user)))


@bp.route("/sertifikat/<code>", methods=["GET", "POST"])
@login_required
def mine(code):
    """The holder's certificate, printable on A4 or kept on the phone, with the name they chose."""
    certificate = _own(code)
    form = PrintedNameForm(data={"printed_name": certificate.printed_name})
    if form.validate_on_submit():
        certificate.printed_name = form.printed_name.data
        db.session.commit()
        flash(_("Nama di sertifikat tersimpan."), "success")
        return redirect(url_for(".mine", code=certificate.code), 303)
    verify_url = url_for(".verify", code=codes.grouped(certificate.code), _external=True)
    return _personal(render_template(
        "certificates/certificate.html", certificate=certificate, form=form, issuer=services.ISSUER,
        code=codes.grouped(certificate.code), verify_url=verify_url, qr=qr_svg(verify_url, scale=3),
        token=services.token(certificate),
    ), form_status(form))


@bp.get("/v")
def lookup():
    """The form to type a code (and where it sends it, as /v/<code>)."""
    shared_page()
    typed = request.args.get("kode", "")[:LONGEST_TYPED_CODE]
    if typed.strip():
        return redirect(url_for(".verify", code=typed.strip()), 303)
    return render_template("certificates/lookup.html")


@bp.get("/v/<code>")
def verify(code):
    """A certificate as anyone may check it: name, course, date, status; nothing more."""
    try:
        certificate = services.find(code[:LONGEST_TYPED_CODE])
    except codes.CodeMistyped:
        return render_template("certificates/verify.html", certificate=None, typed=code, mistyped=True), 400
    if certificate is None:
        return render_template("certificates/verify.html", certificate=None, typed=code, mistyped=False), 404
    return render_template("certificates/verify.html", certificate=certificate, code=codes.grouped(certificate.code))


@bp.get("/v/dicabut.json")
def revocations():
    """The revoked codes and their dates, with when the list was made: offline checkers keep it."""
    response = jsonify(dibuat=utcnow().isoformat(timespec="seconds") + "Z", dicabut=services.revocations())
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/periksa")
def checker():
    """"Periksa sertifikat": verifies a pasted token in the browser, with no connection needed."""
    shared_page()
    return render_template(
        "certificates/checker.html", keys_url=url_for("main.signing_keys"),
        revocations_url=url_for("certificates.revocations"),
    )


@bp.get("/admin/sertifikat")
@admin_required
def manage():
    """Find a certificate by code to revoke it."""
    typed = request.args.get("kode", "")[:LONGEST_TYPED_CODE]
    certificate = error = None
    if typed.strip():
        try:
            certificate = services.find(typed)
        except codes.CodeMistyped:
            error = _("Kode salah ketik: periksa lagi setiap hurufnya.")
        else:
            if certificate is None:
                error = _("Sertifikat dengan kode itu tidak ditemukan.")
    return _personal(render_template(
        "certificates/manage.html", typed=typed, certificate=certificate, error=error, form=RevokeForm(),
        code=codes.grouped(certificate.code) if certificate else None,
    ))


@bp.post("/admin/sertifikat/<id:certificate_id>/cabut")
@admin_required
def revoke(certificate_id):
    """Revoke a certificate with a reason; the holder is told."""
    certificate = db.get_or_404(Certificate, certificate_id)
    form = RevokeForm()
    if form.validate_on_submit():
        try:
            services.revoke(certificate, form.reason.data, current_person())
        except services.CannotRevoke as refused:
            flash(refused.message, "info")
        else:
            flash(_("Sertifikat dicabut. Pemegangnya sudah diberi tahu."), "success")
        return redirect(url_for(".manage", kode=certificate.code), 303)
    return _personal(render_template(
        "certificates/manage.html", typed=certificate.code, certificate=certificate, error=None, form=form,
        code=codes.grouped(certificate.code),
    ), 422)
