#!/usr/bin/env bash
# Starts the machine's PostgreSQL 15 and creates the role and database the test suite uses.
# Idempotent. Used by .ci/run and, when PostgreSQL is down, by the test suite itself.
set -euo pipefail
ROLE="${TEST_PG_ROLE:-estatecore}"
PASS="${TEST_PG_PASSWORD:-estatecore}"
DB="${TEST_PG_DATABASE:-estatecore_test}"
if command -v pg_ctlcluster >/dev/null 2>&1; then
  pg_ctlcluster 15 main start 2>/dev/null || pg_ctlcluster 15 main status >/dev/null
fi
for _ in $(seq 1 30); do
  su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1 && break
  sleep 0.5
done
su postgres -c "psql -qtAc \"DO \\\$\\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN CREATE ROLE $ROLE LOGIN PASSWORD '$PASS' CREATEDB; END IF; END \\\$\\\$;\""
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname = '$DB'\"" | grep -q 1 ||
  su postgres -c "psql -qtAc \"CREATE DATABASE $DB OWNER $ROLE\""
echo "postgres ready: postgres://$ROLE:***@127.0.0.1:5432/$DB"
