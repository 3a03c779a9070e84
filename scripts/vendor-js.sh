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
# vega-interpreter (CSP-safe expression evaluation, no `new Function`) ships only as an ES
# module: bundle it into one IIFE that defines the global `vegaInterpreter`.
printf 'export { expressionInterpreter } from "vega-interpreter";\n' > "$tmp/interpreter-entry.js"
(cd "$tmp" && npx --no-install esbuild interpreter-entry.js --bundle --minify --format=iife \
  --global-name=vegaInterpreter --outfile=vega-interpreter.min.js --log-level=warning)
cp "$tmp/vega-interpreter.min.js" "$static/"
# Source maps are not vendored; a dangling sourceMappingURL breaks collectstatic's manifest.
sed -i '/^\/\/# sourceMappingURL=/d' "$static"/*.js
echo "vendored: $(ls "$static" | tr '\n' ' ') axe.min.js"
