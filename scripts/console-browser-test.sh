#!/usr/bin/env bash
# The operator console in a real headless browser: Debian's chromium driven by playwright-core (npm).
#
# Usage: scripts/console-browser-test.sh BASE_URL TOKEN OUT_DIR
# ConsoleBrowserIT runs this against the packaged jar in `./mvnw verify`; .ci/run installs chromium.
set -euo pipefail
BASE=${1:?usage: $0 BASE_URL TOKEN OUT_DIR}
TOKEN=${2:?token}
OUT=${3:?screenshot folder}
HERE=$(cd "$(dirname "$0")/.." && pwd)
PLAYWRIGHT=playwright-core@1.57.0
MODULES="$HERE/target/browser-test"

if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "chromium not found at ${CHROMIUM:-/usr/bin/chromium}: apt-get install chromium (.ci/run does)" >&2
  exit 1
fi
if [ ! -d "$MODULES/node_modules/playwright-core" ]; then
  mkdir -p "$MODULES"
  # playwright-core never downloads a browser: the Debian package is the browser.
  (cd "$MODULES" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --silent "$PLAYWRIGHT" >/dev/null)
fi
cp "$HERE/src/test/browser/console.mjs" "$MODULES/console.mjs"
cd "$MODULES"
node console.mjs "$BASE" "$TOKEN" "$OUT"
