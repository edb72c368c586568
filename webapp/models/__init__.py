"""The data model, one module per area: accounts, regions, images, the directory, coordination,
programs, partnerships, learning, quizzes, certificates and the audit trail.

Every name is re-exported here, so `from webapp.models import X` works wherever X lives (the
migrations import from here too). Importing this package maps every model: the relationships
between areas are named by string and resolved once all are loaded. The contacts and
notifications areas keep their models in their own packages (webapp.contacts.models, ...).
"""

from webapp.models.accounts import Role, User, UserSession
from webapp.models.audit import AuditEvent, record_audit
from webapp.models.base import utcnow
from webapp.models.certificates import Certificate, CertificateStatus
from webapp.models.coordination import Coordinatorship, Invitation
from webapp.models.directory import Category, Community, community_category
from webapp.models.images import Image, ImageVariant
from webapp.models.learning import Course, Lesson, LessonCompletion
from webapp.models.partnerships import PartnershipRequest, PartnershipStatus
from webapp.models.programs import STALE_AFTER, Campaign, Program, ProgramStatus
from webapp.models.quizzes import Answer, Attempt, Choice, MasteryRule, Question, QuestionKind, Quiz, QuizVersion
from webapp.models.regions import PROVINCE_SHORT_NAMES, District, Province, Regency

__all__ = [
    "Answer",
    "Attempt",
    "Choice",
    "MasteryRule",
    "Question",
    "QuestionKind",
    "Quiz",
    "QuizVersion",
    "PROVINCE_SHORT_NAMES",
    "STALE_AFTER",
    "AuditEvent",
    "Campaign",
    "Category",
    "Certificate",
    "CertificateStatus",
    "Community",
    "Coordinatorship",
    "Course",
    "District",
    "Image",
    "ImageVariant",
    "Invitation",
    "Lesson",
    "LessonCompletion",
    "PartnershipRequest",
    "PartnershipStatus",
    "Program",
    "ProgramStatus",
    "Province",
    "Regency",
    "Role",
    "User",
    "UserSession",
    "community_category",
    "record_audit",
    "utcnow",
]
