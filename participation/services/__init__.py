"""Writes to comment threads (and, as they land, to organisations, proposals and
groups), one module per domain noun. Each service checks permission, validates,
writes, records who did what, publishes the live event in the same transaction
and enqueues the e-mail task for after the commit. Invalid input raises
ValidationError (field errors keyed by form field name), forbidden actions
PermissionDenied; nothing is half-saved.

Callers import from here (``from participation import services``)."""

from cms.ratelimit import RATE_LIMITED as RATE_LIMITED  # callers test for it

from ._common import BEHALF_LABEL_MAX_LENGTH as BEHALF_LABEL_MAX_LENGTH
from .accounts import account_deleted as account_deleted
from .comments import comment_create as comment_create
from .comments import comment_delete as comment_delete
from .comments import comment_edit as comment_edit
from .comments import comment_flag as comment_flag
from .comments import comment_support as comment_support
from .moderation import comment_flags_dismiss as comment_flags_dismiss
from .moderation import comment_hide as comment_hide
from .moderation import comment_unhide as comment_unhide
from .organisations import organisation_create as organisation_create
from .organisations import organisation_register as organisation_register
from .organisations import organisation_unverify as organisation_unverify
from .organisations import organisation_update as organisation_update
from .organisations import organisation_verify as organisation_verify
from .organisations import organisations_import as organisations_import
from .proposals import STEP_SERVICES as PROPOSAL_STEP_SERVICES  # noqa: F401
from .proposals import proposal_accept as proposal_accept
from .proposals import proposal_create as proposal_create
from .proposals import proposal_follow as proposal_follow
from .proposals import proposal_implement as proposal_implement
from .proposals import proposal_opinion_publish as proposal_opinion_publish
from .proposals import proposal_reject as proposal_reject
from .proposals import proposal_sign as proposal_sign
from .proposals import proposal_submit as proposal_submit
from .proposals import proposal_take_up as proposal_take_up
from .proposals import proposal_unsign as proposal_unsign
from .proposals import proposal_update as proposal_update
from .proposals import proposal_withdraw as proposal_withdraw
from .representatives import representation_approve as representation_approve
from .representatives import representation_refuse as representation_refuse
from .representatives import representation_request as representation_request
from .representatives import (
    representation_request_withdraw as representation_request_withdraw,
)
from .representatives import representative_leave as representative_leave
from .representatives import representative_remove as representative_remove
from .representatives import representative_role_set as representative_role_set
from .responses import official_response_publish as official_response_publish
