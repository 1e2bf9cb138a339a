"""The models of the consultations app, in one place for Django and other apps.

Django registers the models it finds imported here. They live in modules that
never import each other in a circle: ``acts`` (draft acts, followers, notices),
``pages`` (the consultation page) and ``index_page`` (the consultations index);
the status rules they share are in ``status``.
"""

from .acts import (  # noqa: F401
    ConsultationFollow,
    ConsultationNotice,
    DraftAct,
    DraftActVersion,
    NoticeKind,
    Provision,
)
from .index_page import ConsultationIndexPage  # noqa: F401
from .pages import (  # noqa: F401
    ConsultationAttachment,
    ConsultationPage,
    ConsultationPageTag,
    ConsultationRelatedEvent,
)
from .status import Audience, ConsultationStatus, SubjectKind  # noqa: F401
