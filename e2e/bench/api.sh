#!/usr/bin/env bash
# `npm run bench:api`: the /v2 API benchmark on embedded PGlite, then on a throwaway PostgreSQL.
# Needs a production build (`npm run build`).
set -euo pipefail
cd "$(dirname "$0")/../.."
npx tsx e2e/bench/api.ts
.ci/with-postgres.sh bash -c 'BENCH_DATABASE_URL=$TEST_PG_URL npx tsx e2e/bench/api.ts'
