"""Keeping the index current. Receivers only schedule: after the write commits,
the object is indexed again, in a background task (``tasks.search_index``) or,
for indexers marked ``immediate`` (comments), right after the commit, so a
hidden comment leaves the results at once. Deleted pages take their entries
with them (``SearchEntry.page`` cascades); other deleted objects are removed
after the commit.

Connected by ``connect()`` from ``cms.apps``.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from cms.tasks import enqueue_on_commit

from . import registry
from .services import index_object_by_key, index_remove

logger = logging.getLogger(__name__)


def schedule(obj) -> None:
    """Index ``obj`` again once the current transaction commits."""
    obj = getattr(obj, "specific", obj)
    indexer = registry.indexer_for(type(obj))
    if indexer is None:
        return
    label, pk = obj._meta.label_lower, obj.pk
    if indexer.immediate:

        def index() -> None:
            index_object_by_key(model_label=label, pk=pk)

        # robust: the write has committed; an index failure is logged, and
        # ``search_reindex`` repairs it, but must not turn into an error page.
        transaction.on_commit(index, robust=True)
    else:
        from .tasks import search_index

        enqueue_on_commit(search_index, model_label=label, pk=pk)


def page_changed(sender, instance, **kwargs) -> None:
    """page_published and page_unpublished, for any page type."""
    if kwargs.get("alias"):
        return
    schedule(instance)


def _targets(resolve, instance) -> list:
    try:
        targets = resolve(instance)
    except Exception:  # noqa: BLE001 - what it points at may be gone with it
        logger.debug("No search target for %r", instance)
        return []
    if targets is None:
        return []
    return targets if isinstance(targets, list) else [targets]


def saved(sender, instance, **kwargs) -> None:
    """post_save of any model: an indexed object or one it depends on."""
    if kwargs.get("raw"):
        return
    indexer = registry.indexer_for(sender)
    if indexer is not None and not indexer.is_page:
        update_fields = kwargs.get("update_fields")
        # A support changes a comment's count, not its words.
        if update_fields is None or not set(update_fields) <= {"support_count"}:
            schedule(instance)
    for resolve in registry.dependents_of(sender):
        for target in _targets(resolve, instance):
            schedule(target)


def deleted(sender, instance, **kwargs) -> None:
    """post_delete of any model. Pages need nothing: their entries cascade."""
    indexer = registry.indexer_for(sender)
    if indexer is not None and not indexer.is_page:
        pk = instance.pk
        transaction.on_commit(lambda: index_remove(sender, pk), robust=True)
    for resolve in registry.dependents_of(sender):
        for target in _targets(resolve, instance):
            schedule(target)


def connect() -> None:
    """Receivers for every model (a dictionary look-up per save): apps may
    register indexers in any order, before or after cms."""
    from wagtail.signals import page_published, page_unpublished

    page_published.connect(page_changed, dispatch_uid="cms.search.published")
    page_unpublished.connect(page_changed, dispatch_uid="cms.search.unpublished")
    post_save.connect(saved, dispatch_uid="cms.search.saved")
    post_delete.connect(deleted, dispatch_uid="cms.search.deleted")
