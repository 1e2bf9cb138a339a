"""What a comment thread needs from the object it belongs to.

participation never imports the apps whose objects carry threads (consultations,
later policy proposals and events); they implement ``Commentable`` instead.
"""

from typing import Protocol, runtime_checkable

from django.contrib.contenttypes.models import ContentType

from cms.params import parse_id

# Methods every target must provide; checked before a request may name a target.
PROTOCOL_METHODS = (
    "visible_to",
    "comment_stream",
    "comment_denied_reason",
    "comment_anchor_choices",
    "comment_anchor_label",
    "official_may_answer",
    "get_url",
    "get_full_url",
)


@runtime_checkable
class Commentable(Protocol):
    pk: int
    title: str

    def visible_to(self, viewer) -> bool:
        """True if ``viewer`` (``cms.visibility.Viewer``) may see this target, and
        so its thread: the owning app's ``permissions.can_view``. Every comment
        endpoint, fragment, export and socket asks it."""

    def comment_stream(self) -> str:
        """Live stream name of this target's thread; its read check must answer
        as ``visible_to`` does."""

    def comment_denied_reason(self, user) -> str | None:
        """None if ``user`` (signed in, verified e-mail) may comment now, else why not.

        Called for every comment when a thread is rendered: it should not query the
        database for each call (cache on the instance if it must)."""

    def comment_anchor_choices(self) -> list[tuple[str, str]]:
        """[(anchor, label)] for the "which provision" select; "" = whole target."""

    def comment_anchor_label(self, anchor: str) -> str | None:
        """Label of ``anchor``; "" for the whole target; None if unknown."""

    def official_may_answer(self, user) -> bool:
        """True if ``user`` may publish official responses on this thread."""

    def get_url(self, request=None) -> str: ...

    def get_full_url(self, request=None) -> str: ...


def is_commentable(obj_or_model) -> bool:
    """True if the object (or model class) implements the Commentable methods."""
    return all(callable(getattr(obj_or_model, name, None)) for name in PROTOCOL_METHODS)


def _specific(obj):
    # Wagtail pages: the thread belongs to the specific page type, which is the one
    # implementing the protocol.
    specific = getattr(obj, "specific", None)
    return specific if specific is not None else obj


def target_content_type(target) -> ContentType:
    return ContentType.objects.get_for_model(target)


def target_key(target) -> str:
    """The "<content_type_id>:<object_id>" string forms use to name a target."""
    return f"{target_content_type(target).pk}:{target.pk}"


def _pk_lookup(model) -> str:
    """The lookup reaching the column that really holds ``model``'s primary key
    ("page_ptr__id" for a Wagtail page): filtering on the integer field itself
    lets Django answer "nothing" for a number out of the column's range, where a
    lookup through the parent link would make the database raise an error."""
    field = model._meta.pk
    path = [field.name]
    while field.is_relation:
        field = field.target_field
        path.append(field.name)
    return "__".join(path)


def target_from_key(key: str, *, viewer):
    """The Commentable object named by ``key``, or None if it is not one or
    ``viewer`` may not see it."""
    if not isinstance(key, str):
        return None
    ct_text, sep, obj_text = key.partition(":")
    ct_id, obj_id = parse_id(ct_text), parse_id(obj_text)
    if not sep or ct_id is None or obj_id is None:
        return None
    try:
        content_type = ContentType.objects.get_for_id(ct_id)
    except ContentType.DoesNotExist:
        return None
    model = content_type.model_class()
    if model is None or not is_commentable(model):
        return None
    obj = model._default_manager.filter(**{_pk_lookup(model): obj_id}).first()
    if obj is None:
        return None
    obj = _specific(obj)
    if not is_commentable(obj) or not obj.visible_to(viewer):
        return None
    return obj


def target_for(comment):
    """The specific object ``comment`` belongs to (None if it no longer exists).
    Who may see it is the caller's question: ``visible_target_for``."""
    target = comment.target
    return _specific(target) if target is not None else None


def visible_target_for(comment, viewer):
    """The object ``comment`` belongs to, if it is a Commentable ``viewer`` may
    see; else None (answer "not found": a private page's comments do not say
    that they exist)."""
    target = target_for(comment)
    if target is None or not is_commentable(target) or not target.visible_to(viewer):
        return None
    return target
