"""Erase the answers to events' registration questions (accessibility needs,
childcare, diet) once ``EVENT_ANSWERS_RETENTION_DAYS`` have passed since the
event. Who registered and who came stay, for the attendance figures. Run it
daily from cron; running it again erases nothing twice."""

from django.core.management.base import BaseCommand

from events.services import registration_answers_erase


class Command(BaseCommand):
    help = "Erase registration answers of events that ended long enough ago."

    def handle(self, *args, **options):
        erased = registration_answers_erase()
        self.stdout.write(f"Answers erased from {erased} registrations.")
