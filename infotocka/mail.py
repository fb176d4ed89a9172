"""Outgoing e-mail over SMTP.

Configuration: MAIL_SERVER (unset = no e-mail; links are shown to staff instead), MAIL_PORT (25),
MAIL_USE_TLS (STARTTLS), MAIL_USE_SSL, MAIL_USERNAME, MAIL_PASSWORD, MAIL_FROM, MAIL_TIMEOUT."""
import smtplib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app


def mail_configured() -> bool:
    """Return whether an SMTP server is configured."""
    return bool(current_app.config["MAIL_SERVER"])


def _connect(config) -> smtplib.SMTP:
    host, port = config["MAIL_SERVER"], int(config["MAIL_PORT"])
    timeout = float(config["MAIL_TIMEOUT"])
    if config["MAIL_USE_SSL"]:
        return smtplib.SMTP_SSL(host, port, timeout=timeout)
    smtp = smtplib.SMTP(host, port, timeout=timeout)
    if config["MAIL_USE_TLS"]:
        smtp.starttls()
    return smtp


def build_message(to: str, subject: str, body: str) -> EmailMessage:
    """Return a plain-text message from the configured sender."""
    config = current_app.config
    msg = EmailMessage()
    msg["From"] = config["MAIL_FROM"]
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain="infotocka")
    msg.set_content(body)
    return msg


def send_mail(to: str, subject: str, body: str) -> bool:
    """Send a plain-text e-mail; return False when no SMTP server is configured or it fails (failures are logged).

    A failure is not raised: callers such as "forgotten password" must answer the same whether or not a
    message went out, and an SMTP outage must not turn into a 500."""
    if not mail_configured():
        return False
    config = current_app.config
    try:
        with _connect(config) as smtp:
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(build_message(to, subject, body))
    except (OSError, smtplib.SMTPException):
        current_app.logger.exception("Sending e-mail through %s failed", config["MAIL_SERVER"])
        return False
    return True
