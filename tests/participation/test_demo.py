import pytest

from participation import demo, services
from participation.models import CommentFlag, Organisation, OrganisationMembership
from participation.permissions import acts_for_organisation

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_gives_moderators_a_report(
    target, make_user, resident, neighbour
):
    ngo = make_user("ngo@example.org")
    top = services.comment_create(author=resident, target=target, text="Uwaga")
    services.comment_create(
        author=neighbour, target=target, text="Nie na temat", parent=top
    )

    demo.seed()
    demo.seed()

    organisation = Organisation.objects.get(slug="fundacja-razem")
    assert organisation.verified
    # The registry's demo organisations, once however many seeds.
    from participation.demo_organisations import ORGANISATIONS

    assert Organisation.objects.count() == len(ORGANISATIONS)
    assert OrganisationMembership.objects.get().user == ngo
    assert acts_for_organisation(ngo)
    flag = CommentFlag.objects.get()
    assert flag.user == resident and flag.comment.author == neighbour
