"""The generic comment thread: comments on any Commentable target, replies one
level deep, supports, flags, moderation and the office's official responses; and
the organisations people comment on behalf of. One module per domain noun.

Writes go through participation.services; these models hold no business logic.
"""

from .comments import Comment, CommentQuerySet, CommentStatus, CommentSupport
from .moderation import CommentFlag, FlagCategory, ModerationAction, ModerationLogEntry
from .organisations import (
    LegalForm,
    Organisation,
    OrganisationAction,
    OrganisationLogEntry,
    OrganisationSphere,
    Register,
    Sphere,
)
from .proposals import (
    OpinionVerdict,
    Proposal,
    ProposalAttachment,
    ProposalConcerns,
    ProposalFollow,
    ProposalSettings,
    ProposalSignature,
    ProposalState,
    ProposalTransition,
)
from .representatives import (
    OrganisationMembership,
    RepresentationAction,
    RepresentationLogEntry,
    RepresentationRequest,
    RepresentativeRole,
    RequestStatus,
)
from .responses import (
    Decision,
    OfficialDecision,
    OfficialResponse,
    OfficialResponseRevision,
)

__all__ = [
    "Comment",
    "CommentFlag",
    "CommentQuerySet",
    "CommentStatus",
    "CommentSupport",
    "Decision",
    "FlagCategory",
    "ModerationAction",
    "ModerationLogEntry",
    "OfficialDecision",
    "OfficialResponse",
    "OfficialResponseRevision",
    "LegalForm",
    "Organisation",
    "OrganisationAction",
    "OrganisationLogEntry",
    "OrganisationSphere",
    "Register",
    "Sphere",
    "OrganisationMembership",
    "RepresentationAction",
    "RepresentationLogEntry",
    "RepresentationRequest",
    "RepresentativeRole",
    "RequestStatus",
    "OpinionVerdict",
    "Proposal",
    "ProposalAttachment",
    "ProposalConcerns",
    "ProposalFollow",
    "ProposalSettings",
    "ProposalSignature",
    "ProposalState",
    "ProposalTransition",
]
