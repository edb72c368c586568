"""Demo partnership spaces (data/demo_partnerships.json): partnerships at different stages, so
the agreement, the health-check trend, the thread and the broker page have something to show.

A draft agreement acknowledged by one partner, a three-partner partnership whose latest health
check has a red answer, one whose review date has passed and whose thread went quiet, and one
that ended with a closing note by each partner; the demo facilitator accompanies the first three.
"""

import json
import os
from datetime import timedelta

import sqlalchemy as sa

from webapp.extensions import db
from webapp.models import (
    Acknowledgement,
    AgreementVersion,
    BrokerInvitation,
    Community,
    HealthCheckAnswer,
    HealthCheckRound,
    Improvement,
    Message,
    Partnership,
    PartnershipMember,
    SpaceStatus,
    User,
    utcnow,
)
from webapp.offline import scoped_key
from webapp.regions import DATA_DIR
from webapp.spaces import agreement, health
from webapp.spaces.services import who_text

DEMO_FILE = os.path.join(DATA_DIR, "demo_partnerships.json")


def load_demo_partnerships():
    """Add the demo partnerships not yet there (matched by title); return how many were added."""
    with open(DEMO_FILE, encoding="utf-8") as f:
        entries = json.load(f)["partnerships"]
    known = set(db.session.scalars(sa.select(Partnership.title)))
    communities = {c.name: c for c in db.session.scalars(sa.select(Community))}
    people = {u.email: u for u in db.session.scalars(sa.select(User))}
    added = 0
    for entry in entries:
        if entry["title"] in known:
            continue
        _add(entry, communities, people)
        added += 1
    return added


def _add(entry, communities, people):
    now = utcnow()

    def ago(days):
        return now - timedelta(days=days)

    started = ago(entry["started"])
    partnership = Partnership(title=entry["title"], created_at=started, updated_at=started)
    for spec in entry["partners"]:
        partnership.members.append(PartnershipMember(
            community=communities[spec["community"]], representative=spec["representative"],
            brings=spec["brings"], wants=spec["wants"], closing_note=spec.get("closing_note", ""),
            invited_at=started, joined_at=started,
        ))
    db.session.add(partnership)
    values = {"review_on": (now + timedelta(days=entry["review_in"])).date()}
    for number, spec in enumerate(entry["versions"], start=1):
        values.update({name: spec[name] for name in agreement.ALL_FIELDS if name in spec})
        partnership.versions.append(AgreementVersion(
            number=number, author=people[spec["by"]], created_at=ago(spec["days"]), part=spec["part"],
            who=who_text(partnership), **values,
        ))
    partnership.version = len(entry["versions"])
    latest = partnership.versions[-1]
    for name in entry["acknowledged"]:
        latest.acknowledgements.append(Acknowledgement(community=communities[name], created_at=latest.created_at))
    partnership.scorecard = entry.get("scorecard", {})
    for number, spec in enumerate(entry.get("rounds", []), start=1):
        partnership.rounds.append(_round(number, spec, communities, ago))
    for email in entry.get("brokers", []):
        for member in partnership.members:
            partnership.broker_invitations.append(
                BrokerInvitation(broker=people[email], community_id=member.community.id, created_at=started)
            )
    if "ended" in entry:
        partnership.status = SpaceStatus.ENDED
        partnership.ended_at = ago(entry["ended"])
    db.session.flush()
    for number, spec in enumerate(entry.get("messages", []), start=1):
        author = people[spec["by"]]
        community = next(m.community for m in partnership.members if author in m.community.coordinators)
        db.session.add(Message(
            partnership_id=partnership.id, author=author, community=community, body=spec["body"],
            created_at=ago(spec["days"]), key=scoped_key(author.id, f"demo-{partnership.id}-{number}"),
        ))


def _round(number, spec, communities, ago):
    round_ = HealthCheckRound(number=number, opened_at=ago(spec["days"]))
    for name, colour in spec["colours"].items():
        exceptions = spec.get("exceptions", {}).get(name, {})
        for key, _group, _text in health.STATEMENTS:
            answer_colour, comment = exceptions.get(key, (colour, ""))
            round_.answers.append(HealthCheckAnswer(
                community=communities[name], statement=key, colour=answer_colour, comment=comment,
                answered_at=ago(spec["days"] - 1),
            ))
    for improvement in spec.get("improvements", []):
        round_.improvements.append(Improvement(
            text=improvement["text"], owner=improvement["owner"],
            due_on=ago(-improvement["due"]).date(),
        ))
    return round_
