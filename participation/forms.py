"""Forms of the comment thread. They check shape and length only; the services
decide what is allowed and raise errors these forms display."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cms.forms import ServiceErrorsMixin

from .acting import ActAsField, act_as_setup
from .models import Decision, FlagCategory
from .sanitize import (
    FLAG_REASON_MAX_LENGTH,
    FORMATTING_HELP,
    HIDE_REASON_MAX_LENGTH,
    JUSTIFICATION_MAX_LENGTH,
    PROPOSED_WORDING_MAX_LENGTH,
    REASONING_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TOO_LONG_MESSAGE,
)

# Proposed wording is legal text: no formatting, its numbering stays as typed.
PROPOSED_WORDING_PLAIN = _(
    "Plain text: numbering and line breaks stay exactly as you type them."
)
PROPOSED_WORDING_HELP = format_lazy(
    "{} {}", _("Optional: how the provision should read."), PROPOSED_WORDING_PLAIN
)


def _text_field(
    label,
    limit,
    *,
    required=True,
    rows=6,
    help_text="",
    required_msg="",
    markdown=False,
):
    """A textarea field; ``markdown``: the text takes the formatting subset
    (participation.sanitize), says so under the textarea and gets the editor's
    toolbar and preview (participation/editor.js looks for data-markdown)."""
    messages = {"max_length": TOO_LONG_MESSAGE}
    if required_msg:
        messages["required"] = required_msg
    attrs = {"rows": rows}
    if markdown:
        attrs["data-markdown"] = ""
        help_text = (
            format_lazy("{} {}", help_text, FORMATTING_HELP)
            if help_text
            else FORMATTING_HELP
        )
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required,
        strip=False,
        help_text=help_text,
        error_messages=messages,
        widget=forms.Textarea(attrs=attrs),
    )


class CommentForm(ServiceErrorsMixin, forms.Form):
    target = forms.CharField(widget=forms.HiddenInput)
    anchor = forms.ChoiceField(label=_("Provision"), required=False)
    text = _text_field(
        _("Your comment"),
        TEXT_MAX_LENGTH,
        rows=8,
        required_msg=_("Write your comment."),
        markdown=True,
    )
    proposed_wording = _text_field(
        _("Proposed wording"),
        PROPOSED_WORDING_MAX_LENGTH,
        required=False,
        rows=4,
        help_text=PROPOSED_WORDING_HELP,
    )
    justification = _text_field(
        _("Justification"),
        JUSTIFICATION_MAX_LENGTH,
        required=False,
        rows=4,
        help_text=_("Optional: why the change is needed."),
        markdown=True,
    )
    on_behalf_of = ActAsField(label=_("Write as"))

    def __init__(self, *args, anchor_choices=(), organisations=(), user=None, **kw):
        super().__init__(*args, **kw)
        self.fields["anchor"].choices = list(anchor_choices) or [
            ("", _("Whole document"))
        ]
        act_as_setup(self, user=user, organisations=organisations)


class ReplyForm(ServiceErrorsMixin, forms.Form):
    text = _text_field(
        _("Your reply"),
        TEXT_MAX_LENGTH,
        rows=4,
        required_msg=_("Write your reply."),
        markdown=True,
    )


class EditForm(ServiceErrorsMixin, forms.Form):
    text = _text_field(
        _("Your comment"),
        TEXT_MAX_LENGTH,
        rows=8,
        required_msg=_("Write your comment."),
        markdown=True,
    )
    proposed_wording = _text_field(
        _("Proposed wording"),
        PROPOSED_WORDING_MAX_LENGTH,
        required=False,
        rows=4,
        help_text=PROPOSED_WORDING_PLAIN,
    )
    justification = _text_field(
        _("Justification"),
        JUSTIFICATION_MAX_LENGTH,
        required=False,
        rows=4,
        markdown=True,
    )

    def __init__(self, *args, is_reply=False, **kwargs):
        super().__init__(*args, **kwargs)
        if is_reply:
            del self.fields["proposed_wording"]
            del self.fields["justification"]


class FlagForm(ServiceErrorsMixin, forms.Form):
    category = forms.ChoiceField(
        label=_("What is wrong with this comment?"),
        choices=FlagCategory.choices,
        initial=FlagCategory.OTHER,
        # A form sending only words (older pages) reports "something else".
        required=False,
        widget=forms.RadioSelect,
    )
    # Required for "something else" only: the service decides.
    reason = _text_field(
        _("In your own words"),
        FLAG_REASON_MAX_LENGTH,
        required=False,
        rows=3,
        help_text=_("Required when you choose “something else”."),
    )

    def clean_category(self):
        return self.cleaned_data.get("category") or FlagCategory.OTHER


class HideForm(ServiceErrorsMixin, forms.Form):
    reason = _text_field(
        _("Reason for hiding (shown publicly and e-mailed to the author)"),
        HIDE_REASON_MAX_LENGTH,
        rows=3,
        required_msg=_("Give the reason for hiding; the author and readers see it."),
    )


class ReasonForm(ServiceErrorsMixin, forms.Form):
    """Optional note for restoring a comment or dismissing its reports."""

    reason = _text_field(
        _("Note (optional)"), HIDE_REASON_MAX_LENGTH, required=False, rows=2
    )


class SupportForm(ServiceErrorsMixin, forms.Form):
    support = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")],
        coerce=lambda value: value == "1",
        empty_value=True,
        required=False,
    )


class ResponseForm(ServiceErrorsMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision.")},
    )
    reasoning = _text_field(
        _("Reasoning"),
        REASONING_MAX_LENGTH,
        rows=6,
        required_msg=_("Explain the decision."),
        markdown=True,
    )
