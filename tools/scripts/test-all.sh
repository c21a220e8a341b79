#!/usr/bin/env bash
# Every check of the project, in the order a reviewer cares about: local services, format,
# lint (with module boundaries), type check, unit tests, integration tests against the real
# PostgreSQL, Redis, RabbitMQ and S3 API, end-to-end tests of the built services with both
# simulators. Ends with the line `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/../.."
export NX_NO_CLOUD=true NX_DAEMON=false NX_TUI=false NG_CLI_ANALYTICS=false PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export JEST_SILENT="${JEST_SILENT:-true}"

started=$SECONDS
failed_steps=()
run_step() {
  local name=$1
  shift
  echo
  echo "==> ${name}"
  local step_started=$SECONDS
  if "$@"; then
    echo "<== ${name}: ok ($((SECONDS - step_started)) s)"
  else
    echo "<== ${name}: FAILED ($((SECONDS - step_started)) s)"
    failed_steps+=("$name")
  fi
}

rm -rf reports/jest
run_step "local services (PostgreSQL, Redis, RabbitMQ)" node tools/infra/infra-up.mjs
if [ ${#failed_steps[@]} -gt 0 ]; then
  echo "The local services are not available; see the messages above."
  echo "0 passed, 1 failed"
  exit 1
fi
run_step "format check" npx prettier --check . --log-level warn
run_step "lint" npx nx run-many -t lint --output-style=static
run_step "type check" npx nx run-many -t typecheck --output-style=static
run_step "build apps" npx nx run-many -t build --output-style=static
run_step "unit tests" npx nx run-many -t test --output-style=static
run_step "integration tests" npx nx run-many -t integration --parallel=1 --output-style=static
run_step "end-to-end tests" npx nx run-many -t e2e --parallel=1 --output-style=static

echo
echo "Total time: $((SECONDS - started)) s"
node tools/scripts/summarize-tests.mjs
tests_status=$?
if [ ${#failed_steps[@]} -gt 0 ]; then
  echo "Failed steps: ${failed_steps[*]}"
  exit 1
fi
exit $tests_status
