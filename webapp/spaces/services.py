"""Partnership spaces: who may see and act in one, the agreement's versions and
acknowledgements, health checks, the thread, brokers and endings.

Access follows the communities, never a stored list of people: the coordinators of a partner
community now act for it (a handover of coordination hands the partnership over), and a
facilitator sees a space once every current partner has invited them. Anyone else is told the
space does not exist.
"""

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, url_for
from sqlalchemy.orm import selectinload

from webapp.extensions import db
from webapp.jobs import crontab, periodic_job
from webapp.models import (
    Acknowledgement,
    AgreementVersion,
    BrokerInvitation,
    Community,
    Coordinatorship,
    HealthCheckAnswer,
    HealthCheckRound,
    Improvement,
    Message,
    Partnership,
    PartnershipMember,
    Program,
    SpaceStatus,
    User,
    record_audit,
    utcnow,
)
from webapp.notifications import notify, notify_coordinators
from webapp.offline import scoped_key
from webapp.spaces import agreement, health
from webapp.versioning import Conflict, StaleEdit, claim_version

MESSAGES_PER_PAGE = 20
# A thread this quiet is worth a broker's look.
SILENT_AFTER = timedelta(days=60)
# A review date this close counts as due on the broker page.
REVIEW_DUE_WITHIN = timedelta(days=14)


class CannotDoIt(Exception):
    """The action is not possible now; the message says why, in the reader's words."""


# --- Who is who ----------------------------------------------------------------------------------


def acting_members(partnership, user):
    """The partner rows `user` may act for: the partner communities they coordinate now."""
    return [m for m in partnership.partners if user.coordinates(m.community)]


def is_broker(partnership, user):
    return any(b.id == user.id for b in partnership.brokers())


def may_see(partnership, user):
    return bool(acting_members(partnership, user)) or is_broker(partnership, user)


def partnerships_of(user):
    """The spaces `user` is in as a coordinator of a partner or as broker, active ones first."""
    coordinated = sa.select(Coordinatorship.community_id).where(Coordinatorship.user_id == user.id)
    candidates = db.session.scalars(
        sa.select(Partnership)
        .where(
            sa.or_(
                Partnership.id.in_(
                    sa.select(PartnershipMember.partnership_id).where(
                        PartnershipMember.community_id.in_(coordinated),
                        PartnershipMember.joined_at.is_not(None),
                        PartnershipMember.left_at.is_(None),
                    )
                ),
                Partnership.id.in_(sa.select(BrokerInvitation.partnership_id).where(BrokerInvitation.broker_id == user.id)),
            )
        )
        .options(selectinload(Partnership.members).selectinload(PartnershipMember.community))
        .order_by(Partnership.status, Partnership.created_at.desc(), Partnership.id.desc())
    ).all()
    return [p for p in candidates if may_see(p, user)]


def invitations_for(user):
    """Invitations to join a partnership waiting for a community `user` coordinates."""
    coordinated = sa.select(Coordinatorship.community_id).where(Coordinatorship.user_id == user.id)
    return db.session.scalars(
        sa.select(PartnershipMember)
        .join(Partnership)
        .where(
            PartnershipMember.community_id.in_(coordinated),
            PartnershipMember.joined_at.is_(None),
            PartnershipMember.left_at.is_(None),
            Partnership.status == SpaceStatus.ACTIVE,
        )
        .order_by(PartnershipMember.id)
    ).all()


def _link(partnership, endpoint="spaces.space", **values):
    return url_for(endpoint, partnership_id=partnership.id, **values)


def _tell_partners(partnership, kind, link, except_user=None, **params):
    """Notify the coordinators of every partner and the brokers, except the one who acted."""
    people = {u.id: u for m in partnership.partners for u in m.community.coordinators}
    people.update({u.id: u for u in partnership.brokers()})
    for person in people.values():
        if except_user is None or person.id != except_user.id:
            notify(person, kind, link=link, title=partnership.title, **params)


# --- Starting, joining, leaving ------------------------------------------------------------------


def start(request, user):
    """The space for an accepted request: both communities are partners, and a first draft of
    the agreement carries the request's goal and the default review date."""
    now = utcnow()
    partnership = Partnership(request_id=request.id, title=request.goal)
    for community in (request.sender, request.receiver):
        partnership.members.append(
            PartnershipMember(community=community, invited_at=request.created_at, joined_at=now,
                              invited_by_id=request.sent_by_id)
        )
    db.session.add(partnership)
    first = AgreementVersion(
        number=1, author=user, part="mengapa", shared_goal=request.goal,
        review_on=(now + timedelta(days=agreement.REVIEW_AFTER_DAYS)).date(),
    )
    partnership.versions.append(first)
    first.who = who_text(partnership)
    db.session.flush()
    return partnership


def who_text(partnership):
    """The WHO part as it reads in a version: each partner, its representative, what it brings
    and wants."""
    lines = []
    for member in partnership.partners:
        lines.append(member.community.name)
        for label, value in (
            (agreement.FIELD_LABELS_WHO["representative"], member.representative),
            (agreement.FIELD_LABELS_WHO["brings"], member.brings),
            (agreement.FIELD_LABELS_WHO["wants"], member.wants),
        ):
            if value:
                lines.append(f"  {label}: {value}")
    return "\n".join(lines)


def _new_version(partnership, user, part, **changes):
    """Copy the latest version with `changes`, numbered next; the WHO text is taken afresh."""
    latest = partnership.latest_version
    values = {name: getattr(latest, name) for name in agreement.ALL_FIELDS if latest is not None}
    values.update(changes)
    values["who"] = who_text(partnership)
    if latest is not None and all(values[name] == getattr(latest, name) for name in agreement.ALL_FIELDS):
        return None
    version = AgreementVersion(number=(latest.number if latest else 0) + 1, author=user, part=part, **values)
    partnership.versions.append(version)
    return version


def invite_partner(partnership, community, user):
    """A partner invites another community; its coordinators are asked to accept."""
    _still_running(partnership)
    member = next((m for m in partnership.members if m.community_id == community.id), None)
    if member is not None and member.is_partner:
        raise CannotDoIt(agreement.MESSAGES["already_partner"])
    if member is not None and member.is_invited:
        raise CannotDoIt(agreement.MESSAGES["already_invited"])
    if member is None:
        member = PartnershipMember(community=community)
        partnership.members.append(member)
    member.invited_at, member.invited_by_id, member.left_at = utcnow(), user.id, None
    db.session.flush()
    notify_coordinators(
        community, "space_partner_invited", link=_link(partnership, "spaces.invitation"),
        title=partnership.title, community=community.name,
    )
    db.session.commit()
    return member


def answer_invitation(member, user, accept):
    """The invited community's coordinator joins the partnership, or declines. Joining writes a
    new version of the agreement (WHO changed), which every partner acknowledges anew."""
    partnership = member.partnership
    _still_running(partnership)
    if not member.is_invited:
        raise CannotDoIt(agreement.MESSAGES["invitation_answered"])
    now = utcnow()
    if not accept:
        member.left_at = now
        db.session.commit()
        return
    member.joined_at = now
    db.session.flush()
    _new_version(partnership, user, "siapa")
    record_audit("space.partner_joined", actor=user, community=member.community, title=partnership.title)
    _tell_partners(partnership, "space_partner_joined", _link(partnership, "spaces.agreement"),
                   except_user=user, community=member.community.name)
    db.session.commit()


def leave(partnership, member, user):
    """A partner leaves; the others go on and acknowledge the agreement anew. With two partners
    the partnership ends instead (CannotDoIt)."""
    _still_running(partnership)
    if len(partnership.partners) <= 2:
        raise CannotDoIt(agreement.MESSAGES["end_instead"])
    member.left_at = utcnow()
    db.session.flush()
    _new_version(partnership, user, "siapa")
    record_audit("space.partner_left", actor=user, community=member.community, title=partnership.title)
    _tell_partners(partnership, "space_partner_left", _link(partnership, "spaces.agreement"),
                   except_user=user, community=member.community.name)
    db.session.commit()


def invite_broker(partnership, member, broker, user):
    """One partner invites a facilitator; they accompany the partnership once every partner has."""
    _still_running(partnership)
    if not broker.is_facilitator:
        raise CannotDoIt(agreement.MESSAGES["not_facilitator"])
    was_broker = is_broker(partnership, broker)
    exists = any(i.broker_id == broker.id and i.community_id == member.community_id
                 for i in partnership.broker_invitations)
    if not exists:
        partnership.broker_invitations.append(
            BrokerInvitation(broker_id=broker.id, community_id=member.community_id, invited_by_id=user.id)
        )
        db.session.flush()
        db.session.refresh(partnership)
    if not was_broker and is_broker(partnership, broker):
        notify(broker, "space_broker_invited", link=_link(partnership), title=partnership.title)
    db.session.commit()


def facilitator_by_email(email):
    return db.session.scalar(sa.select(User).where(sa.func.lower(User.email) == email.lower()))


def _still_running(partnership):
    if partnership.is_ended:
        raise CannotDoIt(agreement.MESSAGES["ended"])


# --- The agreement -------------------------------------------------------------------------------


def _claim(partnership, expected_version, values=None):
    """Claim the partnership's next version for a save (webapp.versioning); StaleEdit, with
    nothing saved, when the form was loaded before someone else's save. `values` (field: value)
    are compared with the latest agreement version to show what differs."""
    if claim_version(partnership, expected_version):
        db.session.refresh(partnership)  # the version the guarded UPDATE wrote
        partnership.updated_at = utcnow()
        return
    db.session.rollback()
    db.session.refresh(partnership)
    latest = partnership.latest_version
    raise StaleEdit(Conflict(
        saved_by=latest.author if latest else None,
        saved_at=latest.created_at if latest else partnership.updated_at,
        differences=[(name, getattr(latest, name)) for name, value in (values or {}).items()
                     if latest is not None and getattr(latest, name) != value],
    ))


def save_part(partnership, user, part, values, expected_version):
    """Save one part of the agreement as a new numbered version; StaleEdit when the form was
    loaded before someone else's save (nothing is saved then)."""
    _still_running(partnership)
    _claim(partnership, expected_version, values)
    version = _new_version(partnership, user, part.slug, **values)
    if version is not None:
        record_audit("space.agreement_saved", actor=user, title=partnership.title, number=version.number)
        _tell_partners(partnership, "space_agreement_changed", _link(partnership, "spaces.agreement"),
                       except_user=user, number=version.number)
    db.session.commit()


def save_member(partnership, member, user, representative, brings, wants, expected_version):
    """A partner's own WHO entry: its representative, what it brings and what it wants;
    StaleEdit when the form was stale."""
    _still_running(partnership)
    _claim(partnership, expected_version)
    member.representative, member.brings, member.wants = representative, brings, wants
    db.session.flush()
    version = _new_version(partnership, user, "siapa")
    if version is not None:
        _tell_partners(partnership, "space_agreement_changed", _link(partnership, "spaces.agreement"),
                       except_user=user, number=version.number)
    db.session.commit()


def acknowledged_ids(version):
    return {a.community_id for a in version.acknowledgements} if version is not None else set()


def in_force(partnership):
    """"Berlaku": every current partner has acknowledged the latest version."""
    latest = partnership.latest_version
    partners = {m.community_id for m in partnership.partners}
    return latest is not None and bool(partners) and partners <= acknowledged_ids(latest)


def acknowledge(partnership, members, user, number):
    """The user's partner communities acknowledge version `number`, which must be the latest
    (someone may have saved a newer one while they read)."""
    _still_running(partnership)
    latest = partnership.latest_version
    if latest is None or latest.number != number:
        raise CannotDoIt(agreement.MESSAGES["newer_version"])
    done = acknowledged_ids(latest)
    for member in members:
        if member.community_id not in done:
            latest.acknowledgements.append(Acknowledgement(community_id=member.community_id, user=user))
            record_audit("space.agreement_acknowledged", actor=user, community=member.community,
                         title=partnership.title, number=number)
    db.session.flush()
    db.session.refresh(partnership)
    if in_force(partnership):
        _tell_partners(partnership, "space_agreement_in_force", _link(partnership, "spaces.agreement"),
                       number=number)
    db.session.commit()


def version_of(partnership, number):
    return next((v for v in partnership.versions if v.number == number), None)


def program_titles(program_ids):
    if not program_ids:
        return {}
    rows = db.session.execute(sa.select(Program.id, Program.title).where(Program.id.in_(program_ids))).all()
    return dict(rows)


def partner_programs(partnership):
    """The registry programs of the partner communities: what activities can be linked to."""
    ids = [m.community_id for m in partnership.partners]
    return db.session.scalars(
        sa.select(Program).where(Program.community_id.in_(ids)).order_by(Program.community_id, Program.id)
    ).all()


def changes_in(partnership, version):
    """What `version` changed compared with the one before it."""
    before = version_of(partnership, version.number - 1)
    titles = program_titles(sorted({*version.program_ids, *(before.program_ids if before else [])}))

    def describe(name, value):
        if name == "program_ids":
            return "\n".join(titles.get(i, "?") for i in value or [])
        return agreement.as_text(value)

    return agreement.differences(before, version, describe)


def rate(partnership, ratings, expected_version):
    """Save the scorecard ({ingredient: rating}); StaleEdit when the form was stale."""
    _still_running(partnership)
    _claim(partnership, expected_version)
    partnership.scorecard = dict(ratings)
    db.session.commit()


# --- Health checks -------------------------------------------------------------------------------


def open_round(partnership, user):
    """Start a health check; refused while the previous one is still private."""
    _still_running(partnership)
    latest = partnership.rounds[-1] if partnership.rounds else None
    if latest is not None and not is_revealed(latest):
        raise CannotDoIt(agreement.MESSAGES["round_open"])
    round_ = HealthCheckRound(number=(latest.number if latest else 0) + 1, opened_by_id=user.id)
    partnership.rounds.append(round_)
    db.session.flush()
    _tell_partners(partnership, "space_health_check_opened",
                   _link(partnership, "spaces.health_round", number=round_.number), except_user=user)
    db.session.commit()
    return round_


def answered_ids(round_):
    return {a.community_id for a in round_.answers}


def is_revealed(round_, now=None):
    """Every partner has answered, or the answers have been private long enough."""
    now = now or utcnow()
    partners = {m.community_id for m in round_.partnership.partners}
    return partners <= answered_ids(round_) or now >= round_.opened_at + health.PRIVATE_FOR


def answer_round(round_, member, user, answers):
    """A partner's colours and comments ({statement: (colour, comment)}), while still private;
    answering again replaces the partner's earlier answers."""
    _still_running(round_.partnership)
    if is_revealed(round_):
        raise CannotDoIt(agreement.MESSAGES["round_closed"])
    for answer in [a for a in round_.answers if a.community_id == member.community_id]:
        round_.answers.remove(answer)
    db.session.flush()
    for statement, (colour, comment) in answers.items():
        round_.answers.append(HealthCheckAnswer(
            community_id=member.community_id, statement=statement, colour=colour, comment=comment,
            answered_by_id=user.id,
        ))
    db.session.flush()
    db.session.refresh(round_)
    if is_revealed(round_):
        _tell_partners(round_.partnership, "space_health_check_revealed",
                       _link(round_.partnership, "spaces.health_round", number=round_.number))
    db.session.commit()


@dataclass
class StatementResult:
    key: str
    group: str
    text: object
    answers: list  # (community, colour, comment), in the partners' order

    @property
    def diverges(self):
        return len({colour for _community, colour, _comment in self.answers}) > 1

    @property
    def has_red(self):
        return any(colour == "red" for _community, colour, _comment in self.answers)


def results(round_):
    """Each statement with every partner's answer; statements where colours differ first."""
    by_statement = {}
    for answer in round_.answers:
        by_statement.setdefault(answer.statement, []).append((answer.community, answer.colour, answer.comment))
    items = [
        StatementResult(key, group, text, by_statement.get(key, []))
        for key, group, text in health.STATEMENTS
    ]
    return sorted(items, key=lambda item: not item.diverges)


def trend(partnership):
    """Per revealed round: (round, score 0-100, reds, diverging statements)."""
    rows = []
    for round_ in partnership.rounds:
        if not is_revealed(round_) or not round_.answers:
            continue
        items = results(round_)
        rows.append((
            round_,
            health.score([a.colour for a in round_.answers]),
            sum(1 for a in round_.answers if a.colour == "red"),
            sum(1 for item in items if item.diverges),
        ))
    return rows


def add_improvement(round_, user, text, owner, due_on):
    _still_running(round_.partnership)
    if not is_revealed(round_):
        raise CannotDoIt(agreement.MESSAGES["round_open"])
    if len(round_.improvements) >= health.MOST_IMPROVEMENTS:
        raise CannotDoIt(agreement.MESSAGES["enough_improvements"])
    round_.improvements.append(Improvement(text=text, owner=owner, due_on=due_on, created_by_id=user.id))
    db.session.commit()


def remind_health_checks(now=None):
    """Remind every active partnership whose last health check (or start) is REMIND_AFTER old,
    once per such stretch; return how many were reminded. Needs a request context (links)."""
    now = now or utcnow()
    partnerships = db.session.scalars(
        sa.select(Partnership).where(Partnership.status == SpaceStatus.ACTIVE)
        .options(selectinload(Partnership.rounds), selectinload(Partnership.members))
        .order_by(Partnership.id)
    ).all()
    count = 0
    for partnership in partnerships:
        since = partnership.rounds[-1].opened_at if partnership.rounds else partnership.created_at
        if now - since < health.REMIND_AFTER or (partnership.reminded_at and partnership.reminded_at > since):
            continue
        for member in partnership.partners:
            notify_coordinators(member.community, "space_health_check_due", link=_link(partnership, "spaces.health"),
                                title=partnership.title)
        partnership.reminded_at = now
        count += 1
    db.session.commit()
    return count


@periodic_job(crontab(minute="30", hour="1"))  # daily at 01:30 UTC, 08:30 in Jakarta
def look_for_health_checks_due():
    """The daily job. No request is running, so the links in e-mails are built from PUBLIC_URL."""
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        count = remind_health_checks()
    current_app.logger.info("Partnerships reminded of a health check: %s", count)


# --- Talking -------------------------------------------------------------------------------------


def messages(partnership, page):
    query = (
        sa.select(Message).where(Message.partnership_id == partnership.id)
        .options(selectinload(Message.author), selectinload(Message.community))
        .order_by(Message.created_at.desc(), Message.id.desc())
    )
    return db.paginate(query, page=min(max(page, 1), 100_000), per_page=MESSAGES_PER_PAGE, error_out=False)


def post_message(partnership, user, body, key, made_at=None):
    """Add a message to the thread, once per (account, key): a message queued offline and sent
    again is the same message. Returns (message, created)."""
    _still_running(partnership)
    stored_key = scoped_key(user.id, key)
    existing = db.session.scalar(sa.select(Message).where(Message.key == stored_key))
    if existing is not None:
        return existing, False
    members = acting_members(partnership, user)
    message = Message(
        partnership_id=partnership.id, author=user, community=members[0].community if members else None,
        body=body, key=stored_key,
    )
    if made_at is not None and made_at <= utcnow():
        message.created_at = made_at
    db.session.add(message)
    try:
        db.session.flush()
    except sa.exc.IntegrityError:
        db.session.rollback()
        return db.session.scalar(sa.select(Message).where(Message.key == stored_key)), False
    _tell_partners(partnership, "space_message", _link(partnership, "spaces.messages"), except_user=user,
                   author=user.name)
    db.session.commit()
    return message, True


# --- Brokers -------------------------------------------------------------------------------------


@dataclass
class Watch:
    """What a broker should look at in one partnership."""

    partnership: Partnership
    review_on: object
    review_overdue: bool
    review_due: bool
    red_round: object  # the latest revealed round with a red answer, or None
    diverging_round: object
    not_acknowledged: bool
    silent_since: object  # when the thread last spoke (or the space began), if two months ago

    @property
    def needs_attention(self):
        return any((self.review_overdue, self.review_due, self.red_round, self.diverging_round,
                    self.not_acknowledged, self.silent_since))


def watch_list(user, now=None):
    """The partnerships `user` accompanies as broker, those needing attention first."""
    now = now or utcnow()
    today = now.date()
    partnerships = [p for p in partnerships_of(user) if is_broker(p, user) and not p.is_ended]
    last_messages = dict(db.session.execute(
        sa.select(Message.partnership_id, sa.func.max(Message.created_at))
        .where(Message.partnership_id.in_([p.id for p in partnerships]))
        .group_by(Message.partnership_id)
    ).all())
    watches = []
    for partnership in partnerships:
        latest = partnership.latest_version
        review_on = latest.review_on if latest else None
        revealed = [r for r in partnership.rounds if is_revealed(r, now) and r.answers]
        last = revealed[-1] if revealed else None
        items = results(last) if last else []
        spoke = last_messages.get(partnership.id) or partnership.created_at
        watches.append(Watch(
            partnership=partnership,
            review_on=review_on,
            review_overdue=bool(review_on and review_on < today),
            review_due=bool(review_on and today <= review_on <= today + REVIEW_DUE_WITHIN),
            red_round=last if any(i.has_red for i in items) else None,
            diverging_round=last if any(i.diverges for i in items) else None,
            not_acknowledged=not in_force(partnership),
            silent_since=spoke if now - spoke >= SILENT_AFTER else None,
        ))
    return sorted(watches, key=lambda w: not w.needs_attention)


# --- Ending --------------------------------------------------------------------------------------


def end(partnership, member, user, note):
    """End the partnership ("selesai") with this partner's closing note; everything stays
    readable by its partners."""
    _still_running(partnership)
    partnership.status = SpaceStatus.ENDED
    partnership.ended_at = utcnow()
    partnership.ended_by_id = user.id
    member.closing_note = note
    record_audit("space.ended", actor=user, community=member.community, title=partnership.title)
    _tell_partners(partnership, "space_ended", _link(partnership), except_user=user,
                   community=member.community.name)
    db.session.commit()


def write_closing_note(partnership, member, note):
    """A partner's closing note, after the partnership ended."""
    if not partnership.is_ended:
        raise CannotDoIt(agreement.MESSAGES["not_ended"])
    member.closing_note = note
    db.session.commit()


def community_by_slug(slug):
    return db.session.scalar(sa.select(Community).where(Community.slug == slug))


def for_request(request):
    """The space an accepted request opened, or None."""
    return db.session.scalar(sa.select(Partnership).where(Partnership.request_id == request.id))
