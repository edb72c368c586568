#!/usr/bin/env bash
# Every benchmark, one after the other, each writing its figures to benchmarks/results/*.json.
# Needs: the project installed (pip install -e '.[test]'), /usr/bin/chromium, wrk, PostgreSQL on
# 127.0.0.1:5432 with scratch databases bench_directory and bench_cpu (emptied here!), and `npm install` done
# in benchmarks/. Takes about 15 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p results
python page_weight.py --json results/page_weight.json
python slow_link.py --runs 5 --json results/slow_link.json
python lighthouse.py --runs 3 --json results/lighthouse.json
python throughput.py --json results/throughput.json
python cpu_per_page.py --json results/cpu_sqlite.json
python cpu_per_page.py --database postgresql+psycopg://postgres@127.0.0.1:5432/bench_cpu --json results/cpu_postgresql.json
python search_benchmark.py --count 1000 --count 10000 --count 100000 --database sqlite \
    --database postgresql+psycopg://postgres@127.0.0.1:5432/bench_directory --reset \
    --json results/search.json
