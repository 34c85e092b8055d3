#!/usr/bin/env bash
# The consumer test (issue 15): what someone who installs docktape from npm meets. Packs every
# package under packages/ (prepack builds and copies LICENSE/NOTICE), makes a fresh project in
# a temporary folder outside the monorepo from tools/consumer/project (no workspace links, no
# ../shared), installs the tarballs plus typescript, vitest, msw and @types/node from the
# registry, and there:
#   - compiles src/ and test/ with tsc under moduleResolution NodeNext and bundler, and expects
#     src/type-error.ts to fail on exactly its lines marked "type error";
#   - runs src/main.ts (list containers, busybox echo) against the daemon in DOCKER_HOST;
#   - runs record-and-replay.sh: `npx docktape proxy --record`, `npx docktape replay` and a
#     vitest test replaying through the project's own msw (the README's quick start);
#   - runs the same test with DOCKTAPE_MODE=live and =record (@docktape/replay/suite).
# Needs DOCKER_HOST (a daemon with busybox:latest) and the npm registry.
# KEEP=1 leaves the temporary folder for a look.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
: "${DOCKER_HOST:?tools/consumer/run.sh needs DOCKER_HOST (a daemon with busybox:latest)}"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/docktape-consumer-XXXXXX")
case "$WORK" in "$ROOT"/*) echo "consumer: $WORK is inside the monorepo" >&2; exit 1 ;; esac
cleanup() {
  local pids
  pids=$(jobs -p)
  [ -z "$pids" ] || kill $pids 2>/dev/null || true
  if [ -n "${KEEP:-}" ]; then echo "consumer: kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
fail() { echo "consumer: FAIL: $*" >&2; exit 1; }
step() { echo "consumer: $*"; }

step "packing into $WORK/tarballs"
mkdir -p "$WORK/tarballs"
for dir in "$ROOT"/packages/*/; do
  (cd "$ROOT" && npm pack --silent -w "packages/$(basename "$dir")" --pack-destination "$WORK/tarballs" >/dev/null)
done
for tgz in "$WORK"/tarballs/*.tgz; do
  listing=$(tar -tzf "$tgz")
  grep -qx 'package/LICENSE' <<<"$listing" || fail "$(basename "$tgz") has no LICENSE"
  grep -qx 'package/README.md' <<<"$listing" || fail "$(basename "$tgz") has no README.md"
  if grep -E '\.test\.|/fixtures/|/src/testing/' <<<"$listing"; then fail "$(basename "$tgz") ships tests or fixtures"; fi
done
api=$(tar -tzf "$WORK"/tarballs/docktape-api-*.tgz)
grep -qx 'package/NOTICE' <<<"$api" || fail "the api tarball has no NOTICE"
grep -qx 'package/dist/generated/docker-api.d.ts' <<<"$api" || fail "the api tarball has no generated types"
git -C "$ROOT" status --porcelain -- packages | grep -E 'LICENSE|NOTICE' && fail "postpack left LICENSE/NOTICE behind"

step "installing the tarballs into a fresh project"
cp -R "$ROOT/tools/consumer/project" "$WORK/app"
cd "$WORK/app"
npm install --no-audit --no-fund --loglevel=error "$WORK"/tarballs/*.tgz typescript@~5.9.3 vitest@^4.0.0 msw@^2.15.0 @types/node@^20.19.0
for pkg in node_modules/@docktape/*; do
  [ -L "$pkg" ] && fail "$pkg is a link, not an installed package"
done
[ "$(find node_modules -path '*/msw/package.json' -not -path '*/msw/*/msw/*' | wc -l)" = 1 ] || fail "more than one msw installed: $(find node_modules -path '*/msw/package.json')"

step "tsc under moduleResolution NodeNext, then bundler"
npx tsc --noEmit -p tsconfig.json
npx tsc --noEmit -p tsconfig.bundler.json

step "tsc must reject src/type-error.ts on each line marked 'type error'"
if npx tsc -p tsconfig.type-error.json >tsc-errors.txt; then fail "src/type-error.ts compiled"; fi
expected=$(grep -n '// type error' src/type-error.ts | cut -d: -f1 | sort -n | tr '\n' ' ')
reported=$(grep -oE '^src/type-error\.ts\(([0-9]+),' tsc-errors.txt | grep -oE '[0-9]+' | sort -nu | tr '\n' ' ')
[ "$expected" = "$reported" ] || { cat tsc-errors.txt; fail "errors on lines [$reported], expected [$expected]"; }

step "src/main.ts against the daemon ($DOCKER_HOST)"
npx tsc -p tsconfig.json
out=$(node out/src/main.js)
grep -qx 'busybox said: hello from busybox' <<<"$out" || fail "main.js printed: $out"

step "record-and-replay.sh (the README's quick start)"
timeout 300 bash -euo pipefail record-and-replay.sh 2>&1 | tee record-and-replay.out
[ "$(grep -cx 'busybox said: hello from busybox' record-and-replay.out)" = 2 ] || fail "recorded and replayed runs did not both print the busybox line"
ls recordings/quick-start/*.har >/dev/null || fail "no finished recording in recordings/quick-start"

step "the same test live, then recording through @docktape/replay/suite, then replaying that"
DOCKTAPE_MODE=live npx vitest run --dir test
DOCKTAPE_MODE=record npx vitest run --dir test
npx vitest run --dir test
step "passed"
