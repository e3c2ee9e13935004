#!/bin/sh
# Creates Temporal's two PostgreSQL databases (persistence and visibility) and migrates both to the schema of this
# server version. Idempotent: safe at every start. Used as is by `npm run start:postgres`, CI and the compose
# file's temporal-schema job (temporalio/admin-tools), with cluster.env in the environment plus:
#   POSTGRES_SEEDS, DB_PORT, POSTGRES_USER, POSTGRES_PWD   where PostgreSQL is and who may create databases
#   TEMPORAL_SQL_TOOL                                       optional: the temporal-sql-tool binary to use
set -eu
: "${DB:?set DB (config/temporal/cluster.env)}" "${DBNAME:?}" "${VISIBILITY_DBNAME:?}"
: "${POSTGRES_SEEDS:?set POSTGRES_SEEDS}" "${POSTGRES_USER:?set POSTGRES_USER}" "${POSTGRES_PWD:?set POSTGRES_PWD}"
sql_tool="${TEMPORAL_SQL_TOOL:-temporal-sql-tool}"

# The tool reads the connection from its SQL_* variables, so the password never appears in a process list.
export SQL_PLUGIN="$DB" SQL_HOST="$POSTGRES_SEEDS" SQL_PORT="${DB_PORT:-5432}" SQL_USER="$POSTGRES_USER"
export SQL_PASSWORD="$POSTGRES_PWD"

for store in "$DBNAME:postgresql/v12/temporal" "$VISIBILITY_DBNAME:postgresql/v12/visibility"; do
  database="${store%%:*}"
  schema="${store#*:}"
  echo "schema: $database ($schema)"
  "$sql_tool" --database "$database" create-database
  # Version tables at 0.0 on a new database (skipped when already set up), then every migration up to this version.
  "$sql_tool" --database "$database" setup-schema --version 0.0
  "$sql_tool" --database "$database" update-schema --schema-name "$schema"
done
echo "schema: up to date"
