"""The partnership health check (after the one TPI and GNDR use): a dozen statements in four
groups, each rated green, amber or red by every partner, and a trend over the rounds."""

from datetime import timedelta

from flask_babel import lazy_gettext as _l

# Answers stay private to each partner until every partner has answered, or this long.
PRIVATE_FOR = timedelta(days=7)
# Remind the partners of a health check when the last one (or the start) is this old.
REMIND_AFTER = timedelta(days=75)
# At most this many improvements are chosen per round: a few that get done.
MOST_IMPROVEMENTS = 2

GROUPS = (
    ("goals", _l("Tujuan dan hasil")),
    ("roles", _l("Peran dan kontribusi")),
    ("relationship", _l("Hubungan dan komunikasi")),
    ("benefits", _l("Manfaat")),
)
STATEMENTS = (
    ("goal_shared", "goals", _l("Kami masih berbagi tujuan yang sama.")),
    ("on_track", "goals", _l("Kegiatan berjalan sesuai rencana kerja.")),
    ("results_seen", "goals", _l("Hasilnya terlihat oleh warga yang kami layani.")),
    ("roles_clear", "roles", _l("Peran dan tanggung jawab tiap mitra jelas.")),
    ("promises_kept", "roles", _l("Setiap mitra menepati apa yang dijanjikannya.")),
    ("fair_share", "roles", _l("Sumbangan tiap mitra dihargai setara.")),
    ("talk_regularly", "relationship", _l("Kami berkomunikasi cukup sering dan terbuka.")),
    ("trust", "relationship", _l("Kami saling percaya dan jujur soal masalah.")),
    ("decide_together", "relationship", _l("Keputusan diambil bersama, bukan oleh satu pihak.")),
    ("worth_it", "benefits", _l("Manfaat kemitraan sepadan dengan waktu dan tenaga kami.")),
    ("we_learn", "benefits", _l("Komunitas kami belajar dan tumbuh dari kemitraan ini.")),
    ("continue", "benefits", _l("Kami ingin melanjutkan kemitraan ini.")),
)
STATEMENT_TEXT = {key: text for key, _group, text in STATEMENTS}
# A colour's weight in the round's score: green counts fully, amber half, red not at all.
WEIGHTS = {"green": 2, "amber": 1, "red": 0}

# The trend chart's drawing area, in SVG user units.
CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 300, 120, 20


def score(colours):
    """0-100: how green a set of colours is; None when there is none."""
    if not colours:
        return None
    return round(100 * sum(WEIGHTS[c] for c in colours) / (2 * len(colours)))


def chart_points(scores):
    """The trend as SVG points: [(x, y, score)] for the rounds that have a score."""
    if not scores:
        return []
    step = (CHART_WIDTH - 2 * CHART_PAD) / max(len(scores) - 1, 1)
    height = CHART_HEIGHT - 2 * CHART_PAD
    return [
        (round(CHART_PAD + i * step), round(CHART_PAD + height * (100 - s) / 100), s)
        for i, s in enumerate(scores)
    ]
