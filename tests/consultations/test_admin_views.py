import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from consultations import services
from consultations.models import DraftAct, DraftActVersion, Provision

from .factories import ACT_TEXT, make_consultation

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"consultations_admin:{name}", args=args)


@pytest.fixture
def admin_user_not_editor(make_user):
    """Someone with access to the Wagtail admin who is not an Editor."""
    user = make_user("inny@example.org")
    user.user_permissions.add(
        Permission.objects.get(
            codename="access_admin", content_type__app_label="wagtailadmin"
        )
    )
    return user


def test_editor_pastes_text_previews_and_saves_a_version(client, editor):
    page = make_consultation(act_text=None)
    client.force_login(editor)
    response = client.post(
        url("act", page.pk), {"title": "Projekt uchwały w sprawie zieleni"}
    )
    assert response.status_code == 302
    act = DraftAct.objects.get(consultation=page)

    response = client.post(
        url("paste", page.pk), {"text": ACT_TEXT, "note": "", "action": "preview"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-preview-label="§ 2 ust. 2"' in content
    assert "W okresie suszy podlewa się je co trzy dni." in content
    assert not DraftActVersion.objects.exists()  # a preview saves nothing

    response = client.post(
        url("paste", page.pk),
        {"text": ACT_TEXT, "note": "Pierwsza wersja", "action": "save"},
    )
    version = DraftActVersion.objects.get(act=act)
    assert response.status_code == 302
    assert response["Location"] == url("version", version.pk)
    assert version.number == 1 and not version.published
    assert version.note == "Pierwsza wersja"
    assert version.provisions.count() == 6


def test_parse_errors_are_shown_in_polish_with_the_line_and_nothing_is_saved(
    client, editor
):
    page = make_consultation(act_text=None)
    DraftAct.objects.create(consultation=page, title="Projekt")
    client.force_login(editor)
    text = "§ 1. Pierwszy.\n\n§ 2. Drugi.\n\n§ 2. Znowu drugi."
    for action in ("preview", "save"):
        response = client.post(
            url("paste", page.pk), {"text": text, "note": "", "action": action}
        )
        content = response.content.decode()
        assert response.status_code == 200
        assert "Powtórzony numer § 2 w wierszu 5." in content
        assert "<strong>5: § 2. Znowu drugi.</strong>" in content
        assert "data-preview" not in content
    assert not DraftActVersion.objects.exists()

    response = client.post(
        url("paste", page.pk), {"text": "Brak paragrafów", "action": "preview"}
    )
    assert "Nie znaleziono żadnego paragrafu (§)" in response.content.decode()


def test_preview_shows_which_provisions_keep_their_comments(client, editor):
    page = make_consultation(user=editor)
    client.force_login(editor)
    text = ACT_TEXT.replace("§ 3. Wykonanie", "§ 3. Rejestr drzew.\n\n§ 4. Wykonanie")
    response = client.post(url("paste", page.pk), {"text": text, "action": "preview"})
    content = response.content.decode()
    row = content.split('data-preview-label="§ 4"')[1].split("</tr>")[0]
    assert "<td>§ 3</td>" in row  # the new § 4 continues the old § 3


def test_non_editors_cannot_use_the_editor(
    client, resident, official, moderator, admin_user_not_editor
):
    page = make_consultation(user=None)
    version = page.draft_act.versions.get()
    item = version.provisions.first()
    posts = [
        (url("act", page.pk), {"title": "Zmieniony"}),
        (url("paste", page.pk), {"text": ACT_TEXT, "action": "save"}),
        (url("version_create", page.pk), {}),
        (url("version_publish", version.pk), {}),
        (url("provision_add", version.pk), {"label": "§ 9", "level": 0}),
        (url("provision_edit", item.pk), {"label": "§ 9", "level": 0}),
        (url("provision_delete", item.pk), {}),
        (url("provision_move", item.pk), {"direction": "down"}),
    ]
    gets = [
        url("index"),
        url("act", page.pk),
        url("paste", page.pk),
        url("version", version.pk),
    ]
    # Without access to the admin, Wagtail sends people to its login page.
    for user in (resident, official, moderator):
        client.force_login(user)
        for target in gets:
            response = client.get(target)
            assert response.status_code == 302
            assert response["Location"].startswith("/admin/login/")
    # With admin access but not an Editor: 403 from our permission check.
    client.force_login(admin_user_not_editor)
    for target in gets:
        assert client.get(target).status_code == 403
    for target, data in posts:
        assert client.post(target, data).status_code == 403
    assert DraftActVersion.objects.count() == 1
    assert DraftAct.objects.get().title == page.draft_act.title
    assert Provision.objects.filter(version=version).count() == 6


def test_editor_enters_provisions_one_by_one_and_publishes(client, editor):
    page = make_consultation(user=editor)
    client.force_login(editor)
    response = client.post(url("version_create", page.pk), {"note": "Poprawki"})
    draft = DraftActVersion.objects.get(number=2)
    assert response["Location"] == url("version", draft.pk)
    assert "Dodaj przepis" in client.get(url("version", draft.pk)).content.decode()

    last = draft.provisions.get(label="§ 3")
    response = client.post(
        url("provision_add", draft.pk),
        {"label": "§ 4", "heading": "", "text": "Uchwała wchodzi w życie.", "level": 0},
    )
    assert response.status_code == 302
    response = client.post(
        url("provision_add", draft.pk),
        {"label": "§ 2a", "text": "Nowy.", "level": 0, "after": last.pk},
    )
    labels = list(draft.provisions.order_by("position").values_list("label", flat=True))
    assert labels[-3:] == ["§ 3", "§ 2a", "§ 4"]

    # Errors come back on the form, nothing saved.
    response = client.post(url("provision_add", draft.pk), {"label": "§ 4", "level": 0})
    assert response.status_code == 400
    assert "Ta wersja ma już przepis § 4." in response.content.decode()

    new = draft.provisions.get(label="§ 2a")
    client.post(url("provision_move", new.pk), {"direction": "up"})
    labels = list(draft.provisions.order_by("position").values_list("label", flat=True))
    assert labels[-3:] == ["§ 2a", "§ 3", "§ 4"]

    response = client.get(url("provision_edit", new.pk))
    assert 'value="§ 2a"' in response.content.decode()
    response = client.post(
        url("provision_edit", new.pk),
        {"label": "§ 2a", "heading": "", "text": "Zmieniony.", "level": 0},
    )
    new.refresh_from_db()
    assert new.text == "Zmieniony."

    client.post(url("provision_delete", new.pk))
    assert not draft.provisions.filter(label="§ 2a").exists()

    response = client.post(url("version_publish", draft.pk))
    draft.refresh_from_db()
    assert draft.published
    content = client.get(url("version", draft.pk)).content.decode()
    assert "opublikowanej wersji nie można zmienić" in content
    assert "Dodaj przepis" not in content
    # The public page now shows version 2 and its changes.
    public = client.get(page.url).content.decode()
    assert "Uchwała wchodzi w życie." in public
    assert 'id="changes"' in public


def test_editor_screens_render(client, editor):
    page = make_consultation(user=editor)
    services.draft_act_version_create(act=page.draft_act, note="", user=editor)
    client.force_login(editor)
    index = client.get(url("index")).content.decode()
    assert page.title in index and url("act", page.pk) in index
    act = client.get(url("act", page.pk)).content.decode()
    assert "Wersja 2" in act and url("paste", page.pk) in act
    assert client.get(url("paste", page.pk)).status_code == 200


def test_editor_screens_of_a_missing_consultation_are_404(client, editor):
    make_consultation(user=editor)
    client.force_login(editor)
    # Bigger than the page id column: 404, not a database error.
    huge = 10**25
    assert client.get(url("act", huge)).status_code == 404
    assert client.get(url("paste", huge)).status_code == 404
    assert client.post(url("version_create", huge)).status_code == 404


def test_page_editor_has_a_draft_act_button(client, editor):
    page = make_consultation(user=editor)
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    assert url("act", page.pk) in response.content.decode()
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert url("index") in menu


# -- importing DOCX and ODT files ------------------------------------------------

IMPORTED_ACT = [
    "UCHWAŁA NR XII/123/2026",
    "RADY GMINY PRZYKŁADOWO",
    "w sprawie zasad utrzymania zieleni",
    "§ 1. Uchwała określa zasady utrzymania zieleni miejskiej.",
    "§ 2. 1. Drzewa przy ulicach podlewa się co najmniej raz w tygodniu.",
    "2. W okresie suszy podlewa się je co trzy dni.",
    "§ 3. Wykonanie uchwały powierza się Wójtowi Gminy.",
]


def docx_file(paragraphs, name="projekt.docx"):
    import io

    import docx
    from django.core.files.uploadedfile import SimpleUploadedFile

    document = docx.Document()
    document.add_heading(paragraphs[0], level=1)
    for paragraph in paragraphs[1:]:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def odt_file(paragraphs, name="projekt.odt"):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from odf.opendocument import OpenDocumentText
    from odf.text import H, List, ListItem, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text=paragraphs[0]))
    # The points as an ODT list: its paragraphs are read in order too.
    items = List()
    for paragraph in paragraphs[1:]:
        item = ListItem()
        item.addElement(P(text=paragraph))
        items.addElement(item)
    document.text.addElement(items)
    buffer = io.BytesIO()
    document.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def act_page(editor):
    page = make_consultation(act_text=None)
    DraftAct.objects.create(consultation=page, title="Projekt")
    return page


@pytest.mark.parametrize("make_file", [docx_file, odt_file])
def test_editor_imports_docx_and_odt_into_the_preview_and_saves(
    client, editor, act_page, make_file
):
    client.force_login(editor)
    response = client.post(
        url("paste", act_page.pk),
        {"text": "", "document": make_file(IMPORTED_ACT), "action": "preview"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in content
    for label in ("Preambuła", "§ 1", "§ 2 ust. 1", "§ 2 ust. 2", "§ 3"):
        assert f'data-preview-label="{label}"' in content
    # The file's text is now in the textarea: "Save" sends what was previewed.
    form = response.context["form"]
    assert form["text"].value().splitlines() == IMPORTED_ACT
    assert "powierza się Wójtowi Gminy.</textarea>" in content

    response = client.post(
        url("paste", act_page.pk),
        {"text": form["text"].value(), "note": "Z pliku", "action": "save"},
    )
    assert response.status_code == 302
    version = DraftActVersion.objects.get(act__consultation=act_page)
    assert version.note == "Z pliku"
    assert list(version.provisions.values_list("label", flat=True)) == [
        "Preambuła",
        "§ 1",
        "§ 2",
        "§ 2 ust. 1",
        "§ 2 ust. 2",
        "§ 3",
    ]


def test_imported_file_replaces_pasted_text_and_its_parse_errors_show_lines(
    client, editor, act_page
):
    client.force_login(editor)
    response = client.post(
        url("paste", act_page.pk),
        {
            "text": "§ 1. Stary tekst.",
            "document": docx_file(["Projekt", "§ 1. Pierwszy.", "§ 1. Znowu."]),
            "action": "preview",
        },
    )
    content = response.content.decode()
    assert "Powtórzony numer § 1 w wierszu 3." in content
    assert "<strong>3: § 1. Znowu.</strong>" in content
    assert "Stary tekst" not in content


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (("projekt.pdf", b"%PDF-1.4 ..."), "Wybierz plik DOCX lub ODT."),
        (("projekt.docx", b"to nie jest plik Worda"), "Nie udało się odczytać"),
        (("projekt.odt", None), "Nie udało się odczytać"),  # a DOCX named .odt
        (("pusty.docx", []), "Dokument nie zawiera tekstu."),
    ],
)
def test_wrong_or_broken_files_get_polish_errors(
    client, editor, act_page, upload, message
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    name, content = upload
    if content is None:
        document = docx_file(IMPORTED_ACT, name=name)
    elif isinstance(content, list):
        document = docx_file([""], name=name)
    else:
        document = SimpleUploadedFile(name, content)
    client.force_login(editor)
    response = client.post(
        url("paste", act_page.pk),
        {"text": "", "document": document, "action": "save"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "data-preview" not in response.content.decode()
    assert not DraftActVersion.objects.exists()


def test_file_over_the_size_limit_is_refused(client, editor, act_page):
    from consultations.forms import PasteForm

    client.force_login(editor)
    document = docx_file(IMPORTED_ACT)
    limit = PasteForm.MAX_FILE_SIZE
    PasteForm.MAX_FILE_SIZE = document.size - 1
    try:
        response = client.post(
            url("paste", act_page.pk), {"document": document, "action": "preview"}
        )
    finally:
        PasteForm.MAX_FILE_SIZE = limit
    assert "Plik jest większy niż 5 MB." in response.content.decode()


def test_neither_text_nor_file_asks_for_one(client, editor, act_page):
    client.force_login(editor)
    response = client.post(
        url("paste", act_page.pk), {"text": "  ", "action": "preview"}
    )
    assert "Wklej tekst aktu albo wybierz plik." in response.content.decode()


def test_zip_that_unpacks_too_large_is_refused(monkeypatch):
    from consultations import act_import

    monkeypatch.setattr(act_import, "MAX_UNPACKED_SIZE", 100)
    with pytest.raises(act_import.ActImportError):
        act_import.act_text(docx_file(IMPORTED_ACT), "projekt.docx")
