#!/usr/bin/env bash
# Runs every *.test.ts through node:test with tsx. Node 20 does not expand globs itself.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(find packages e2e -name '*.test.ts' -not -path '*/node_modules/*' | sort)
if [ "${#files[@]}" -eq 0 ]; then
  echo "no test files found" >&2
  exit 1
fi
exec node --import tsx --test --test-concurrency="${TEST_CONCURRENCY:-2}" "$@" "${files[@]}"
