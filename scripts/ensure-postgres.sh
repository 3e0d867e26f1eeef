#!/usr/bin/env bash
# Makes sure the tests' PostgreSQL answers: TEST_DATABASE_URL, else postgres@127.0.0.1:5432/test (the machine's own).
# - It answers: nothing to do.
# - A local Debian cluster is installed but stopped: start it.
# - None is installed (a fresh Debian machine): install Debian's postgresql, start it, create the database `test` and let
#   the postgres user reach only that database from 127.0.0.1 without a password (a throwaway test cluster).
# Anything else fails loudly, saying what to do: the tests never skip PostgreSQL.
set -euo pipefail

url="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
answers() { psql "$url" -Atqc 'SELECT 1' >/dev/null 2>&1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else return 1; fi; }

command -v psql >/dev/null 2>&1 || bash "$(dirname "$0")/ensure-system-packages.sh" psql=postgresql-client
answers && exit 0
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "The tests' PostgreSQL at TEST_DATABASE_URL does not answer (psql \"\$TEST_DATABASE_URL\" -c 'SELECT 1' fails): start it or fix the URL." >&2
  exit 1
fi

fresh=no
if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
  echo "No PostgreSQL cluster here: installing Debian's postgresql for the tests." >&2
  bash "$(dirname "$0")/ensure-system-packages.sh" dpkg:postgresql
  fresh=yes
fi
version="$(ls /etc/postgresql | sort -V | tail -n 1)"
as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done

if [ "$fresh" = yes ]; then
  hba="/etc/postgresql/$version/main/pg_hba.conf"
  as_root sed -i '1i host test postgres 127.0.0.1/32 trust' "$hba"
  as_root su postgres -c "psql -qc \"SELECT pg_reload_conf()\"" >/dev/null
  as_root su postgres -c "createdb test" 2>/dev/null || true
fi
answers && exit 0
echo "PostgreSQL runs but $url does not answer: create the database test and let the postgres user reach it from 127.0.0.1 (README, \"PostgreSQL for the tests\"), or set TEST_DATABASE_URL." >&2
exit 1
