#!/usr/bin/env bash
# Every test: lint, type-check, unit tests, then integration and end-to-end tests against real
# pcscd, a real gnome-keyring and real Chromium. Ends with the line `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
passed=0; failed=0
step() { # name, command...
  local name=$1; shift
  if "$@"; then passed=$((passed+1)); echo "ok: $name"; else failed=$((failed+1)); echo "FAILED: $name"; fi
}
# Runs node's test runner on a set of files and adds its pass/fail counts.
node_tests() { # label, concurrency, files...
  local label=$1 conc=$2; shift 2
  [ $# -eq 0 ] && return
  local out; out=$(mktemp)
  "${WRAP[@]}" node --import tsx --test --test-concurrency="$conc" --test-reporter=spec "$@" 2>&1 | tee "$out"
  local p f
  p=$(grep -E '^ℹ pass [0-9]+' "$out" | tail -1 | awk '{print $3}')
  f=$(grep -E '^ℹ fail [0-9]+' "$out" | tail -1 | awk '{print $3}')
  if [ -z "$p" ]; then echo "FAILED: $label runner did not finish"; f=$(( ${f:-0} + 1 )); fi
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  rm -f "$out"
}

step lint npx eslint --max-warnings 0 .
step typecheck npx tsc -p tsconfig.json --noEmit
step build npm run --silent build

mapfile -t unit < <(find test/unit -name '*.test.ts' | sort)
WRAP=()
node_tests unit 2 "${unit[@]}"

mapfile -t integration < <(find test/integration test/e2e -name '*.test.ts' 2>/dev/null | sort)
WRAP=(flock /tmp/lanyard-pcscd.lock bash scripts/with-keyring.sh)  # one pcscd per machine: runs that share it take turns
node_tests integration 1 "${integration[@]}"

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
