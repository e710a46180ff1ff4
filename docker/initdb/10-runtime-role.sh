#!/bin/sh
# Run once by the postgres image on a new volume (docker-entrypoint-initdb.d), as the owner POSTGRES_USER:
# the service's runtime role. Its grants come with `ledger db migrate` (the compose file's migrate service).
# An existing volume from before the two roles: run the same statement once with
#   docker compose exec postgres psql -U ledger -d ledger -c "create role ledger_app login password '...'"
set -eu
psql -v ON_ERROR_STOP=1 -v pw="${LEDGER_APP_DB_PASSWORD:-ledger_app}" --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
select format('create role ledger_app login noinherit password %L', :'pw')
 where not exists (select from pg_roles where rolname = 'ledger_app') \gexec
revoke create on schema public from public;
SQL
