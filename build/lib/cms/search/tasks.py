"""Background indexing: a page or document is indexed again by the worker after
the write that changed it commits (reading a PDF takes seconds)."""

from django_tasks import task

from .services import index_object_by_key


@task()
def search_index(*, model_label: str, pk: int) -> int:
    """Index object ``pk`` of ``model_label`` as it is now (or drop its entries
    if it is gone); returns its number of entries. Idempotent."""
    return index_object_by_key(model_label=model_label, pk=pk)
