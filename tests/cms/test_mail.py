"""The console e-mail backend `make run` prints to the terminal with."""

import io

from django.core.mail import EmailMessage

from cms.mail import ConsoleEmailBackend

from .test_settings import _run


def printed(**kwargs) -> str:
    stream = io.StringIO()
    message = EmailMessage(
        from_email="Wspólnie <no-reply@example.org>",
        to=["Anna Mieszkanka <anna@example.org>"],
        **kwargs,
    )
    ConsoleEmailBackend(stream=stream).send_messages([message])
    return stream.getvalue()


def test_console_backend_prints_subjects_and_names_decoded():
    subject = "[Wspólnie] Potwierdź adres e-mail — " + "bardzo długi temat " * 5
    output = printed(subject=subject, body="Kliknij łącze: https://example.org/")

    head, _, body = output.partition("\n\n")
    assert f"Subject: {subject}\n" in head + "\n"
    assert "From: Wspólnie <no-reply@example.org>" in head
    assert "=?utf-8?" not in head
    assert "Kliknij łącze: https://example.org/" in body


def test_make_run_prints_e_mails_with_it_without_a_mail_server():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND)"
    )
    plain = _run(code, DJANGO_SETTINGS_MODULE="cms.settings.dev", EMAIL_HOST="")
    smtp = _run(code, DJANGO_SETTINGS_MODULE="cms.settings.dev", EMAIL_HOST="smtp.x")

    assert plain.stdout.strip() == "cms.mail.ConsoleEmailBackend", plain.stderr
    assert smtp.stdout.strip() == "django.core.mail.backends.smtp.EmailBackend"
