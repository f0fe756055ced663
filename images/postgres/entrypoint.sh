#!/bin/sh
# First start on an empty volume: initdb with POSTGRES_USER as superuser (password auth over TCP,
# scram-sha-256; the socket, reachable only inside the container, trusts: `compose exec` is already root
# there) and create POSTGRES_DB. Every start: run the server in the foreground.
set -eu
: "${POSTGRES_USER:=kalpana}" "${POSTGRES_DB:=kalpana}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  [ -n "${POSTGRES_PASSWORD:-}" ] || { echo "POSTGRES_PASSWORD is required to initialise the database" >&2; exit 1; }
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  initdb -D "$PGDATA" -U "$POSTGRES_USER" --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
  # Other containers (and the host's published loopback port) come in over TCP, always with a password.
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  echo "CREATE DATABASE \"$POSTGRES_DB\" OWNER \"$POSTGRES_USER\";" \
    | postgres --single -D "$PGDATA" -c listen_addresses='' postgres >/dev/null
  echo "kalpana-postgres: initialised $PGDATA (database $POSTGRES_DB)"
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' -c unix_socket_directories=/run/postgresql
