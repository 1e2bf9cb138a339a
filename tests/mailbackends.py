"""A mail server that misbehaves on demand, for the delivery tests.

``MailServer`` stands in for Django's SMTP backend: it keeps mail in
``django.core.mail.outbox`` like the locmem backend, but refuses the addresses in
``refused`` (as SMTP's "550 no such user") and drops the connection once ``limit``
messages have gone (as a server going away mid-run).
"""

import smtplib

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend


class MailServer(EmailBackend):
    limit: int | None = None
    refused: frozenset[str] = frozenset()

    def send_messages(self, messages):
        for message in messages:
            refused = set(message.to) & self.refused
            if refused:
                raise smtplib.SMTPRecipientsRefused(
                    dict.fromkeys(refused, (550, b"No such user"))
                )
            if self.limit is not None and len(mail.outbox) >= self.limit:
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
            super().send_messages([message])
        return len(messages)
