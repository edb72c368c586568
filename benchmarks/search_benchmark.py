"""How fast is the directory search with many communities? Median and p95 per query shape.

Fills a database built by the migrations with generated communities (varied Indonesian text,
categories, real regions, programs), then times `search_communities`, the function the
/komunitas view calls, for a few query shapes. With several counts it grows one database step
by step and prints how each shape's median grows.

    python benchmarks/search_benchmark.py                       # 10,000 on a temporary SQLite file
    python benchmarks/search_benchmark.py --count 1000 --count 10000 --count 100000 \\
        --database sqlite --database postgresql+psycopg://postgres@127.0.0.1:5432/bench_directory \\
        --reset --json benchmarks/results/search.json

`--reset` empties a PostgreSQL database first (DROP SCHEMA public CASCADE): never point it at
data you want to keep. Without it the database must hold no communities yet.
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from flask_migrate import upgrade  # noqa: E402
from serve import empty_postgres  # noqa: E402

from webapp import create_app  # noqa: E402
from webapp.directory.search import SEARCH_TABLE  # noqa: E402
from webapp.directory.services import COUNT_LIMIT, search_communities  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.models import (  # noqa: E402
    PROVINCE_SHORT_NAMES,
    Category,
    category_ids_text,
    Community,
    Program,
    Regency,
    community_category,
    utcnow,
)
from webapp.regions import load_regions  # noqa: E402
from webapp.taxonomy import load_default_categories  # noqa: E402
from webapp.text import fold  # noqa: E402

NAME_STARTS = ["Komunitas", "Rumah", "Sanggar", "Taman", "Gerakan", "Kelompok", "Forum",
               "Bank", "Kebun", "Sekolah", "Pustaka", "Relawan", "Lingkar", "Jaringan"]
NAME_MIDDLES = ["Baca", "Belajar", "Sampah", "Hijau", "Peduli", "Muda", "Tani", "Sehat",
                "Kreatif", "Literasi", "Pesisir", "Mangrove", "Inklusi", "Difabel", "Pangan",
                "Tari", "Musik", "Dongeng", "Bencana", "Perempuan", "Anak", "Lansia", "Digital"]
NAME_ENDS = ["Senja", "Pelangi", "Nusantara", "Harapan", "Mandiri", "Bersama", "Lestari",
             "Cahaya", "Merdeka", "Sejahtera", "Berdaya", "Rakyat", "Kampung", "Desa"]
WORDS = ("anak remaja ibu bapak warga desa kampung kota sekolah buku cerita dongeng sampah "
         "plastik daur ulang kompos kebun sayur pangan sehat gizi posyandu air bersih sungai "
         "pantai laut mangrove hutan pohon bibit tani nelayan ternak koperasi usaha kecil "
         "pelatihan kelas belajar mengajar membaca menulis berhitung komputer internet "
         "digital seni tari musik teater budaya tradisi bencana gempa banjir siaga relawan "
         "difabel inklusi perempuan kesetaraan lansia kesehatan jiwa olahraga sepak bola "
         "perpustakaan keliling motor perahu taman bermain gotong royong donasi beasiswa").split()
PROGRAM_STARTS = ["Kelas", "Pelatihan", "Gerakan", "Posko", "Festival", "Pojok", "Sekolah",
                  "Bank", "Lomba", "Pendampingan", "Kampanye", "Perpustakaan"]

QUERY_SHAPES = [
    ("no filter, page 1", dict()),
    ("no filter, page 5", dict(page=5)),
    ("q=baca", dict(q="baca")),
    ("q='sampah plastik'", dict(q="sampah plastik")),
    ("q=zzzz (no match)", dict(q="zzzz")),
    ("provinsi=32", dict(province="32")),
    ("q=anak + provinsi=35 + fokus", dict(q="anak", province="35", category="pendidikan")),
    ("q=kebun + kabupaten=32.73", dict(q="kebun", province="32", regency="32.73")),
]


def sentence(rng, low, high):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def generate(first, stop, batch=5000):
    """Insert communities number `first` to `stop - 1`, with 1-3 categories and 0-4 programs each.

    Plain multi-row INSERTs, not ORM objects, with the community table's word index and order
    indexes set aside meanwhile (without_search_indexes): 100,000 communities with their
    programs load in about a minute instead of a quarter of an hour, or five minutes with the
    index kept row by row. Ids are given explicitly, so the category links can be written in
    the same batch; the table must hold no other communities.
    """
    if first >= stop:  # --reuse of a database that already holds them: nothing to rebuild
        return
    with without_search_indexes():
        _insert(first, stop, batch)
    if db.engine.dialect.name == "postgresql":
        # Explicit ids leave the sequence behind; a later insert through the app would collide.
        db.session.execute(sa.text("SELECT setval('community_id_seq', (SELECT max(id) FROM community))"))
        db.session.commit()


@contextmanager
def without_search_indexes():
    """Drop the community table's triggers and indexes (but those behind its constraints) for
    a bulk insert, then create them again from the very definitions the migrations left, and
    rebuild SQLite's word index: the timed queries run against the migrated schema."""
    if db.engine.dialect.name == "postgresql":
        found = db.session.execute(sa.text(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'community'"
            " AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        )).all()
        drops = [f'DROP INDEX "{name}"' for name, _ in found]
        creates = ["SET maintenance_work_mem = '512MB'", *(definition for _, definition in found)]
    else:
        found = db.session.execute(sa.text(
            "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'community'"
            " AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type"
        )).all()
        drops = [f'DROP {type_.upper()} "{name}"' for type_, name, _ in found]
        creates = [definition for _, _, definition in found]
        creates.append(f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}) VALUES ('rebuild')")
    for statement in drops:
        db.session.execute(sa.text(statement))
    db.session.commit()
    yield
    for statement in creates:
        db.session.execute(sa.text(statement))
    db.session.commit()


def _insert(first, stop, batch):
    category_names = {c.id: (c.name, c.name_en) for c in db.session.scalars(sa.select(Category))}
    category_ids = list(category_names)
    regencies = db.session.execute(sa.select(Regency.code, Regency.province_code)).all()
    places = {
        regency.code: [regency.name, regency.province.name, *PROVINCE_SHORT_NAMES.get(regency.province_code, ())]
        for regency in db.session.scalars(sa.select(Regency).options(joinedload(Regency.province)))
    }
    now = utcnow()
    for start in range(first, stop, batch):
        # One generator per batch, seeded by where the batch starts, so a run can be repeated.
        rng = random.Random(f"jejaring-{start}")
        communities, links, programs = [], [], []
        for number in range(start, min(start + batch, stop)):
            community_id = number + 1
            name = f"{rng.choice(NAME_STARTS)} {rng.choice(NAME_MIDDLES)} {rng.choice(NAME_ENDS)} {number}"
            headline = sentence(rng, 4, 10).capitalize()
            vision = sentence(rng, 10, 30).capitalize() + "."
            regency_code, province_code = rng.choice(regencies)
            titles = [f"{rng.choice(PROGRAM_STARTS)} {sentence(rng, 1, 4)}" for _ in range(rng.randint(0, 4))]
            communities.append(dict(
                id=community_id,
                slug=f"komunitas-{number}",
                name=name,
                headline=headline,
                vision=vision,
                mission=sentence(rng, 10, 30).capitalize() + ".",
                province_code=province_code,
                regency_code=regency_code,
                verified_at=now if rng.random() < 0.3 else None,
                created_at=now,
                updated_at=now,
                version=1,
            ))
            chosen = rng.sample(category_ids, rng.randint(1, 3))
            communities[-1]["category_ids"] = category_ids_text(chosen)
            links += [dict(community_id=community_id, category_id=category_id) for category_id in chosen]
            descriptions = [sentence(rng, 10, 25) for _ in titles]
            programs += [
                dict(community_id=community_id, title=title, description=description,
                     regency_code=regency_code, created_at=now, updated_at=now, version=1)
                for title, description in zip(titles, descriptions)
            ]
            # What Community.refresh_search_text computes, without loading the rows back.
            communities[-1]["search_text"] = fold(" ".join([
                name, headline, vision, *places[regency_code],
                *(text for category_id in chosen for text in category_names[category_id]),
                *(text for pair in zip(titles, descriptions) for text in pair),
            ]))
        db.session.execute(sa.insert(Community.__table__), communities)
        db.session.execute(sa.insert(community_category), links)
        if programs:
            db.session.execute(sa.insert(Program.__table__), programs)
        db.session.commit()


def time_shapes(runs):
    """Milliseconds per call of `search_communities`, for each query shape."""
    results = []
    for label, arguments in QUERY_SHAPES:
        search_communities(**arguments)  # warm the caches, as a running server would have them
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            search_communities(**arguments)
            timings.append((time.perf_counter() - started) * 1000)
            db.session.expire_all()
        _, total, _ = search_communities(**arguments)
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
        results.append((label, total, statistics.median(timings), p95))
    return results


def shown(total):
    """A count as the directory shows it: ">1,000" for "lebih dari 1.000", "480+" for
    "setidaknya 480" (counting stopped early)."""
    if total.over_limit:
        return f">{COUNT_LIMIT:,}"
    return f"{total.counted:,}" + ("" if total.complete else "+")


def prepare(url, reset, reuse=False):
    if url.startswith("postgresql") and reset:
        empty_postgres(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        upgrade()
        if db.session.scalar(sa.select(sa.func.count(Community.id))) and not reuse:
            raise SystemExit(f"{url} already holds communities; use an empty database or --reset")
    return app


def run(url, counts, runs, reset, reuse=False):
    """Grow one database through `counts` communities, timing every query shape at each size."""
    app = prepare(url, reset, reuse)
    sizes = []
    with app.app_context():
        load_regions()
        load_default_categories()
        dialect = db.engine.dialect.name
        loaded = db.session.scalar(sa.select(sa.func.count(Community.id)))
        for count in counts:
            started = time.perf_counter()
            generate(loaded, count)
            seconds = time.perf_counter() - started
            loaded = count
            # Fresh statistics (and on PostgreSQL a visibility map for index-only scans), as
            # autovacuum would have them on a running server.
            if dialect == "postgresql":
                with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                    connection.execute(sa.text("VACUUM ANALYZE"))
            else:
                db.session.execute(sa.text("ANALYZE"))
                db.session.commit()
            print(f"\n{dialect}: {count:,} communities ({seconds:.0f} s to add); {runs} runs per shape")
            print(f"{'query':32} {'matches':>8} {'median ms':>10} {'p95 ms':>8}")
            results = time_shapes(runs)
            for label, total, median, p95 in results:
                print(f"{label:32} {shown(total):>8} {median:>10.1f} {p95:>8.1f}")
            medians = [median for _, _, median, _ in results]
            print(f"{'all shapes (median of medians)':32} {'':>8} {statistics.median(medians):>10.1f}")
            sizes.append(dict(count=count, shapes=[
                dict(query=label, matches=total.counted, all_counted=total.complete, median_ms=round(median, 2), p95_ms=round(p95, 2))
                for label, total, median, p95 in results
            ]))
        db.session.remove()
        db.engine.dispose()
    print_growth(dialect, sizes)
    return dict(database=dialect, sizes=sizes)


def print_growth(dialect, sizes):
    """Median per shape at each size, and how many times slower the largest is than the smallest."""
    if len(sizes) < 2:
        return
    print(f"\n{dialect}: median ms by number of communities")
    header = "".join(f"{size['count']:>10,}" for size in sizes)
    print(f"{'query':32}{header} {'growth':>8}")
    for index, (label, _) in enumerate(QUERY_SHAPES):
        medians = [size["shapes"][index]["median_ms"] for size in sizes]
        cells = "".join(f"{median:>10.1f}" for median in medians)
        print(f"{label:32}{cells} {medians[-1] / max(medians[0], 0.01):>7.1f}x")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--count", type=int, action="append",
        help="communities to time at (default 10,000); repeat to grow one database: --count 1000 --count 10000",
    )
    parser.add_argument("--runs", type=int, default=50, help="timed runs per query shape")
    parser.add_argument(
        "--database", action="append",
        help="SQLAlchemy URL, or 'sqlite' for a temporary file (the default); repeat for several",
    )
    parser.add_argument("--reset", action="store_true", help="empty a PostgreSQL database first")
    parser.add_argument("--reuse", action="store_true",
                        help="time a database filled by an earlier run, adding only what --count asks for beyond it")
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE")
    arguments = parser.parse_args()
    counts = sorted(set(arguments.count or [10_000]))
    results = []
    for url in arguments.database or ["sqlite"]:
        if url == "sqlite":
            with tempfile.TemporaryDirectory() as directory:
                path = os.path.join(directory, "benchmark.sqlite")
                results.append(run("sqlite:///" + path, counts, arguments.runs, arguments.reset))
        else:
            results.append(run(url, counts, arguments.runs, arguments.reset, arguments.reuse))
    if arguments.json:
        with open(arguments.json, "w") as f:
            json.dump(dict(date=time.strftime("%Y-%m-%d"), runs=arguments.runs, results=results), f, indent=1)


if __name__ == "__main__":
    main()
