"""Invitation letters of a citizen jury as one PDF (``cms.pdf``), a page per
letter: the address, the question put to the jury, how to apply, the
personal code and a QR code of the application form with the code filled in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cms.links import absolute_url
from cms.pdf import PdfDocument

from .models import JuryInvitation, JuryPanel
from .registration_codes import CODE_PARAM


def code_display(code: str) -> str:
    """ "ABCDE23456" as "ABCDE-23456"."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def apply_url(jury: JuryPanel, code: str = "") -> str:
    path = reverse("events:jury_apply", args=[jury.event_id])
    return absolute_url(f"{path}?{urlencode({CODE_PARAM: code})}" if code else path)


# How often ``letters_pdf`` reports: often enough for a moving progress bar,
# seldom enough that the writes cost nothing beside the letters.
PROGRESS_EVERY = 25


def letters_pdf(
    jury: JuryPanel,
    invitations: Iterable[JuryInvitation],
    *,
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """The letters of ``invitations`` (with their addresses), in their order.
    ``progress(n)`` hears every ``PROGRESS_EVERY`` letters how many are laid
    out so far."""
    event = jury.event
    site = getattr(settings, "WAGTAIL_SITE_NAME", "")
    pdf = PdfDocument(
        title=_("Invitations: %(title)s") % {"title": event.title}, footer=site
    )
    closes = (
        formats.date_format(timezone.localtime(jury.applications_close_at), "j E Y")
        if jury.applications_close_at
        else ""
    )
    plain_url = apply_url(jury)
    # One address for all, the code appended: building it anew per letter
    # asks the site's settings every time.
    code_url = f"{plain_url}?{CODE_PARAM}="
    for count, invitation in enumerate(invitations, start=1):
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)
        pdf.new_page()
        address = invitation.address
        pdf.paragraph(
            "\n".join(
                line
                for line in (
                    _("Residents"),
                    address.street,
                    " ".join(p for p in (address.postal_code, address.town) if p),
                )
                if line
            )
        )
        pdf.spacer(6)
        pdf.heading(event.title)
        pdf.paragraph(
            _(
                "Your address was drawn at random from all the addresses of the "
                "gmina. We invite one adult who lives here to apply to the citizen "
                "jury: a group of residents, drawn to mirror the whole community, "
                "who hear experts, deliberate and make recommendations."
            )
        )
        if jury.question:
            pdf.paragraph(_("The question put to the jury:"), bold=True)
            pdf.paragraph(jury.question)
        pdf.paragraph(_("How to apply"), bold=True)
        steps = _(
            "Open %(url)s (or scan the QR code), sign in or create an account, "
            "and enter your personal code. Among everyone who applies, the jury "
            "is drawn in public so that it matches the population by the "
            "features listed on the form."
        ) % {"url": plain_url}
        if closes:
            steps += " " + _("Applications close on %(date)s.") % {"date": closes}
        pdf.paragraph(steps)
        pdf.qr_code(
            code_url + invitation.code,
            size_mm=38,
            caption=_("Your personal code:") + "\n" + code_display(invitation.code),
        )
        pdf.paragraph(
            _("Letter no. %(number)d. The code can be used by one person only.")
            % {"number": invitation.number},
            size=8,
        )
    return pdf.output()
