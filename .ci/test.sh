#!/usr/bin/env bash
# `npm test`: static checks, unit tests, database tests on PGlite and on a throwaway
# PostgreSQL, fault tests of built servers, then the Playwright suite against built servers on
# both databases.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

# Each step prints the time since the run started, so stages can be compared between runs.
export TEST_STARTED_AT="${TEST_STARTED_AT:-$(date +%s)}"
step() { printf '\n== %s (at %ss) ==\n' "$1" "$(($(date +%s) - TEST_STARTED_AT))"; }

step "typecheck"
npx --no-install tsc --noEmit -p .
step "lint"
npx --no-install eslint . --max-warnings 0

step "unit tests"
npx --no-install vitest run --project unit

step "database tests on PGlite"
npx --no-install vitest run --project db

step "build"
npm run build

# Servers of this build on PostgreSQL clusters the tests start, stop and restart themselves:
# instances starting together, database restarts, a lock held too long, a sender dying mid-mail.
step "fault tests (production build on PostgreSQL)"
npx --no-install vitest run --project faults

run_on_postgres() {
  set -euo pipefail # the function runs in a new shell, which does not inherit these
  step "database tests on PostgreSQL"
  TEST_DATABASE_URL="$TEST_PG_URL" npx --no-install vitest run --project db
  psql -q "$TEST_PG_URL" -c "create database console_e2e" -c "create database console_e2e_no_smtp"
  step "end-to-end tests (Chromium; PGlite and PostgreSQL servers, and one without SMTP)"
  E2E_DATABASE_URL="${TEST_PG_URL%/postgres}/console_e2e" E2E_NO_SMTP_DATABASE_URL="${TEST_PG_URL%/postgres}/console_e2e_no_smtp" \
    npx --no-install playwright test
}
export -f run_on_postgres step
.ci/with-postgres.sh bash -c run_on_postgres
step "done"
