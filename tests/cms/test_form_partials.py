"""The shared form partials (templates/includes/field.html, form_errors.html):
one id scheme, Django's own, so every aria-describedby points at something."""

import pytest
from django import forms
from django.template.loader import render_to_string
from django.utils import translation

from .html import parse


class SampleForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    name = forms.CharField(label="Name", help_text="As on the letter.")
    note = forms.CharField(label="Note", required=False)
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        help_text="Pick one.",
    )
    agree = forms.BooleanField(label="I agree")

    def clean(self):
        raise forms.ValidationError("Too many attempts.")


def render(form) -> str:
    with translation.override("en"):
        return render_to_string("includes/form_errors.html", {"form": form}) + "".join(
            render_to_string("includes/field.html", {"field": field}) for field in form
        )


def ids_of(doc) -> set[str]:
    return {element.attrs["id"] for element in doc.iter() if "id" in element.attrs}


@pytest.fixture
def invalid():
    form = SampleForm(data={"name": "", "decision": "maybe"})
    assert not form.is_valid()
    return parse(render(form))


def test_every_described_by_points_at_an_element_once(invalid):
    ids = ids_of(invalid)
    for element in invalid.iter():
        described = element.attrs.get("aria-describedby", "").split()
        assert len(described) == len(set(described))
        assert set(described) <= ids, element.tag


def test_input_is_linked_to_its_hint_and_errors_and_marked_invalid(invalid):
    name = invalid.find("input", name="name")
    assert name.attrs["aria-describedby"].split() == [
        "id_name_helptext",
        "id_name_error",
    ]
    assert name.attrs["aria-invalid"] == "true"
    label = invalid.find("label", **{"for": "id_name"})
    assert label.text == "Name (required)"
    assert invalid.find("label", **{"for": "id_note"}).text == "Note"


def test_radios_are_a_fieldset_described_by_hint_and_errors(invalid):
    fieldset = invalid.find("fieldset")
    assert fieldset.find("legend").text == "Decision (required)"
    assert fieldset.attrs["aria-describedby"].split() == [
        "id_decision_helptext",
        "id_decision_error",
    ]
    # Django leaves aria-describedby off inputs drawn in a fieldset.
    assert all(
        "aria-describedby" not in radio.attrs
        for radio in fieldset.find_all("input", type="radio")
    )


def test_summary_is_an_alert_with_form_errors_and_links_to_fields(invalid):
    summary = invalid.find("div", class_="error-summary")
    assert summary.attrs["role"] == "alert"
    assert "Too many attempts." in summary.text
    links = [a.attrs["href"] for a in summary.find_all("a")]
    assert links == ["#id_name", "#id_decision_0", "#id_agree"]
    assert "#id_token" not in links  # a hidden field has no place to go to


def test_valid_form_has_no_summary_and_hidden_fields_draw_only_the_input():
    form = SampleForm()
    doc = parse(render(form))
    assert not doc.find_all("div", class_="error-summary")
    token = doc.find("input", name="token")
    assert token.attrs["type"] == "hidden" and token.parent.tag != "div"
