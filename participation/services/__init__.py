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
from .responses import official_response_publish as official_response_publish
