#!/usr/bin/env bash
# make check-web: rebuild the browser pages from web/src and web/package-lock.json and fail
# when the result differs from the committed web/dist, which the binary embeds.
set -euo pipefail
cd "$(dirname "$0")/.."
make -s web
if [[ -n "$(git status --porcelain -- web/dist)" ]]; then
  git status --short -- web/dist >&2
  echo "web/dist is stale: run 'make web' and commit web/dist" >&2
  exit 1
fi
