"""Views of the accounts area: register, sign in and out, reset and change the password, dashboard."""

import sqlalchemy as sa
from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import (
    current_user,
    login_required,
    login_user,
    logout_user,
    user_logged_in,
    user_logged_out,
)
from flask_login.config import COOKIE_DURATION
from itsdangerous import BadData, URLSafeSerializer

from webapp.accounts import bp
from webapp.accounts import services
from webapp.accounts.forms import (
    GROUP_MAX,
    ChangeEmailForm,
    ChangePasswordForm,
    ConfirmPasswordForm,
    ForgotPasswordForm,
    GroupRegistrationForm,
    LoginForm,
    NewPasswordForm,
    RegisterForm,
)
from webapp.accounts.services import (
    EmailTaken,
    LinkExpired,
    LinkInvalid,
    active_sessions,
    authenticate,
    current_session,
    device_label,
    end_session,
    end_sessions,
    find_user_by_email,
    pending_invitations,
    start_session,
)
from webapp.access import (
    confirm_authentication,
    current_person,
    is_safe_next,
    per_account,
    per_address,
    per_network,
    recent_auth_required,
    verified_required,
    verifier_required,
)
from webapp.errors import rate_limited
from webapp.extensions import db, limiter
from webapp.http import form_status, keep_out_of_caches
from webapp.models import Community, Coordinatorship, LinkPurpose, record_audit
from webapp.notifications.services import unread_count
from webapp.personal_data.services import give_registration_consents
from webapp.text import fold


def submitted_account():
    """Rate-limit key for one account, whichever address the attempts come from."""
    return "account:" + fold(request.form.get("email", "").strip())[:254]


# A browser where an account signed in before gets a signed cookie naming it. The owner
# signing in from there is let through even while strangers' guesses keep the account resting,
# so knowing someone's e-mail is not enough to lock them out (ASVS 2.2.1).
KNOWN_DEVICE_COOKIE = "perangkat"
KNOWN_DEVICE_LIMIT = 5  # accounts remembered per browser: a phone shared by a family


def _known_devices():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="known-device")


def known_accounts():
    """Ids of the accounts that have signed in on this browser before."""
    try:
        ids = _known_devices().loads(request.cookies.get(KNOWN_DEVICE_COOKIE, ""))
    except BadData:
        return []
    return [i for i in ids if isinstance(i, int)] if isinstance(ids, list) else []


def from_known_device():
    """True when the account being signed into has signed in on this browser before."""
    user = find_user_by_email(request.form.get("email", ""))
    return user is not None and user.id in known_accounts()


def failed_sign_in(response):
    """Only failed attempts count toward an account's limit; a success is not a guess."""
    return response.status_code != 303




def sign_in(user, remember=False):
    """Open a new session for `user` on this device, recorded on the server."""
    start_session(user, request.user_agent.string)
    login_user(user, remember=remember)
    confirm_authentication(user)
    g.known_accounts = ([user.id] + [i for i in known_accounts() if i != user.id])[:KNOWN_DEVICE_LIMIT]


def redirect_after_sign_in(target):
    return redirect(target if is_safe_next(target) else url_for("accounts.dashboard"), 303)


# A hint for scripts, not a credential: "someone is signed in on this browser". Shared pages
# (lessons) carry nothing personal; the script fetches the personal progress box only when
# this says there is someone to fetch it for, so visitors don't pay for a request.
SIGNED_IN_HINT = "masuk"


@user_logged_in.connect
def _hint_signed_in(sender, user, **extra):
    g.signed_in_hint = True


@user_logged_out.connect
def _hint_signed_out(sender, user, **extra):
    g.signed_in_hint = False


@bp.after_app_request
def set_signed_in_hint(response):
    hint = g.pop("signed_in_hint", None)
    if hint is True:
        response.set_cookie(
            SIGNED_IN_HINT, "1", max_age=current_app.config.get("REMEMBER_COOKIE_DURATION", COOKIE_DURATION),
            samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    elif hint is False:
        response.delete_cookie(SIGNED_IN_HINT)
    return response


@bp.after_request
def remember_device(response):
    ids = g.pop("known_accounts", None)
    if ids:
        response.set_cookie(
            KNOWN_DEVICE_COOKIE, _known_devices().dumps(ids), max_age=365 * 24 * 3600,
            httponly=True, samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response


keep_out_of_caches(bp)  # every page here is personal or carries a CSRF token


def registered(response):
    """Only a registration that went through counts against a limit; a typo does not."""
    return response.status_code == 303


@bp.errorhandler(429)
def too_many_attempts(error):
    """Say when to try again; a registration limit also says how a group registers instead."""
    if request.endpoint == "accounts.register":
        return rate_limited(_("Terlalu banyak pendaftaran"), _(
            "Sudah banyak akun didaftarkan dari jaringan internet ini. Mendaftar bersama di sebuah "
            "pertemuan? Minta fasilitator mendaftarkan peserta lewat akunnya."))
    return rate_limited(_("Terlalu banyak percobaan"))


# Limits per address and per network, shared by every app server through Redis
# (RATELIMIT_STORAGE_URI), so accounts cannot be mass-made from one place.
@bp.route("/daftar", methods=["GET", "POST"])
@limiter.limit("5 per hour", key_func=per_address, deduct_when=registered, methods=["POST"])
@limiter.limit("10 per hour;30 per day", key_func=per_network, deduct_when=registered, methods=["POST"])
def register():
    """Create a member account, to be verified through a mailed link before it can reach anyone.

    A taken address gets the same answer (its owner is mailed a notice), so this page cannot be
    used to find out who has an account."""
    form = RegisterForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        user = services.register(form.name.data, form.email.data, form.password.data)
        if user is not None:  # a new account; an address already registered only gets a notice
            give_registration_consents(
                user, email_notifications=form.email_notifications.data,
                name_to_participants=form.name_to_participants.data,
            )
        target = form.next.data if is_safe_next(form.next.data) else None
        return redirect(url_for(".check_email", next=target), 303)
    return render_template("accounts/register.html", form=form), form_status(form)


@bp.get("/periksa-email")
def check_email():
    """After registering: the link is in the mail; open it, then sign in."""
    next_page = request.args.get("next", "")
    return render_template(
        "accounts/check_email.html", person=None, next=next_page if is_safe_next(next_page) else None
    )


@bp.post("/verifikasi/kirim-ulang")
@login_required
@limiter.limit("3 per hour;10 per day", key_func=per_account)
def resend_verification():
    """Send the verification link again, to the account's own address."""
    if current_user.is_verified:
        return redirect(url_for(".dashboard"), 303)
    services.send_verification(current_person())
    flash(_("Tautan baru sudah dikirim ke %(email)s. Cek juga folder spam.", email=current_user.email), "info")
    return redirect(request.referrer if is_safe_next(request.referrer) else url_for(".dashboard"), 303)


@bp.route("/masuk", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
@limiter.limit(
    "5 per minute;20 per hour", key_func=submitted_account, methods=["POST"],
    deduct_when=failed_sign_in, exempt_when=from_known_device,
)
def login():
    """Sign in; wrong details get one generic message that does not say whether the email exists."""
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
        if current_user.is_authenticated:
            return redirect_after_sign_in(form.next.data)
    failed = False
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None and not user.is_active:
            flash(_("Akun ini ditangguhkan oleh moderator jejaring karena melanggar aturan. Alasannya "
                    "dikirim ke e-mail Anda. Bila menurut Anda ini keliru, hubungi admin jejaring Anda."), "warning")
            return render_template("accounts/login.html", form=form, failed=False), 403
        if user is not None:
            sign_in(user, remember=form.remember.data)
            return redirect_after_sign_in(form.next.data or request.args.get("next", ""))
        failed = True
    return render_template("accounts/login.html", form=form, failed=failed), form_status(form)


@bp.post("/keluar")
def logout():
    """Sign out; POST with a CSRF token, so a link or image elsewhere cannot sign anyone out.

    The session ends on the server too: a copy of the cookie taken earlier no longer works.
    """
    if current_user.is_authenticated:
        end_session(current_session())
    logout_user()
    flash(_("Anda sudah keluar."), "info")
    return redirect(url_for("main.home"), 303)


@bp.route("/lupa-sandi", methods=["GET", "POST"])
@limiter.limit("5 per minute;30 per hour", methods=["POST"])
@limiter.limit("3 per hour", key_func=submitted_account, methods=["POST"])
def forgot_password():
    """Mail a reset link; the answer is the same whether or not the address has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.send_password_reset(form.email.data)
        flash(
            _("Jika alamat itu terdaftar, kami sudah mengirim tautan untuk mengatur ulang kata "
              "sandi. Tautan berlaku 1 jam. Cek juga folder spam."),
            "info",
        )
        return redirect(url_for("accounts.login"), 303)
    return render_template("accounts/forgot_password.html", form=form), form_status(form)


@bp.get("/tautan/<token>")
def open_link(token):
    """Open a mailed link. Its token is spent here, on first load, so the URL that access logs
    and browser histories keep opens nothing afterwards; what the link allows goes on at a URL
    without the token."""
    try:
        link = services.exchange_link(token)
    except LinkInvalid:
        return render_template("accounts/link_invalid.html", expired=False), 400
    except LinkExpired:
        return render_template("accounts/link_invalid.html", expired=True), 410
    if link.purpose == LinkPurpose.VERIFY:
        try:
            user = services.verify_email(link)
        except EmailTaken:
            return render_template(
                "errors/error.html", title=_("Alamat sudah dipakai"),
                message=_("Alamat e-mail itu sudah dipakai akun lain. Alamat akun Anda tidak berubah."),
            ), 409
        flash(_("Alamat e-mail Anda sudah dipastikan. Terima kasih!"), "success")
        signed_in_here = current_user.is_authenticated and current_user.id == user.id
        return redirect(url_for(".dashboard" if signed_in_here else ".login"), 303)
    services.grant(link)
    return redirect(url_for(".reset_password"), 303)


@bp.route("/kata-sandi-baru", methods=["GET", "POST"])
def reset_password():
    """Choose a password after opening a reset link, or the welcome link of an account a
    facilitator registered; the browser that opened the link has half an hour."""
    link = services.granted_link((LinkPurpose.RESET, LinkPurpose.WELCOME))
    if link is None:
        return render_template("accounts/link_invalid.html", expired=True), 410
    form = NewPasswordForm()
    form.person = link.user
    if form.validate_on_submit():
        services.set_password_from_link(link, form.password.data)
        # Nobody is signed in here: whoever holds the link proves only access to the mailbox.
        flash(_("Kata sandi Anda sudah disimpan. Silakan masuk dengan kata sandi baru."), "info")
        return redirect(url_for("accounts.login"), 303)
    return render_template(
        "accounts/reset_password.html", form=form, welcome=link.purpose == LinkPurpose.WELCOME
    ), form_status(form)


@bp.route("/konfirmasi", methods=["GET", "POST"])
@login_required
@limiter.limit("5 per minute;20 per hour", key_func=per_account, methods=["POST"])
def confirm_password():
    """Type the password again before a sensitive change, then go back to it."""
    form = ConfirmPasswordForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        confirm_authentication(current_user)
        return redirect_after_sign_in(form.next.data)
    return render_template("accounts/confirm_password.html", form=form), form_status(form)


@bp.route("/email", methods=["GET", "POST"])
@login_required
@recent_auth_required
@limiter.limit("5 per day", key_func=per_account, methods=["POST"])
def change_email():
    """Change the address: it changes only once the new one is proven by a mailed link."""
    form = ChangeEmailForm()
    if form.validate_on_submit():
        services.request_email_change(current_person(), form.email.data)
        flash(_("Kami mengirim tautan ke %(email)s. Alamat akun Anda berganti setelah tautan itu dibuka.",
                email=form.email.data), "info")
        return redirect(url_for(".dashboard"), 303)
    return render_template("accounts/change_email.html", form=form), form_status(form)


def group_size():
    """What a group registration costs against the facilitator's daily allowance: its people
    (a list too long for one form is refused by the form, not by the limit)."""
    return min(GROUP_MAX, max(1, sum(1 for line in request.form.get("people", "").splitlines() if line.strip())))


@bp.route("/daftar-kelompok", methods=["GET", "POST"])
@verifier_required
@verified_required
@limiter.limit("40 per day", key_func=per_account, cost=group_size, deduct_when=registered, methods=["POST"])
def register_group():
    """A verified facilitator registers the people at a meeting (thirty on one village-hall
    Wi-Fi would hit the per-address limit); each is mailed a link to choose their password."""
    form = GroupRegistrationForm()
    if form.validate_on_submit():
        services.register_group(current_person(), form.entries)
        flash(_("Undangan dikirim ke %(n)s orang. Mereka memilih kata sandi lewat tautan di e-mail.",
                n=len(form.entries)), "success")
        return redirect(url_for(".register_group"), 303)
    return render_template("accounts/register_group.html", form=form), form_status(form)


@bp.route("/sandi", methods=["GET", "POST"])
@login_required
@limiter.limit("5 per minute;20 per hour", key_func=per_account, methods=["POST"])
def change_password():
    """Change the password, knowing the current one (a borrowed, signed-in phone is not enough)."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_person()
        user.set_password(form.password.data)
        services.spend_reset_links(user)
        # Whoever else holds a session (a lost phone) is signed out; this device stays.
        end_sessions(user, keep=current_session())
        confirm_authentication(user)
        record_audit("password_changed", actor=user, subject_user=user)
        db.session.commit()
        flash(_("Kata sandi Anda sudah diganti."), "info")
        return redirect(url_for("accounts.dashboard"), 303)
    return render_template("accounts/change_password.html", form=form), form_status(form)


@bp.get("")
@login_required
def dashboard():
    """The person's own page: new notifications, their communities, open invitations, account actions."""
    communities = db.session.scalars(
        sa.select(Community)
        .join(Coordinatorship)
        .where(Coordinatorship.user_id == current_user.id)
        .order_by(Community.name)
    ).all()
    return render_template(
        "accounts/dashboard.html",
        communities=communities,
        invitations=pending_invitations(current_user),
        unread=unread_count(current_user),
    )


@bp.get("/perangkat")
@login_required
def devices():
    """Where this account is signed in, so a lost or shared phone can be signed out."""
    this_one = current_session()
    return render_template(
        "accounts/devices.html",
        sessions=active_sessions(current_user),
        this_id=this_one.id if this_one else None,
        device_label=device_label,
    )


@bp.post("/perangkat/keluar-semua")
@login_required
def sign_out_everywhere():
    """End every session of this account, this device's included."""
    end_sessions(current_user)
    record_audit("signed_out_everywhere", actor=current_user, subject_user=current_user)
    db.session.commit()
    logout_user()
    flash(_("Anda sudah keluar dari semua perangkat."), "info")
    return redirect(url_for("accounts.login"), 303)
