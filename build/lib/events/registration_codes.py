"""The registration code as people see it: grouped for reading out, and as a QR
code (segno, pure Python) on the confirmation e-mail and "Moje wydarzenia".

The QR code holds the address of the event's check-in form with the code filled
in: a facilitator scans it with a phone's camera and confirms. For anyone else
that address is a page they may not open, so the code gives nothing away.
"""

from __future__ import annotations

import io
from urllib.parse import urlencode

import segno
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cms.links import absolute_url

CODE_PARAM = "kod"


def code_display(code: str) -> str:
    """ "ABCD2345" as "ABCD-2345": two groups are easier to read out."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}" if len(code) >= 8 else code


def check_in_url(registration) -> str:
    """The absolute address a facilitator's phone opens from the QR code."""
    path = reverse("events:check_in", args=[registration.event_id])
    return absolute_url(f"{path}?{urlencode({CODE_PARAM: registration.code})}")


def _qr(registration):
    return segno.make(check_in_url(registration), error="m")


def qr_svg(registration) -> SafeString:
    """The QR code as inline SVG (no XML declaration), titled for screen
    readers, black on white so it scans in dark mode too."""
    buffer = io.BytesIO()
    _qr(registration).save(
        buffer,
        kind="svg",
        scale=4,
        border=2,
        xmldecl=False,
        omitsize=True,
        dark="#000",
        light="#fff",
        svgclass="registration-qr",
        title=_("QR code of registration %(code)s")
        % {"code": code_display(registration.code)},
    )
    # segno writes the SVG itself; the only text in it is our title, which
    # segno escapes.
    return mark_safe(buffer.getvalue().decode())  # noqa: S308


def qr_png(registration) -> bytes:
    """The QR code as PNG, attached to the e-mail for mail programs that show
    no SVG."""
    buffer = io.BytesIO()
    _qr(registration).save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()
