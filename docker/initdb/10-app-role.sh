#!/usr/bin/env bash
# Runs once, when the postgres container initialises an empty data volume: creates the role the
# server logs in as. It owns the database (so its migrations can create the dbadmin schema and the
# tables it manages) but is no superuser: it cannot read other databases' files, create roles,
# load extensions from disk or bypass row security. POSTGRES_USER stays the superuser, for
# operators only.
set -euo pipefail

: "${DB_ADMIN_DB_USER:?set DB_ADMIN_DB_USER in docker/.env}"
: "${DB_ADMIN_DB_PASSWORD:?set DB_ADMIN_DB_PASSWORD in docker/.env}"

# psql variables are quoted by psql itself (:'name' a literal, :"name" an identifier).
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v app_user="$DB_ADMIN_DB_USER" -v app_password="$DB_ADMIN_DB_PASSWORD" -v db="$POSTGRES_DB" <<'SQL'
CREATE ROLE :"app_user" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
    PASSWORD :'app_password';
ALTER DATABASE :"db" OWNER TO :"app_user";
ALTER SCHEMA public OWNER TO :"app_user";
-- pg_stat_statements and pg_stat_activity details for the runbook's checks, without superuser.
GRANT pg_monitor TO :"app_user";
SQL
