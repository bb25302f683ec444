#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 cluster on a loopback port, with
# DATABASE_URL pointing at it, and removes the cluster afterwards (also on failure).
#   scripts/with-postgres.sh npm run test:db
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGPORT=${PGPORT:-55432}
if [ ! -x "$PGBIN/initdb" ]; then
  echo "with-postgres: PostgreSQL 15 server binaries not found in $PGBIN (apt-get install postgresql-15)" >&2
  exit 1
fi
PGDATA=$(mktemp -d)
cleanup() {
  runuser -u pgtest -- "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PGDATA"
}
trap cleanup EXIT
# initdb refuses to run as root: the cluster belongs to a system user made for it.
id pgtest >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin pgtest
chown pgtest "$PGDATA"
chmod 700 "$PGDATA"
runuser -u pgtest -- "$PGBIN/initdb" -D "$PGDATA" -U app --auth=trust -E UTF8 --no-locale >/dev/null
runuser -u pgtest -- "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/log" -w -o "-c listen_addresses=127.0.0.1 \
  -p $PGPORT -k $PGDATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
"$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U app app
export DATABASE_URL="postgresql://app@127.0.0.1:$PGPORT/app"
echo "with-postgres: PostgreSQL 15 on 127.0.0.1:$PGPORT"
"$@"
