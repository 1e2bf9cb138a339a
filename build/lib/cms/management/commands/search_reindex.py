"""``manage.py search_reindex``: build the search index again from scratch.

Run it after a deployment that changes what is indexed, after restoring a
database, or if the receivers were off (a bulk import with signals disabled).
The site stays searchable meanwhile: each object's entries are replaced in
their own transaction.
"""

from django.core.management.base import BaseCommand

from cms.search import registry
from cms.search.services import index_rebuild


class Command(BaseCommand):
    help = (
        "Rebuilds the site search index (consultations, provisions, comments, "
        "documents, news and pages)."
    )

    def add_arguments(self, parser):
        names = sorted(i.model._meta.model_name for i in registry.indexers())
        parser.add_argument(
            "--only",
            action="append",
            choices=names,
            help="Rebuild only the entries of this model (repeatable).",
        )

    def handle(self, *args, only=None, **options):
        total = index_rebuild(stdout=self.stdout, only=set(only or []))
        self.stdout.write(self.style.SUCCESS(f"Search index: {total} entries."))
