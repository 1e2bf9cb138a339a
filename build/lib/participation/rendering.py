"""What a thread's live events carry: the comment as every reader sees it,
rendered once per event and language, and the snapshot of support counts.

Open pages put the public HTML in place themselves and draw the reader's own
controls (reply, edit, delete, support, report) from what the page knows about
its reader (participation/thread.html's ``data-reader-*``); only readers who see
more than the public (moderators: hidden text and moderation buttons; officials:
the answer form) fetch the comment's fragment. So an event costs no HTTP request
per reader.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import ngettext

from cms.context_processors import content_language

from . import live_events
from .models import Comment, Decision, FlagCategory
from .selectors import comment_for_viewer, set_anchor_labels

# The snapshot event of support counts (registered in apps.py).
TALLIES_EVENT = live_events.COMMENT_TALLIES


def comment_public_html(*, comment: Comment, target) -> dict[str, str]:
    """``{language: <article> HTML}`` of ``comment`` as the public sees it,
    without its replies, with every reader-dependent control present but
    hidden (``data-control``), no CSRF token and no return address (the page
    fills them in)."""
    loaded = comment_for_viewer(
        pk=comment.pk, viewer=AnonymousUser(), with_replies=False
    )
    if loaded is None:
        return {}
    rendered = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            # As the thread labels it ("Whole draft" for "" on a consultation).
            set_anchor_labels(target, [loaded])
            rendered[code] = render_to_string(
                "participation/comment.html",
                {
                    # As the page marks it: Polish content under /en/.
                    "CONTENT_LANG": content_language(),
                    "comment": loaded,
                    "thread": {
                        "public": True,
                        "target": target,
                        "next": "",
                        "decisions": Decision.choices,
                        "flag_categories": FlagCategory.choices,
                    },
                },
            ).strip()
    return rendered


def support_label(count: int) -> dict[str, str]:
    """The count as the support button says it, in every language."""
    labels = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            labels[code] = ngettext(
                "%(counter)s support", "%(counter)s supports", count
            ) % {"counter": count}
    return labels


def supports_snapshot(stream: str, keys: set) -> dict:
    """The ``comment.tallies`` payload: current support counts of the comments
    in ``keys`` (ids), read now, after the writes it reports."""
    ids = sorted(int(key) for key in keys)
    counts = Comment.objects.filter(pk__in=ids).values_list("pk", "support_count")
    return {
        "supports": {
            str(pk): {"count": count, "label": support_label(count)}
            for pk, count in counts
        }
    }
