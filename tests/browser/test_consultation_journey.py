"""A consultation as people live it: a resident comments on § 2, another reader
sees it arrive live, the office answers, a moderator hides spam, and an editor
publishes a new version that open pages announce."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cms.accounts.models import Department
from cms.accounts.roles import EDITORS, MODERATORS, OFFICIALS
from consultations import services
from consultations.models import DraftActVersion
from participation.models import Comment
from tests.consultations.factories import make_consultation, provision

from .conftest import mail_body

PASSWORD = "wspolnie-demo"
ACT = """Projekt uchwały w sprawie zieleni

§ 1. Uchwała określa zasady utrzymania zieleni miejskiej.

§ 2. Drzewa przy ulicach podlewa się w okresie suszy co trzy dni.

§ 3. Wykonanie uchwały powierza się Wójtowi Gminy.
"""
PROPOSED = "Drzewa przy ulicach podlewa się w okresie suszy codziennie."
REASONING = "Uwzględniamy: w czasie suszy drzewa będą podlewane codziennie."
HIDE_REASON = "Reklama niezwiązana z konsultacjami"


def body(message) -> str:
    # mail_body() decodes 8bit bodies as if they were bytes; Django sends short
    # Polish e-mails as 8bit UTF-8 text, which the file already holds decoded.
    if message.get("Content-Transfer-Encoding", "").lower() in ("8bit", "7bit"):
        return message.get_payload()
    return mail_body(message)


def log_in(context, email: str, next_url: str):
    page = context.new_page()
    page.goto(f"/konto/login/?next={next_url}")
    page.locator('input[name="login"]').fill(email)
    password = page.locator('input[name="password"]')
    password.fill(PASSWORD)
    password.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(next_url) + "$"))
    return page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_consultation_journey(new_context, make_user, outbox):
    department = Department.objects.create(name="Wydział Ochrony Środowiska")
    make_user(
        "anna@example.org", display_name="Anna Mieszkanka", district="Osiedle Zielone"
    )
    make_user("czytelnik@example.org", display_name="Czytelnik")
    make_user(
        "urzednik@example.org",
        display_name="Jan Urzędnik",
        groups=[OFFICIALS],
        department=department,
    )
    make_user("moderator@example.org", display_name="Moderatorka", groups=[MODERATORS])
    spammer = make_user("spam@example.org", display_name="Tanie Kredyty")
    editor = make_user("redakcja@example.org", groups=[EDITORS], is_staff=True)
    consultation = make_consultation(
        "Projekt uchwały w sprawie zieleni",
        department=department,
        user=editor,
        publish=False,
        act_text=ACT,
    )
    # Published straight in the database: a live event sent from this process
    # could not reach the server's process anyway.
    DraftActVersion.objects.filter(act__consultation=consultation).update(
        published=True, published_at=timezone.now()
    )
    url = consultation.url
    drought = provision(consultation, "§ 2")

    # A reader has the page open before anything happens.
    reader = log_in(new_context(), "czytelnik@example.org", url)
    count = reader.locator(f'[data-anchor-count="{drought.key}"]')
    expect(count).to_have_text("0")

    # The resident comments on § 2 with a proposed wording.
    resident = log_in(new_context(), "anna@example.org", url)
    # Modules run after the page is shown: a click before then reloads the page.
    expect(resident.locator("article.consultation[data-beside-ready]")).to_be_attached()
    resident.locator(f"#provision-{drought.key}").get_by_role(
        "link", name=re.compile("Skomentuj ten przepis")
    ).click()
    # On this wide screen the form opens beside the text, § 2 chosen.
    expect(resident.locator("article.consultation")).to_have_class(
        re.compile("is-side-by-side")
    )
    form = resident.locator("#comment-form")
    expect(form.locator("#id_comment_anchor")).to_have_value(str(drought.key))
    form.locator("#id_comment_text").fill("Trzy dni to za rzadko w upały.")
    form.locator("#id_comment_proposed_wording").fill(PROPOSED)
    form.locator('button[type="submit"]').click()
    # Sent without a reload: wait for it to show before asking the database.
    expect(resident.locator("article.comment", has_text=PROPOSED)).to_be_focused()
    comment = Comment.objects.get(author__email="anna@example.org")
    assert comment.anchor == str(drought.key)
    expect(resident.locator(f"#comment-{comment.pk}")).to_contain_text(PROPOSED)

    # The reader sees it arrive without reloading, with the provision's count.
    arrived = reader.locator(f"#comment-{comment.pk}")
    expect(arrived).to_contain_text("Trzy dni to za rzadko w upały.")
    expect(arrived).to_contain_text("Anna Mieszkanka")
    expect(count).to_have_text("1")
    expect(reader.locator(".answered-progress [data-total-count]")).to_have_text("1")

    # The official of the consultation's department answers.
    official = log_in(new_context(), "urzednik@example.org", url)
    answer = official.locator(f"#comment-{comment.pk} .official-response-form")
    answer.locator("summary").click()
    answer.locator('input[name="decision"][value="accepted"]').check()
    answer.locator("textarea[name=reasoning]").fill(REASONING)
    answer.locator('button[type="submit"]').click()
    expect(
        official.locator(f"#comment-{comment.pk} .official-response")
    ).to_contain_text(REASONING)

    # The reader sees the answer and the progress move, still without reloading.
    expect(arrived.locator(".official-response")).to_contain_text(REASONING)
    expect(arrived.locator(".official-response")).to_contain_text(department.name)
    expect(reader.locator(".answered-progress [data-answered-count]")).to_have_text("1")

    # Spam, hidden by a moderator with a reason.
    spam_page = log_in(new_context(), "spam@example.org", url)
    spam_form = spam_page.locator("#comment-form")
    spam_form.locator("#id_comment_text").fill("Tanie kredyty bez BIK! Dzwoń teraz.")
    spam_form.locator('button[type="submit"]').click()
    sent = spam_page.locator("article.comment", has_text="Tanie kredyty")
    expect(sent).to_be_visible()
    spam = Comment.objects.get(author=spammer)
    expect(spam_page.locator(f"#comment-{spam.pk}")).to_contain_text("Tanie kredyty")

    moderator = log_in(new_context(), "moderator@example.org", url)
    hide = moderator.locator(f"#comment-{spam.pk} .moderation-action")
    hide.locator("summary").click()
    hide.locator("textarea[name=reason]").fill(HIDE_REASON)
    hide.locator('button[type="submit"]').click()

    hidden_text = f"Ukryty przez moderatora: {HIDE_REASON}"
    expect(spam_page.locator(f"#comment-{spam.pk}")).to_contain_text(hidden_text)
    expect(spam_page.locator(f"#comment-{spam.pk}")).not_to_contain_text("Dzwoń")
    expect(reader.locator(f"#comment-{spam.pk}")).to_contain_text(hidden_text)
    spam_page.reload()
    expect(spam_page.locator(f"#comment-{spam.pk}")).to_contain_text(hidden_text)

    to_spammer = [m for m in outbox() if "spam@example.org" in m["To"]]
    assert to_spammer, "the spammer got no e-mail"
    assert HIDE_REASON in body(to_spammer[-1])

    # An editor publishes version 2 in the admin; the open page says so.
    draft = services.draft_act_version_create_from_text(
        act=consultation.draft_act,
        text=ACT.replace("co trzy dni", "codziennie"),
        note="Po uwagach mieszkańców",
        user=editor,
    )
    notice = reader.locator("[data-version-notice]")
    expect(notice).to_be_hidden()
    admin = log_in(
        new_context(), "redakcja@example.org", f"/admin/draft-acts/versions/{draft.pk}/"
    )
    admin.locator('form[action$="/publish/"] button[type="submit"]').click()
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Opublikowano nową wersję projektu")
    assert DraftActVersion.objects.get(pk=draft.pk).published

    reader.reload()
    changes = reader.locator("#changes")
    expect(changes).to_contain_text("Zmiany względem wersji 1")
    expect(changes.locator("ins")).to_contain_text("codziennie")
    expect(changes.locator(f'[data-answers-comment="{comment.pk}"]')).to_be_visible()
