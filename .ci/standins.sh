#!/usr/bin/env bash
# Builds the offline stand-ins from Debian packages, once per recipe: postgres, redis and python from
# bookworm, and a second python (3.13, Django 4.2) from trixie for services that outgrow bookworm's
# Django 3.2. Every tag carries a hash of the recipe, so an unchanged recipe is never rebuilt.
# Prints the environment that points enid-test at them:  eval "$(bash .ci/standins.sh)"
# --prune also removes the images of older recipes.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
images="$here/images"
# This script is part of the recipe too (what goes into a base, what is stripped from it): a change
# here must not be masked by images built the old way under the same tag.
hash=$( { (cd "$images" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
          sha256sum < "${BASH_SOURCE[0]}"; } | sha256sum | cut -c1-12)

have() { docker image inspect "$1" >/dev/null 2>&1; }
log() { echo "standins: $*" >&2; }

# The Debian mirror comes from this machine's own apt configuration.
mirror() {
  local uri
  uri=$(grep -hE '^\s*URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -n1 || true)
  [ -n "$uri" ] || uri=$(grep -hE '^\s*deb\s' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | grep -v security | head -n1 || true)
  [ -n "$uri" ] || { echo "standins: no Debian mirror found in /etc/apt" >&2; return 1; }
  echo "$uri"
}

# debootstrap unmounts /proc and /sys of the new root itself, but if it dies half-way they can stay
# mounted, and rm -rf must never walk into the host's /proc or /sys through them.
drop_root() {
  local root=$1 mnt
  for mnt in $(awk -v r="$root/" 'index($2, r) == 1 {print $2}' /proc/mounts | sort -r); do
    umount -l "$mnt" 2>/dev/null || true
  done
  rm -rf "$root" "$root.log"
}

# One release's base image: a minimal debootstrap into $root with the packages of its list, imported
# as-is.
make_base() {
  local release=$1 list=$2 tag=$3 root=$4 pkgs started mirror_uri
  mirror_uri=$(mirror)
  pkgs=$(grep -vE '^\s*(#|$)' "$list" | paste -sd, -)
  log "debootstrap $release with $pkgs"
  started=$(date +%s)
  debootstrap --variant=minbase --include="$pkgs" "$release" "$root" "$mirror_uri" >"$root.log" 2>&1 || {
    log "debootstrap $release failed; last lines:"; tail -n 30 "$root.log" | sed "s/^/  [$release] /" >&2
    return 1; }
  # Keep the image small: package caches and docs are not needed at run time.
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc "$root"/usr/share/man
  # The base image must not start the distribution's own servers: the stand-in entrypoints do that.
  tar -C "$root" -c . | docker import -c 'ENV LANG=C.UTF-8' - "$tag" >/dev/null
  # The rootfs is in the image now; free its disk before the stand-ins are built on top.
  drop_root "$root"
  log "base image $tag in $(( $(date +%s) - started ))s"
}

# A release's base, then the stand-ins built on it ("name=recipe-dir" pairs), each only if missing.
build_release() {
  local release=$1 list=$2 base=$3 root=$4 pair name dir tag
  shift 4
  if ! have "$base"; then make_base "$release" "$list" "$base" "$root"; fi
  for pair in "$@"; do
    name=${pair%%=*} dir=${pair#*=}
    tag="enid-standin/$name:$hash"
    if ! have "$tag"; then
      docker build -q --build-arg BASE="$base" -t "$tag" "$images/$dir" >/dev/null
      log "built $tag"
    fi
  done
}

base_bookworm="enid-standin/base:$hash"
base_trixie="enid-standin/base-trixie:$hash"

if ! have "$base_bookworm" || ! have "$base_trixie"; then
  # Installed once up front: two debootstraps must not race each other through apt-get.
  command -v debootstrap >/dev/null 2>&1 || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
fi

# The two releases share nothing, and a cold debootstrap spends most of its time waiting on downloads
# and dpkg, so they run side by side. Each runs in a subshell, so set -e stays its own and a failure in
# one still lets the other finish (its images are reused by the next run).
# Without job control, background jobs ignore Ctrl-C and would go on debootstrapping after this script
# is gone: set -m puts each in a process group of its own that the trap below can stop as a whole. The
# trap also owns the rootfs directories, since a killed job cannot be relied on to remove its own.
set -m
root_bookworm=$(mktemp -d /tmp/enid-rootfs-bookworm.XXXXXX)
root_trixie=$(mktemp -d /tmp/enid-rootfs-trixie.XXXXXX)
jobs_running=""
finish() {
  local pid i
  for pid in $jobs_running; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in $jobs_running; do
    wait "$pid" 2>/dev/null || true
    # debootstrap may still be unmounting after its subshell is gone; give it a moment to let go.
    for i in $(seq 1 50); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.2; done
  done
  drop_root "$root_bookworm"; drop_root "$root_trixie"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
build_release bookworm "$images/base.packages" "$base_bookworm" "$root_bookworm" \
  postgres=postgres redis=redis python=python &
pid_bookworm=$!
jobs_running="$pid_bookworm"
# The trixie python stand-in is the same recipe as the bookworm one, on another base.
build_release trixie "$images/trixie.packages" "$base_trixie" "$root_trixie" python-trixie=python &
pid_trixie=$!
jobs_running+=" $pid_trixie"
failed=""
wait "$pid_bookworm" || failed+=" bookworm"
wait "$pid_trixie" || failed+=" trixie"
jobs_running=""
set +m
[ -z "$failed" ] || { log "stand-ins for$failed could not be built"; exit 1; }

# Older recipes' images are dead weight, but another checkout (a CI run beside a developer's) may still
# use them: remove them only when asked.
if [ "${1:-}" = "--prune" ]; then
  docker images --format '{{.Repository}}:{{.Tag}}' | grep '^enid-standin/' | grep -v ":$hash\$" \
    | xargs -r docker rmi >/dev/null 2>&1 || true
fi

cat <<ENV
export ENID_POSTGRES_IMAGE=enid-standin/postgres:$hash
export ENID_REDIS_IMAGE=enid-standin/redis:$hash
export ENID_PYTHON_IMAGE=enid-standin/python:$hash
export ENID_PYTHON_IMAGE_TRIXIE=enid-standin/python-trixie:$hash
export TESTCONTAINERS_RYUK_DISABLED=true
ENV
