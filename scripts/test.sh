#!/usr/bin/env bash
# `npm test`: every test, on a fresh machine too. Installs what it needs (npm packages, Debian's
# Chromium), uses the PostgreSQL on 127.0.0.1:5432 or DATABASE_URL when there is one and a
# throwaway cluster otherwise, runs every suite even after a failure, and exits non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# The AWS SDK pinned here (README) warns in every process that later releases need Node 22.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true

if [ ! -x node_modules/.bin/next ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== installing npm packages"
  # npm install, not npm ci: this registry omits other platforms' optional packages from the
  # lock file, and npm ci refuses such a lock as out of sync.
  npm install --no-audit --no-fund || exit 1
fi
if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing Debian's chromium for the browser tests"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi || exit 1
fi

failed=()
step() {
  local name=$1; shift
  echo; echo "== $name"
  if ! "$@"; then failed+=("$name"); fi
}

step lint npx eslint . --max-warnings 0
step typecheck npx tsc --noEmit
step unit npx vitest run --project unit
step integration npx vitest run --project integration
step emulators npx vitest run --project emulators
rm -rf .tmp/e2e-data
step e2e npx playwright test

echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "All suites passed: lint, typecheck, unit, integration, emulators, e2e."
