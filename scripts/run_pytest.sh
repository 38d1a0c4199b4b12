#!/usr/bin/env bash
# Run pytest; a run that collects no test (exit 5) is a failure, not a success.
set -u
cd "$(dirname "$0")/.."
.venv/bin/pytest "$@"
status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: treating as a failure" >&2
  exit 1
fi
exit "$status"
