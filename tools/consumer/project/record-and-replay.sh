set -m # each background command in its own process group: stop() reaches docktape under npx
stop() { kill -- "-$1"; wait "$1" || true; while kill -0 -- "-$1" 2>/dev/null; do sleep 0.1; done; }

# Record: the proxy between your code and the daemon in DOCKER_HOST writes recordings/quick-start
npx docktape proxy --listen "unix://$PWD/record.sock" --record recordings/quick-start > proxy.out &
proxy=$!
until grep -q 'listening on' proxy.out; do sleep 0.1; done
DOCKER_HOST="unix://$PWD/record.sock" node out/src/main.js
stop $proxy # SIGTERM: the proxy finishes the recording, then exits

# Replay out of process: any Docker client, no daemon
npx docktape replay --fixtures recordings/quick-start --listen "unix://$PWD/replay.sock" > replay.out &
replay=$!
until grep -q 'listening on' replay.out; do sleep 0.1; done
DOCKER_HOST="unix://$PWD/replay.sock" node out/src/main.js
stop $replay

# Replay in process, in a vitest test, through msw (test/hello-docker.spec.ts)
npx vitest run --dir test
