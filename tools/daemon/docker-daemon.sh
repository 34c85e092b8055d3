#!/usr/bin/env bash
# A private Docker daemon for docktape's live tests.
#
#   tools/daemon/docker-daemon.sh start   # install if needed, start, import busybox, print DOCKER_HOST
#   tools/daemon/docker-daemon.sh stop    # stop the daemon this script started, by its pid file
#   tools/daemon/docker-daemon.sh restart # stop by the pid file, then start again on the same socket
#   tools/daemon/docker-daemon.sh host    # print the DOCKER_HOST of a running private daemon
#
# Everything lives under $DOCKTAPE_DAEMON_DIR (default /tmp/docktape-dockerd): its own socket,
# data-root, exec-root and pid file, so it never touches the system daemon. The socket path is
# kept short because unix socket paths are limited to 107 bytes.
# $DOCKTAPE_DAEMON_FLAGS adds dockerd flags (split on spaces), e.g. --live-restore so that
# containers keep running across a restart (as on production hosts) instead of being stopped.
# Why a hand-built image: no registry is reachable on these machines (../shared/REAL-DAEMON.md).
set -euo pipefail

dir=${DOCKTAPE_DAEMON_DIR:-/tmp/docktape-dockerd}
image=${DOCKTAPE_TEST_IMAGE:-busybox:latest}
sock="$dir/docker.sock"
pidfile="$dir/dockerd.pid"
host="unix://$sock"

log() { printf 'docker-daemon: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

answers() { DOCKER_HOST=$host DOCKER_API_VERSION=1.40 docker version >/dev/null 2>&1; }

install_if_missing() {
  if command -v dockerd >/dev/null && [ -x /usr/bin/docker ] && [ -x /bin/busybox ] && /bin/busybox --list >/dev/null 2>&1 && file_is_static /bin/busybox; then
    return
  fi
  [ "$(id -u)" = 0 ] || die "docker.io and busybox-static are missing and installing them needs root (apt-get install -y docker.io busybox-static)"
  log "installing docker.io and busybox-static from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io busybox-static >/dev/null
}

# The image must run without a libc inside it, so only a static busybox will do.
file_is_static() { ! ldd "$1" >/dev/null 2>&1; }

start_daemon() {
  if answers; then log "reusing the daemon already answering on $sock"; return; fi
  [ "$(id -u)" = 0 ] || die "dockerd needs root; run this script as root"
  mkdir -p "$dir/data" "$dir/exec"
  rm -f "$sock" "$pidfile"
  log "starting dockerd on $sock (log: $dir/dockerd.log)"
  # setsid: the daemon must outlive the shell that started it and not get its signals.
  # shellcheck disable=SC2086 # the extra flags are meant to be split
  setsid dockerd --host "$host" --data-root "$dir/data" --exec-root "$dir/exec" \
    --pidfile "$pidfile" ${DOCKTAPE_DAEMON_FLAGS:-} >>"$dir/dockerd.log" 2>&1 < /dev/null &
  for _ in $(seq 1 120); do
    answers && return
    sleep 0.5
  done
  tail -n 30 "$dir/dockerd.log" >&2 || true
  die "dockerd did not answer on $sock within 60 s; see $dir/dockerd.log"
}

import_busybox() {
  if DOCKER_HOST=$host docker image inspect "$image" >/dev/null 2>&1; then return; fi
  log "building and importing $image from the static busybox"
  local root; root=$(mktemp -d)
  mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/root"
  cp /bin/busybox "$root/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
  chmod 1777 "$root/tmp"
  tar -C "$root" -c . | DOCKER_HOST=$host docker import -c 'CMD ["sh"]' - "$image" >/dev/null
  rm -rf "$root"
}

stop_daemon() {
  [ -f "$pidfile" ] || { log "no pid file at $pidfile: nothing to stop"; return; }
  local pid; pid=$(cat "$pidfile")
  log "stopping dockerd pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || { log "stopped"; return; }
    sleep 0.5
  done
  die "dockerd pid $pid did not stop within 30 s"
}

case "${1:-}" in
  start) install_if_missing; start_daemon; import_busybox; echo "$host" ;;
  stop) stop_daemon ;;
  restart) stop_daemon; start_daemon; echo "$host" ;;
  host) answers || die "no daemon answers on $sock; run '$0 start'"; echo "$host" ;;
  *) echo "usage: $0 start|stop|restart|host" >&2; exit 2 ;;
esac
