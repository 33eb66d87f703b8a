#!/usr/bin/env bash
# Pin every package the app and the tests install, direct and indirect, with hashes:
# requirements-dev.lock from requirements-dev.txt, then requirements.lock from requirements.txt
# held to the same versions. scripts/test.sh installs from requirements-dev.lock.
# After changing a requirements*.txt, or to take newer releases (--upgrade), run this and commit
# the three files together.  Usage: bash scripts/lock.sh [--upgrade | --upgrade-package NAME]
set -euo pipefail
cd "$(dirname "$0")/.."

python -m uv --version >/dev/null 2>&1 || python -m pip install -q --disable-pip-version-check "uv==0.13.9"
compile() {
    python -m uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
        --custom-compile-command "bash scripts/lock.sh" "$@"
}
compile "$@" requirements-dev.txt -o requirements-dev.lock
compile requirements.txt -c requirements-dev.lock -o requirements.lock
echo "requirements-dev.lock: $(grep -c '^[a-z0-9]' requirements-dev.lock) packages; requirements.lock: $(grep -c '^[a-z0-9]' requirements.lock)"
