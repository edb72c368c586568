"""The data model, one module per area: accounts, regions, images, the directory, coordination,
programs, partnerships (requests and spaces), learning, quizzes, certificates, meetings, volunteering,
consents and the audit trail.

Every name is re-exported here, so `from webapp.models import X` works wherever X lives (the
migrations import from here too). Importing this package maps every model: the relationships
between areas are named by string and resolved once all are loaded. The contacts and
notifications areas keep their models in their own packages (webapp.contacts.models, ...).
"""

from webapp.models.accounts import LinkPurpose, MailedLink, Role, User, UserSession
from webapp.models.audit import AuditEvent, record_audit
from webapp.models.base import utcnow
from webapp.models.caching import DataVersion
from webapp.models.certificates import Certificate, CertificateStatus
from webapp.models.consents import Consent, ConsentPurpose
from webapp.models.coordination import Coordinatorship, Invitation, PublicName
from webapp.models.directory import Category, Community, Focus, category_ids_text, community_category, focus_of
from webapp.models.images import Image, ImageVariant
from webapp.models.learning import Course, Lesson, LessonCompletion
from webapp.models.meetings import CalendarFeed, CheckIn, Meeting, Registration, RegistrationStatus
from webapp.models.partnerships import PartnershipRequest, PartnershipStatus
from webapp.models.programs import STALE_AFTER, Campaign, Program, ProgramStatus
from webapp.models.quizzes import Answer, Attempt, Choice, MasteryRule, Question, QuestionKind, Quiz, QuizVersion
from webapp.models.regions import PROVINCE_SHORT_NAMES, District, Province, Regency
from webapp.models.spaces import (
    Acknowledgement,
    AgreementVersion,
    BrokerInvitation,
    Colour,
    HealthCheckAnswer,
    HealthCheckRound,
    Improvement,
    Message,
    Partnership,
    PartnershipMember,
    SpaceStatus,
)
from webapp.models.volunteering import OfferStatus, VolunteerOffer

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
    "Acknowledgement",
    "AgreementVersion",
    "AuditEvent",
    "BrokerInvitation",
    "CalendarFeed",
    "Campaign",
    "Category",
    "category_ids_text",
    "focus_of",
    "Focus",
    "Certificate",
    "CertificateStatus",
    "CheckIn",
    "Colour",
    "Community",
    "Consent",
    "ConsentPurpose",
    "Coordinatorship",
    "Course",
    "DataVersion",
    "District",
    "HealthCheckAnswer",
    "HealthCheckRound",
    "Image",
    "ImageVariant",
    "Improvement",
    "Invitation",
    "Lesson",
    "LinkPurpose",
    "LessonCompletion",
    "MailedLink",
    "Meeting",
    "Message",
    "OfferStatus",
    "Partnership",
    "PartnershipMember",
    "PartnershipRequest",
    "PartnershipStatus",
    "Program",
    "ProgramStatus",
    "PublicName",
    "Province",
    "Regency",
    "Registration",
    "RegistrationStatus",
    "Role",
    "SpaceStatus",
    "User",
    "UserSession",
    "VolunteerOffer",
    "community_category",
    "record_audit",
    "utcnow",
]
