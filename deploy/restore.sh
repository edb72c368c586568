#!/bin/sh
# Restore a dump made by backup.sh into the (empty) database named by DATABASE_URL, then bring
# its schema up to this release. Stop the app servers and the job consumer first.
set -eu
file=${1:?usage: restore.sh FILE}
url=$(printf '%s' "${DATABASE_URL:?DATABASE_URL is not set}" | sed 's/^postgresql+psycopg:/postgresql:/')
pg_restore --no-owner --exit-on-error --single-transaction --dbname="$url" "$file"
cd "$(dirname "$0")/.."
"${FLASK:-.venv/bin/flask}" --app wsgi db upgrade
