"""What partnership spaces keep about a person, for Data saya: the messages they wrote, the
agreement versions they saved, their health-check answers and acknowledgements, and where
they were invited as a broker."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from webapp.extensions import db
from webapp.models import (
    Acknowledgement,
    AgreementVersion,
    BrokerInvitation,
    HealthCheckAnswer,
    HealthCheckRound,
    Improvement,
    Message,
    Partnership,
    PartnershipMember,
)
from webapp.privacy import PersonalData, register, unlink


def _activity(user):
    rows = []
    messages = db.session.execute(
        sa.select(Message, Partnership.title).join(Partnership, Partnership.id == Message.partnership_id)
        .where(Message.author_id == user.id).order_by(Message.id)
    )
    for message, title in messages:
        rows.append({"what": "message", "partnership": title, "text": message.body, "at": message.created_at})
    for version in db.session.scalars(sa.select(AgreementVersion).where(AgreementVersion.author_id == user.id)):
        rows.append({"what": f"agreement version {version.number}", "partnership": version.partnership.title,
                     "text": "", "at": version.created_at})
    for answer in db.session.scalars(sa.select(HealthCheckAnswer).where(HealthCheckAnswer.answered_by_id == user.id)):
        rows.append({"what": f"health check: {answer.statement} = {answer.colour}",
                     "partnership": answer.round.partnership.title, "text": answer.comment, "at": answer.answered_at})
    for ack in db.session.scalars(sa.select(Acknowledgement).where(Acknowledgement.user_id == user.id)):
        rows.append({"what": f"acknowledged version {ack.version.number}", "partnership": ack.version.partnership.title,
                     "text": "", "at": ack.created_at})
    for invitation in db.session.scalars(sa.select(BrokerInvitation).where(BrokerInvitation.broker_id == user.id)):
        rows.append({"what": "invited as broker", "partnership": invitation.partnership.title, "text": "",
                     "at": invitation.created_at})
    return rows


def _erase(erasure):
    """The space is the partner communities'; what the person wrote stays there without their
    name. An invitation to be a broker was theirs alone and goes."""
    db.session.execute(sa.delete(BrokerInvitation).where(BrokerInvitation.broker_id == erasure.user_id))
    for message in db.session.scalars(sa.select(Message).where(Message.author_id == erasure.user_id)):
        message.body = erasure.scrub(message.body)
    unlink(erasure, Partnership.ended_by_id, PartnershipMember.invited_by_id, BrokerInvitation.invited_by_id,
           AgreementVersion.author_id, Acknowledgement.user_id, HealthCheckRound.opened_by_id,
           HealthCheckAnswer.answered_by_id, Improvement.created_by_id, Message.author_id)


register(PersonalData(
    name="partnership_spaces",
    title=_l("Ruang kemitraan"),
    fields={"what": _l("Apa"), "partnership": _l("Kemitraan"), "text": _l("Isi"), "at": _l("Waktu")},
    tables=("partnership", "partnership_member", "broker_invitation", "agreement_version", "acknowledgement",
            "health_check_round", "health_check_answer", "improvement", "message"),
    export=_activity,
    erase=_erase,
    note=_l("Ruang kemitraan milik komunitas-komunitas mitra; yang Anda tulis di sana tetap ada tanpa nama Anda "
            "setelah akun Anda dihapus."),
    order=61,
))
