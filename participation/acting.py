"""The "act as" choice: myself, or one of the organisations I represent.

Every form where a person acts (a comment, an event registration, and next a
proposal or a co-signature) asks the same question the same way, with
:class:`ActAsField`::

    class CoSignForm(forms.Form):
        on_behalf_of = ActAsField(label=_("Sign as"))

        def __init__(self, *args, user, **kwargs):
            super().__init__(*args, **kwargs)
            act_as_setup(self, user=user)   # or organisations=[...] if known

    # view
    form = CoSignForm(request.POST or None, user=request.user)
    if form.is_valid():
        behalf = form.cleaned_data.get("on_behalf_of")  # Organisation or None
        services.proposal_cosign(..., on_behalf_of=behalf)

- The choices are built afresh for each form from
  ``participation.permissions.organisations_for(user)``: verified
  organisations the user is a verified representative of. A user who
  represents none never sees the field (``act_as_setup`` removes it), so
  ``cleaned_data.get("on_behalf_of")`` is None for them.
- "Myself (<name>)" is the first choice and the default each time: acting for
  an organisation is chosen, never remembered.
- The cleaned value is an ``Organisation`` or None. A tampered value (an
  organisation the user does not represent, or no longer does since the
  form was shown) is a field error in Polish, never silently "myself".
- The form only offers; the service decides: it must check again that
  ``on_behalf_of in organisations_for(user)`` (the membership may have ended
  between showing the form and posting it), as ``comment_create`` and
  ``registration_create`` do.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .permissions import organisations_for

ACT_AS_FIELD = "on_behalf_of"


class ActAsField(forms.ChoiceField):
    """A radio choice "myself / on behalf of <organisation>", cleaned to an
    Organisation or None. Set its organisations with ``set_organisations``
    (``act_as_setup`` does it for a form)."""

    widget = forms.RadioSelect

    def __init__(self, *, label=None, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(label=label or _("Act as"), **kwargs)
        self.error_messages["invalid_choice"] = _(
            "You cannot act on behalf of this organisation."
        )
        self.organisations: dict[str, object] = {}

    def set_organisations(self, organisations, *, user=None) -> None:
        self.organisations = {str(org.pk): org for org in organisations}
        myself = user.public_name if user is not None else _("myself")
        self.choices = [
            ("", _("Myself (%(name)s)") % {"name": myself}),
            *(
                (pk, _("On behalf of %(organisation)s") % {"organisation": org.name})
                for pk, org in self.organisations.items()
            ),
        ]
        self.initial = ""

    def clean(self, value):
        value = super().clean(value) or ""
        if value == "":
            return None
        return self.organisations[value]  # super().clean() checked it is a choice


def act_as_setup(
    form: forms.Form, *, user, organisations=None, field: str = ACT_AS_FIELD
) -> None:
    """Offers ``form``'s ActAsField the organisations ``user`` may act for
    (``organisations`` if the view has them already), or removes the field when
    there are none."""
    if organisations is None:
        organisations = organisations_for(user)
    organisations = list(organisations)
    if not organisations and not (form.is_bound and form.data.get(field)):
        form.fields.pop(field, None)
        return
    # Bound with an organisation the user no longer represents (the form was
    # shown before a removal): the field stays, so the post is refused with a
    # field error rather than published as the person's own.
    form.fields[field].set_organisations(organisations, user=user)
