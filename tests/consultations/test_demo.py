import pytest
from django.contrib.auth.models import AnonymousUser

from cms import demo as cms_demo
from cms.models import StandardPage
from consultations import demo
from consultations.models import (
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationStatus,
)
from consultations.selectors import consultation_page_context
from participation.models import Comment, OfficialResponse


@pytest.mark.django_db
def test_demo_consultations(rf, client):
    cms_demo.seed()
    cms_demo.seed_users()
    assert StandardPage.objects.filter(slug="konsultacje").exists()
    demo.seed()

    assert not StandardPage.objects.filter(slug="konsultacje").exists()
    index = ConsultationIndexPage.objects.get(slug="konsultacje")
    assert index.get_parent().specific_class.__name__ == "HomePage"
    pages = {p.slug: p for p in ConsultationPage.objects.all()}
    assert len(pages) == 3

    programme = pages["program-wspolpracy-2027"]
    assert programme.status == ConsultationStatus.OPEN
    assert len(programme.current_provisions()) >= 12
    comments = Comment.objects.filter(target_id=programme.pk)
    assert comments.filter(parent=None).count() == 30
    assert comments.exclude(parent=None).exists()
    assert comments.filter(on_behalf_of__name="Fundacja Razem").exists()
    assert comments.filter(support_count__gt=0).exists()
    assert OfficialResponse.objects.filter(comment__target_id=programme.pk).exists()
    anchors = {c.anchor for c in comments}
    assert len(anchors) > 10
    labels = {str(p.key): p.label for p in programme.current_provisions()}
    assert anchors - {""} <= set(labels)
    assert "Załącznik § 7" in labels.values()

    assert pages["nazwa-skweru-im-ireny-sendlerowej"].status == ConsultationStatus.OPEN
    # Every demo comment was written on a version already out (the comparison of
    # versions lists the comments made since the previous version came out).
    for page in pages.values():
        first = page.draft_act.versions.get(number=1)
        earliest = Comment.objects.filter(target_id=page.pk).order_by("created_at")[0]
        assert first.published_at <= earliest.created_at, page.slug

    closed = pages["regulamin-placow-zabaw"]
    assert closed.status == ConsultationStatus.CLOSED
    assert closed.draft_act.versions.filter(published=True).count() == 2
    top_level = Comment.objects.filter(target_id=closed.pk, parent=None)
    assert (
        top_level.count()
        == OfficialResponse.objects.filter(comment__in=top_level).count()
    )
    # Version 2's changes answer comments written on version 1.
    request = rf.get(closed.url)
    request.user = AnonymousUser()
    context = consultation_page_context(request, closed)
    answered = [c for change in context["changes"] for c in change["comments"]]
    assert len(answered) >= 4
    assert client.get(closed.url).status_code == 200
    assert client.get(programme.url).status_code == 200

    # A second run keeps everything as it is.
    counts = (ConsultationPage.objects.count(), Comment.objects.count())
    demo.seed()
    assert (ConsultationPage.objects.count(), Comment.objects.count()) == counts
