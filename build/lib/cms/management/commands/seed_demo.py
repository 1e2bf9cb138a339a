"""``manage.py seed_demo``: the demo municipality "Gmina Przykładowo".

Seeders run in order: the site shell (cms.demo), the demo users, then each app's
``<app>.demo.seed(stdout)`` if the app has one. Every seeder is idempotent.
"""

import importlib

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cms import demo

APP_SEEDERS = ["consultations.demo", "events.demo", "participation.demo"]


def load_seeder(module_name: str):
    """The app's ``seed`` function, or None if the app has no demo module yet."""
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        # Only the demo module (or its app) may be missing; a broken import inside
        # it is a bug to report, not a reason to skip silently.
        missing = error.name or ""
        if not (module_name == missing or module_name.startswith(missing + ".")):
            raise
        return None
    return getattr(module, "seed", None)


class Command(BaseCommand):
    help = (
        "Builds the demo municipality 'Gmina Przykładowo': pages, news, documents, "
        "departments, demo users (only with DEBUG on) and each app's demo content. "
        "Safe to run again: what exists is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-users",
            action="store_true",
            help="Seed content only, without the demo users (allowed without DEBUG).",
        )

    def handle(self, *args, no_users: bool = False, **options):
        if not no_users and not settings.DEBUG:
            raise CommandError(
                "Refusing to create demo users with the public password "
                f"'{demo.DEMO_PASSWORD}' because DEBUG is off (this looks like a "
                "production site). Run with DJANGO_DEBUG=1 in development, or pass "
                "--no-users to seed the demo content only."
            )
        with transaction.atomic():
            demo.seed(self.stdout)
            if no_users:
                self.stdout.write("Demo users: skipped (--no-users).")
            else:
                demo.seed_users(self.stdout)
            for module_name in APP_SEEDERS:
                seed = load_seeder(module_name)
                if seed is None:
                    self.stdout.write(f"{module_name}: no demo content yet, skipped.")
                    continue
                self.stdout.write(f"{module_name}:")
                seed(self.stdout)
            # The demo is searchable at once, without waiting for the worker.
            call_command("search_reindex", stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
