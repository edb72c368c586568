"""Plain-text e-mail with the standard library: password resets, invitations.

Without MAIL_SERVER (development, tests) nothing is sent: the whole message goes to the log,
so a developer (or a test, through caplog) can follow the link in it.
"""

import smtplib
from email.message import EmailMessage

from flask import current_app


def send_mail(to, subject, body):
    """Send `body` to `to`; raises smtplib.SMTPException or OSError when the server fails."""
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
    # A short timeout: a hung mail server must not hold a request (and a worker) for minutes.
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
