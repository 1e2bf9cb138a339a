from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from consultations.models import ConsultationPage, ConsultationStatus
from consultations.status import status_at, status_filter

from .factories import make_consultation

WARSAW = ZoneInfo("Europe/Warsaw")
OPENS = datetime(2027, 3, 1, 8, 0, tzinfo=WARSAW)
CLOSES = datetime(2027, 3, 22, 16, 0, tzinfo=WARSAW)
SECOND = timedelta(seconds=1)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (OPENS - SECOND, ConsultationStatus.PLANNED),
        (OPENS, ConsultationStatus.OPEN),
        (OPENS + SECOND, ConsultationStatus.OPEN),
        (CLOSES - SECOND, ConsultationStatus.OPEN),
        (CLOSES, ConsultationStatus.CLOSED),
        (CLOSES + timedelta(days=300), ConsultationStatus.CLOSED),
    ],
)
def test_status_changes_exactly_at_opening_and_closing(now, expected):
    status = status_at(
        opens_at=OPENS, closes_at=CLOSES, report_published_at=None, now=now
    )
    assert status == expected


def test_report_status_starts_when_report_is_published():
    report = CLOSES + timedelta(days=10)
    kwargs = {"opens_at": OPENS, "closes_at": CLOSES, "report_published_at": report}
    assert status_at(**kwargs, now=report - SECOND) == ConsultationStatus.CLOSED
    assert status_at(**kwargs, now=report) == ConsultationStatus.REPORT


@pytest.mark.django_db
@pytest.mark.parametrize("status", ConsultationStatus.values)
def test_database_filter_agrees_with_status_property(status):
    pages = {
        "planned": make_consultation(
            "Planowana", opens_in=timedelta(hours=2), closes_in=timedelta(days=3)
        ),
        "open": make_consultation("Otwarta"),
        "closed": make_consultation(
            "Zamknięta", opens_in=timedelta(days=-9), closes_in=timedelta(seconds=-1)
        ),
        "report": make_consultation(
            "Z raportem",
            opens_in=timedelta(days=-30),
            closes_in=timedelta(days=-20),
            report_published_at=datetime(2020, 1, 1, tzinfo=WARSAW),
        ),
    }
    from django.utils import timezone

    now = timezone.now()
    filtered = ConsultationPage.objects.filter(status_filter(status, now=now))
    assert list(filtered) == [pages[status]]
    assert pages[status].status_at(now) == status


@pytest.mark.django_db
def test_consultation_must_close_after_it_opens():
    page = make_consultation(act_text=None)
    page.closes_at = page.opens_at
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "closes_at" in error.value.message_dict
