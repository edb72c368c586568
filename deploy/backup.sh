#!/bin/sh
# Dump the database named by DATABASE_URL into DIR (custom format, compressed) and keep the
# newest KEEP dumps. Restore: deploy/restore.sh FILE (README, "Deployment").
set -eu
dir=${1:?usage: backup.sh DIR [KEEP]}
keep=${2:-14}
url=$(printf '%s' "${DATABASE_URL:?DATABASE_URL is not set}" | sed 's/^postgresql+psycopg:/postgresql:/')
mkdir -p "$dir"
file="$dir/jejaring-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_dump --format=custom --no-owner --file="$file.part" "$url"
mv "$file.part" "$file"
ls -1t "$dir"/jejaring-*.dump | tail -n +"$((keep + 1))" | xargs -r rm --
echo "$file"
