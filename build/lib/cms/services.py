"""Writes of the site shell: the home page's "what's new" feed."""

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import pgettext_lazy

from cms.live.publisher import publish
from cms.live_events import WHATSNEW_ITEM as WHATSNEW_EVENT
from cms.live_events import WHATSNEW_STREAM

from .models import WhatsNewItem

# Labels the feed shows for each kind of item. Apps publish one of these kinds;
# an unknown kind still works and is shown as a generic "Update". The context
# keeps these nouns apart from the same English words used as verbs elsewhere.
WHATSNEW_KIND_LABELS = {
    "news": pgettext_lazy("what's new item kind", "News"),
    "consultation": pgettext_lazy("what's new item kind", "Consultation"),
    "event": pgettext_lazy("what's new item kind", "Event"),
    "result": pgettext_lazy("what's new item kind", "Result"),
    "document": pgettext_lazy("what's new item kind", "Document"),
    "organisation": pgettext_lazy("what's new item kind", "Organisation"),
    "proposal": pgettext_lazy("what's new item kind", "Proposal"),
}
WHATSNEW_DEFAULT_LABEL = pgettext_lazy("what's new item kind", "Update")


def whatsnew_kind_label(kind: str) -> str:
    return str(WHATSNEW_KIND_LABELS.get(kind, WHATSNEW_DEFAULT_LABEL))


def whatsnew_kind_labels() -> dict[str, str]:
    """Every label in the current language, for the page's script ("" = unknown)."""
    return {"": str(WHATSNEW_DEFAULT_LABEL)} | {
        kind: str(label) for kind, label in WHATSNEW_KIND_LABELS.items()
    }


@transaction.atomic
def whatsnew_publish(*, kind: str, title: str, url: str, page=None) -> WhatsNewItem:
    """Add an item to the home page's "what's new" feed and push it to open pages.

    Call it from the service that made the news (a consultation opened, a result
    published), inside its transaction: the item disappears with a rollback.
    ``page`` is the page the item announces: the feed stops listing the item
    when that page stops being public. The payload holds only public facts,
    since everyone may read the stream.
    """
    kind = kind.strip()
    title = " ".join(title.split())
    if not kind or not title:
        raise ValueError("A what's-new item needs a kind and a title.")
    # The URL ends up in an href on every home page: only site paths and web
    # addresses, never "javascript:" or protocol-relative tricks.
    if not (
        (url.startswith("/") and not url.startswith("//"))
        or url.startswith(("https://", "http://"))
    ):
        raise ValueError(
            f"Refusing a what's-new link that is not a web address: {url!r}"
        )
    item = WhatsNewItem.objects.create(
        kind=kind[:40], title=title[:200], url=url[:500], page=page
    )
    event = publish(
        WHATSNEW_STREAM,
        WHATSNEW_EVENT,
        {
            "id": item.pk,
            "kind": item.kind,
            "title": item.title,
            "url": item.url,
            "at": item.created_at.isoformat(),
        },
    )
    item.seq = event.seq
    item.save(update_fields=["seq"])
    return item


@transaction.atomic
def news_announce(*, news) -> WhatsNewItem | None:
    """Announce a news item in "what's new" the first time it goes live.

    Later re-publications (corrections) are not news again: Wagtail sets
    ``first_published_at`` and ``last_published_at`` to the same moment only on
    the first publication.
    """
    if not news.live or news.first_published_at is None:
        return None
    if news.first_published_at != news.last_published_at:
        return None
    # The feed is shared by every language: store the default language's URL
    # (whatever language the editor's admin runs in); pages translate it back.
    with translation.override(settings.LANGUAGE_CODE):
        url = news.get_url()
    if not url:
        return None
    return whatsnew_publish(kind="news", title=news.title, url=url, page=news)
