"""Forms of the draft act editor (Wagtail admin)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.forms import ServiceErrorsMixin

from . import act_import

LEVEL_CHOICES = [
    (0, _("§ (paragraph) or preamble")),
    (1, _("ust. (section)")),
    (2, _("pkt (point)")),
    (3, _("lit. (letter)")),
]


class DraftActForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the draft act"),
        max_length=300,
        help_text=_("E.g. “Projekt uchwały w sprawie …”."),
    )


class PasteForm(forms.Form):
    """The text of a new version: pasted, or read from a DOCX/ODT file (the
    file wins). After a file is read its text fills ``text``, so the preview's
    "Save" sends the text the editor saw."""

    MAX_FILE_SIZE = 5 * 1024 * 1024

    text = forms.CharField(
        label=_("Text of the draft act"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false"}),
        help_text=_(
            "Paste the whole act as plain text: title, legal basis, then § 1., "
            "§ 2. … with sections (1.), points (1)) and letters (a))."
        ),
    )
    document = forms.FileField(
        label=_("Or import a DOCX or ODT file"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".docx,.odt,application/vnd.openxmlformats-officedocument"
                ".wordprocessingml.document,application/vnd.oasis.opendocument.text"
            }
        ),
        help_text=_(
            "Up to 5 MB. Its text replaces the text above and is shown in the preview."
        ),
    )
    note = forms.CharField(
        label=_("What changed in this version"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if not document:
            return None
        if not document.name.lower().endswith(act_import.ACCEPTED_SUFFIXES):
            raise forms.ValidationError(_("Choose a DOCX or ODT file."))
        if document.size > self.MAX_FILE_SIZE:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        try:
            self.imported_text = act_import.act_text(document, document.name)
        except act_import.ActImportError as error:
            raise forms.ValidationError(str(error)) from error
        return document

    def clean(self):
        cleaned = super().clean()
        imported = getattr(self, "imported_text", None)
        if imported is not None:
            cleaned["text"] = imported
            # Shown in the textarea, and sent again by the preview's "Save".
            self.data = self.data.copy()
            self.data[self.add_prefix("text")] = imported
        elif not cleaned.get("text", "").strip() and "document" not in self.errors:
            self.add_error("text", _("Paste the text of the act or choose a file."))
        return cleaned


class VersionForm(forms.Form):
    note = forms.CharField(
        label=_("What changed in this version"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProvisionForm(ServiceErrorsMixin, forms.Form):
    label = forms.CharField(
        label=_("Label"), max_length=120, help_text=_("E.g. § 3 ust. 2")
    )
    heading = forms.CharField(
        label=_("Heading"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: chapter or paragraph title."),
    )
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    level = forms.TypedChoiceField(
        label=_("Level"), choices=LEVEL_CHOICES, coerce=int, initial=0
    )
