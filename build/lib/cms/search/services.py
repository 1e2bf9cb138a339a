"""Writing the search index. Receivers and tasks call these; nothing else
writes ``SearchEntry`` or ``SearchToken``."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from . import registry
from .models import SearchEntry, SearchToken
from .text import text_keys

# Long texts (a 300-page PDF) are searched and shown up to here: enough for any
# act or comment, and it bounds the rows one document makes.
TEXT_MAX_LENGTH = 200_000
TITLE_WEIGHT = 5
# More occurrences rank higher, up to this many.
BODY_WEIGHT_MAX = 5


def _tokens(document: registry.IndexDocument, text: str) -> dict[str, tuple]:
    """{key: (weight, position)} of one entry."""
    found = {
        key: (min(count, BODY_WEIGHT_MAX), first)
        for key, (count, first) in text_keys(text).items()
    }
    if document.search_title:
        for key in text_keys(document.title):
            weight, position = found.get(key, (0, None))
            found[key] = (weight + TITLE_WEIGHT, position)
    return found


@transaction.atomic
def index_object(obj: models.Model) -> int:
    """Replaces the index entries of ``obj`` with those its indexer describes
    now; returns how many it has. An object of an unregistered model (a page
    type nobody indexes) gets none."""
    indexer = registry.indexer_for(type(obj))
    documents = indexer.documents(obj) if indexer is not None else []
    content_type = ContentType.objects.get_for_model(obj)
    SearchEntry.objects.filter(source_type=content_type, source_id=obj.pk).delete()
    now = timezone.now()
    tokens = []
    for document in documents:
        text = document.text[:TEXT_MAX_LENGTH]
        entry = SearchEntry.objects.create(
            kind=document.kind,
            source_type=content_type,
            source_id=obj.pk,
            part=document.part,
            page=document.page,
            title=document.title[:300],
            title_searched=document.search_title,
            link=document.link[:500],
            context=document.context[:300],
            text=text,
            date=document.date,
            indexed_at=now,
        )
        tokens.extend(
            SearchToken(entry=entry, token=key, weight=weight, position=position)
            for key, (weight, position) in _tokens(document, text).items()
        )
    SearchToken.objects.bulk_create(tokens, batch_size=1000)
    return len(documents)


def index_remove(model: type[models.Model], pk: int) -> None:
    """Drops the entries of a deleted object."""
    content_type = ContentType.objects.get_for_model(model)
    SearchEntry.objects.filter(source_type=content_type, source_id=pk).delete()


def index_object_by_key(*, model_label: str, pk: int) -> int:
    """``index_object`` for the object ``model_label`` ("cms.newspage") and
    ``pk`` name, or ``index_remove`` if it is gone (what a task is given)."""
    from django.apps import apps

    model = apps.get_model(model_label)
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        index_remove(model, pk)
        return 0
    specific = getattr(obj, "specific", obj)
    return index_object(specific)


def index_rebuild(*, stdout=None, only: set[str] | None = None) -> int:
    """Indexes every object of every indexer again (``search_reindex``); with
    ``only``, only those model names ({"consultationpage", "comment"}).
    Entries of objects an indexer no longer lists (removed while the receivers
    were off) are dropped. Returns the number of entries."""
    total = 0
    for indexer in registry.indexers():
        meta = indexer.model._meta
        if only and meta.model_name not in only:
            continue
        started = timezone.now()
        objects = entries = 0
        for obj in indexer.queryset():
            entries += index_object(obj)
            objects += 1
        # Everything indexed by this run is newer than its start.
        SearchEntry.objects.filter(
            source_type=ContentType.objects.get_for_model(indexer.model),
            indexed_at__lt=started,
        ).delete()
        total += entries
        if stdout is not None:
            stdout.write(f"{meta.label}: {objects} objects, {entries} entries")
    return total
