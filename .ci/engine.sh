# shellcheck shell=bash
# Container engine for CI and local set-up on a machine without one: Debian's docker.io, started here
# when `docker info` fails, stopped again by stop_engine only if this script started it; and the
# browser the report tests use (ensure_browser).
ENID_DOCKERD_PID=""

ensure_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
  command -v docker >/dev/null 2>&1 || missing+=(docker.io)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "ci: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# Debian's Chromium renders report.html in the tests (playwright-core drives it: no browser download);
# the tests fail in CI without it. DejaVu gives the screenshots real glyphs.
ensure_browser() {
  if [ -x /usr/bin/chromium ]; then
    echo "ci: chromium already installed"
    return 0
  fi
  echo "ci: installing chromium"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
}

ensure_engine() {
  if docker info >/dev/null 2>&1; then
    echo "ci: container engine already running"
    return 0
  fi
  ensure_packages
  local log=${ENID_DOCKERD_LOG:-/tmp/enid-dockerd.log}
  echo "ci: starting dockerd (log: $log)"
  dockerd >"$log" 2>&1 &
  ENID_DOCKERD_PID=$!
  local i
  for i in $(seq 1 60); do
    if docker info >/dev/null 2>&1; then
      echo "ci: dockerd ready after ${i}s ($(docker version --format '{{.Server.Version}}'))"
      return 0
    fi
    if ! kill -0 "$ENID_DOCKERD_PID" 2>/dev/null; then break; fi
    sleep 1
  done
  echo "ci: dockerd did not come up; last lines of $log:" >&2
  tail -n 30 "$log" >&2
  return 1
}

stop_engine() {
  if [ -n "$ENID_DOCKERD_PID" ] && kill -0 "$ENID_DOCKERD_PID" 2>/dev/null; then
    echo "ci: stopping the dockerd this run started"
    kill "$ENID_DOCKERD_PID" 2>/dev/null || true
    local i
    for i in $(seq 1 20); do kill -0 "$ENID_DOCKERD_PID" 2>/dev/null || return 0; sleep 0.5; done
    kill -9 "$ENID_DOCKERD_PID" 2>/dev/null || true
  fi
}

# Debian's docker-compose 1.29: the bench's by-hand baseline and test/integration/bench-safety.test.ts
# run the seed's compose workflow with it (without it, that test case is skipped). Not fatal: nothing
# else needs it.
ensure_compose() {
  command -v docker-compose >/dev/null 2>&1 && return 0
  echo "ci: installing docker-compose"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null; } ||
    echo "ci: docker-compose could not be installed; the compose case of bench-safety.test.ts is skipped" >&2
}
