"""Plain-text e-mail with the standard library: password resets, invitations, notifications.

`send_mail` only queues the message; the `deliver_mail` job talks to the mail server, so a slow
or absent server never holds a request, and a server that is down gets the message later
(the job retries). Without MAIL_SERVER (development, tests) nothing is sent: the whole
message goes to the log, so a developer (or a test, through caplog) can follow the link in it.
"""

import smtplib
from email.message import EmailMessage

from flask import current_app

from webapp.jobs import job

# A mail server that is down for a while must not lose the message: five more tries, a minute,
# two, four, eight and sixteen minutes apart (half an hour in all).
RETRIES = 5
RETRY_DELAY = 60


def send_mail(to, subject, body):
    """Queue `body` for `to`; the job delivers it, retrying while the mail server fails."""
    deliver_mail(to, str(subject), str(body))


@job(retries=RETRIES, retry_delay=RETRY_DELAY, retry_backoff=2)
def deliver_mail(to, subject, body):
    """Hand the message to the mail server; raises smtplib.SMTPException or OSError (Huey retries)."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        # Logged as written, not MIME-encoded, so long links are not broken by line folding.
        current_app.logger.info(
            "E-mail not sent (no MAIL_SERVER)\nFrom: %s\nTo: %s\nSubject: %s\n\n%s",
            config["MAIL_DEFAULT_SENDER"], to, subject, body,
        )
        return

    message = EmailMessage()
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    # A short timeout: a hung mail server must not hold a consumer's worker for minutes.
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
