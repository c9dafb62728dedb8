#!/usr/bin/env bash
# `npm run bench:pages`: the page benchmark on embedded PGlite, then on a throwaway PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/../.."
npx tsx e2e/bench/pages.ts
.ci/with-postgres.sh bash -c 'BENCH_DATABASE_URL=$TEST_PG_URL npx tsx e2e/bench/pages.ts'
