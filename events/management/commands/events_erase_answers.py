"""Erase the answers to events' registration questions (accessibility needs,
childcare, diet) once ``EVENT_ANSWERS_RETENTION_DAYS`` have passed since the
event, and the personal data of citizen juries' applicants (names, contact
details, addresses, the address list and its letters) once
``JURY_DATA_RETENTION_DAYS`` have passed since the jury's event. Who
registered and who came stay, for the attendance figures; a jury keeps what
its published protocol needs (pool numbers, strata answers, seats). Run it
daily from cron; running it again erases nothing twice."""

from django.core.management.base import BaseCommand

from events.services import jury_personal_data_erase, registration_answers_erase


class Command(BaseCommand):
    help = (
        "Erase registration answers and jury applicants' personal data of "
        "events that ended long enough ago."
    )

    def handle(self, *args, **options):
        erased = registration_answers_erase()
        self.stdout.write(f"Answers erased from {erased} registrations.")
        juries = jury_personal_data_erase()
        self.stdout.write(f"Applicants' personal data erased from {juries} juries.")
