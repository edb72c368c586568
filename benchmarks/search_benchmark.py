"""How fast is the directory search with many communities? Median and p95 per query shape.

Fills a database built by the migrations with N generated communities (varied Indonesian text,
categories, real regions, programs), then times `search_communities`, the function the
/komunitas view calls, for a few query shapes.

    python benchmarks/search_benchmark.py                       # 10,000 on a temporary SQLite file
    python benchmarks/search_benchmark.py --count 100000
    python benchmarks/search_benchmark.py --database sqlite \\
        --database postgresql+psycopg://postgres@127.0.0.1:5432/test_directory --reset

`--reset` empties a PostgreSQL database first (DROP SCHEMA public CASCADE): never point it at
data you want to keep. Without it the database must hold no communities yet.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time

import sqlalchemy as sa

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from flask_migrate import upgrade  # noqa: E402

from webapp import create_app  # noqa: E402
from webapp.directory.services import search_communities  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.models import Category, Community, Program, Regency, utcnow  # noqa: E402
from webapp.regions import load_regions  # noqa: E402
from webapp.taxonomy import load_default_categories  # noqa: E402

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


def generate(count, seed=20240501, batch=2000):
    """Insert `count` communities with 1-3 categories and 0-4 programs each."""
    rng = random.Random(seed)
    categories = db.session.scalars(sa.select(Category)).all()
    regencies = db.session.execute(sa.select(Regency.code, Regency.province_code)).all()
    for start in range(0, count, batch):
        for number in range(start, min(start + batch, count)):
            name = f"{rng.choice(NAME_STARTS)} {rng.choice(NAME_MIDDLES)} {rng.choice(NAME_ENDS)} {number}"
            regency_code, province_code = rng.choice(regencies)
            community = Community(
                slug=f"komunitas-{number}",
                name=name,
                headline=sentence(rng, 4, 10).capitalize(),
                vision=sentence(rng, 10, 30).capitalize() + ".",
                mission=sentence(rng, 10, 30).capitalize() + ".",
                province_code=province_code,
                regency_code=regency_code,
                verified_at=utcnow() if rng.random() < 0.3 else None,
                categories=rng.sample(categories, rng.randint(1, 3)),
                programs=[
                    Program(title=f"{rng.choice(PROGRAM_STARTS)} {sentence(rng, 1, 4)}",
                            description=sentence(rng, 10, 25))
                    for _ in range(rng.randint(0, 4))
                ],
            )
            community.refresh_search_text()
            db.session.add(community)
        db.session.commit()
        db.session.expunge_all()


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
        _, total = search_communities(**arguments)
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
        results.append((label, total, statistics.median(timings), p95))
    return results


def prepare(url, reset):
    if url.startswith("postgresql") and reset:
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        upgrade()
        if db.session.scalar(sa.select(sa.func.count(Community.id))):
            raise SystemExit(f"{url} already holds communities; use an empty database or --reset")
    return app


def run(url, count, runs, reset):
    app = prepare(url, reset)
    with app.app_context():
        load_regions()
        load_default_categories()
        started = time.perf_counter()
        generate(count)
        loaded = time.perf_counter() - started
        # Fresh statistics, as autovacuum would have them on a running server.
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()
        print(f"\n{db.engine.dialect.name}: {count:,} communities loaded in {loaded:.0f} s; {runs} runs per shape")
        print(f"{'query':32} {'matches':>8} {'median ms':>10} {'p95 ms':>8}")
        results = time_shapes(runs)
        for label, total, median, p95 in results:
            print(f"{label:32} {total:>8,} {median:>10.1f} {p95:>8.1f}")
        medians = [median for _, _, median, _ in results]
        print(f"{'all shapes (median of medians)':32} {'':>8} {statistics.median(medians):>10.1f}")
        db.session.remove()
        db.engine.dispose()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="communities to generate")
    parser.add_argument("--runs", type=int, default=50, help="timed runs per query shape")
    parser.add_argument(
        "--database", action="append",
        help="SQLAlchemy URL, or 'sqlite' for a temporary file (the default); repeat for several",
    )
    parser.add_argument("--reset", action="store_true", help="empty a PostgreSQL database first")
    arguments = parser.parse_args()
    for url in arguments.database or ["sqlite"]:
        if url == "sqlite":
            with tempfile.TemporaryDirectory() as directory:
                run("sqlite:///" + os.path.join(directory, "benchmark.sqlite"), arguments.count, arguments.runs, arguments.reset)
        else:
            run(url, arguments.count, arguments.runs, arguments.reset)


if __name__ == "__main__":
    main()
