#!/usr/bin/env bash
# The whole suite. Starts the services the tests need (dynalite) and stops them afterwards.
# pytest's exit code 5 ("no tests collected") is an error here: a suite that ran nothing has not passed.
set -uo pipefail
cd "$(dirname "$0")/.."
unset AWS_ENDPOINT_URL AWS_ENDPOINT_URL_DYNAMODB AWS_PROFILE
.venv/bin/python -m pytest -q "$@"
rc=$?
if [ "$rc" -eq 5 ]; then echo "pytest collected no tests" >&2; fi
exit "$rc"
