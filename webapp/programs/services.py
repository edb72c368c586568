"""The programs registry read three ways: the duplication radar, the region x focus matrix, and
the partner finder. All of it is plain counting and matching, so every answer can be explained.
"""

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from webapp.extensions import db
from webapp.models import (
    STALE_AFTER,
    Category,
    Community,
    Program,
    ProgramStatus,
    Regency,
    utcnow,
)
from webapp.partnerships.services import open_partner_ids
from webapp.programs.labels import RESOURCE_LABELS
from webapp.text import fold

RADAR_LIMIT = 5
LIST_LIMIT = 200
SUGGESTION_LIMIT = 5


def _current_and_shown():
    """Planned or running programs (finished ones are history, not duplicates) that no moderator
    hid, of communities no moderator hid."""
    hidden_communities = sa.select(Community.id).where(Community.hidden_at.is_not(None))
    return (
        Program.status != ProgramStatus.FINISHED,
        Program.hidden_at.is_(None),
        Program.community_id.not_in(hidden_communities),
    )


def _current():
    return sa.select(Program).where(*_current_and_shown())


def _fresh_first(query):
    """Confirmed programs before stale ones, then the most recently confirmed; the id keeps it stable."""
    stale = Program.last_confirmed_at < utcnow() - STALE_AFTER
    return query.order_by(stale, Program.last_confirmed_at.desc(), Program.id)


def _with_context(query):
    return query.options(
        selectinload(Program.community),
        selectinload(Program.regency),
        selectinload(Program.district),
        selectinload(Program.category),
    )


@dataclass
class Radar:
    """Programs like the one being written: the same focus in the same kabupaten, then in the province."""

    category: Category | None = None
    regency: Regency | None = None
    in_regency: list = field(default_factory=list)
    in_province: list = field(default_factory=list)

    @property
    def found(self):
        return bool(self.in_regency or self.in_province)


def similar_programs(category, regency, community):
    """What the radar shows for a program with this focus in `regency`, by other communities.

    A program's own community is left out: the radar is about someone else already doing it.
    """
    radar = Radar(category=category, regency=regency)
    if category is None or regency is None:
        return radar
    query = _current().join(Program.regency).where(
        Program.category_id == category.id, Program.community_id != community.id
    )
    radar.in_regency = db.session.scalars(
        _with_context(_fresh_first(query.where(Program.regency_code == regency.code))).limit(RADAR_LIMIT)
    ).all()
    radar.in_province = db.session.scalars(
        _with_context(
            _fresh_first(
                query.where(Regency.province_code == regency.province_code, Program.regency_code != regency.code)
            )
        ).limit(RADAR_LIMIT)
    ).all()
    return radar


def guess_category(title):
    """The focus a title names ("Kelas literasi anak" is Literasi), so the radar can look before
    the coordinator picks one; None when no category name appears in it."""
    words = set(fold(title).replace("-", " ").split())
    for category in Category.in_order():
        names = {fold(category.name), fold(category.name_en), category.slug}
        if any(name in words for name in names):
            return category
    return None


@dataclass
class Matrix:
    """Current programs of a province, counted by kabupaten/kota (rows) and focus (columns)."""

    regencies: list
    categories: list
    counts: dict  # (regency code, category id) -> programs
    row_totals: dict
    column_totals: dict
    total: int


def province_matrix(province):
    rows = db.session.execute(
        sa.select(Program.regency_code, Program.category_id, sa.func.count(Program.id))
        .join(Program.regency)
        .where(
            Regency.province_code == province.code,
            *_current_and_shown(),
            Program.category_id.is_not(None),
        )
        .group_by(Program.regency_code, Program.category_id)
    ).all()
    counts = {(regency, category): number for regency, category, number in rows}
    row_totals, column_totals = {}, {}
    for (regency, category), number in counts.items():
        row_totals[regency] = row_totals.get(regency, 0) + number
        column_totals[category] = column_totals.get(category, 0) + number
    categories = Category.in_order()
    return Matrix(province.regencies, categories, counts, row_totals, column_totals, sum(counts.values()))


def programs_in(province, regency=None, category=None):
    """Current programs of a province, optionally of one kabupaten and one focus, fresh first."""
    query = _current().join(Program.regency).where(Regency.province_code == province.code)
    if regency is not None:
        query = query.where(Program.regency_code == regency.code)
    if category is not None:
        query = query.where(Program.category_id == category.id)
    return db.session.scalars(_with_context(_fresh_first(query)).limit(LIST_LIMIT)).all()


def program_counts_by_province():
    """{province code: current programs}, for the list of provinces."""
    return dict(
        db.session.execute(
            sa.select(Regency.province_code, sa.func.count(Program.id))
            .join(Program.regency)
            .where(*_current_and_shown())
            .group_by(Regency.province_code)
        ).all()
    )


# --- Partner finder ---------------------------------------------------------------------------


@dataclass
class Suggestion:
    community: Community
    score: int
    reason: str


def _join_words(words):
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return _("%(items)s dan %(last)s", items=", ".join(words[:-1]), last=words[-1])


def _resources(keys):
    return _join_words(str(RESOURCE_LABELS[key]) for key in sorted(keys, key=list(RESOURCE_LABELS).index))


def suggest_partners(community, limit=SUGGESTION_LIMIT):
    """Communities that could help this one, best first, each with its one-line reason.

    A partner offers, through a current program, something this community's current programs
    seek, and works in the same province (the registry has no data on which kabupaten border
    each other, so "nearby" means the same province). Points: 3 for each resource sought and
    offered, 2 for each resource it seeks that this community offers (giving both ways), 2 for
    the same kabupaten/kota (else 1 for the province), 1 for a shared focus. Only stale
    programs offering it: 3 points less. Ties go by name, so the list never shuffles.
    A community this one already has a pending or accepted request with is no suggestion.
    """
    mine = [p for p in community.programs if not p.is_finished]
    needs = {}
    for program in mine:
        for resource in program.seeks:
            needs.setdefault(resource, program)
    if not needs:
        return []
    my_offers = {resource for program in mine for resource in program.offers}
    my_focus = {p.category_id for p in mine if p.category_id} | {c.id for c in community.categories}
    my_regencies = {p.regency_code for p in mine} | {community.regency_code}
    my_provinces = {code[:2] for code in my_regencies}

    theirs = db.session.scalars(
        _current()
        .join(Program.regency)
        .where(
            Program.community_id.not_in({community.id} | open_partner_ids(community)),
            Regency.province_code.in_(my_provinces),
        )
        .options(
            selectinload(Program.community).selectinload(Community.categories),
            selectinload(Program.category),
        )
        .order_by(Program.id)
    ).all()
    by_community = {}
    for program in theirs:
        by_community.setdefault(program.community, []).append(program)

    now, locale = utcnow(), str(get_locale())
    suggestions = []
    for other, programs in by_community.items():
        offering = [p for p in programs if set(p.offers) & needs.keys()]
        if not offering:
            continue
        given = {resource for p in offering for resource in p.offers} & needs.keys()
        returned = {resource for p in programs for resource in p.seeks} & my_offers
        regencies = {p.regency_code for p in programs} | {other.regency_code}
        shared_focus = _shared_focus(my_focus, other, programs)
        only_stale = all(p.is_stale(now) for p in offering)

        score = 3 * len(given) + 2 * len(returned) + (2 if regencies & my_regencies else 1)
        score += 1 if shared_focus else 0
        score -= 3 if only_stale else 0

        seeking = needs[min(given, key=lambda r: needs[r].id)]
        parts = [_("Menawarkan %(what)s yang dicari “%(program)s”", what=_resources(given), program=seeking.title)]
        if returned:
            parts.append(_("mencari %(what)s yang Anda tawarkan", what=_resources(returned)))
        same_regency = sorted(regencies & my_regencies)
        if same_regency:
            place = db.session.get(Regency, same_regency[0])
            parts.append(_("sama-sama di %(place)s", place=place.name))
        else:
            parts.append(_("di provinsi yang sama"))
        if shared_focus:
            parts.append(_("fokus sama: %(focus)s", focus=_join_words(c.label(locale) for c in shared_focus)))
        if only_stale:
            parts.append(_("programnya belum dikonfirmasi 6 bulan"))
        suggestions.append(Suggestion(other, score, "; ".join(parts) + "."))

    suggestions.sort(key=lambda s: (-s.score, s.community.name.casefold(), s.community.id))
    return suggestions[:limit]


def _shared_focus(my_focus, other, programs):
    """The focus categories both communities (or their current programs) work on, in taxonomy order."""
    theirs = {c.id: c for c in other.categories}
    theirs.update({p.category.id: p.category for p in programs if p.category is not None})
    return sorted((theirs[i] for i in my_focus & theirs.keys()), key=lambda c: (c.position, c.id))
