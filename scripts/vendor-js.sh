#!/usr/bin/env bash
# Refresh the vendored front-end files from the npm registry (versions pinned in
# package.json). The copies are committed, so neither `make demo` nor CI needs npm.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp package.json "$tmp/"
(cd "$tmp" && npm install --silent --no-audit --no-fund)
static=src/kunskapsnod/static/vendor
cp "$tmp/node_modules/htmx.org/dist/htmx.min.js" "$static/"
cp "$tmp/node_modules/vega/build/vega.min.js" "$static/"
cp "$tmp/node_modules/vega-lite/build/vega-lite.min.js" "$static/"
cp "$tmp/node_modules/vega-embed/build/vega-embed.min.js" "$static/"
cp "$tmp/node_modules/axe-core/axe.min.js" tests/browser/vendor/
echo "vendored: $(ls "$static" | tr '\n' ' ') axe.min.js"
