#!/usr/bin/env bash
# Builds the offline stand-ins for postgres, redis and python from Debian bookworm packages, once per
# recipe: every tag carries a hash of .ci/images, so an unchanged recipe is never rebuilt.
# Prints the environment that points enid-test at them:  eval "$(bash .ci/standins.sh)"
# --prune also removes the images of older recipes.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
images="$here/images"
hash=$(cd "$images" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12)
base="enid-standin/base:$hash"

have() { docker image inspect "$1" >/dev/null 2>&1; }

# The Debian mirror comes from this machine's own apt configuration.
mirror() {
  local uri
  uri=$(grep -hE '^\s*URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -n1 || true)
  [ -n "$uri" ] || uri=$(grep -hE '^\s*deb\s' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | grep -v security | head -n1 || true)
  [ -n "$uri" ] || { echo "standins: no Debian mirror found in /etc/apt" >&2; return 1; }
  echo "$uri"
}

if ! have "$base"; then
  command -v debootstrap >/dev/null 2>&1 || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
  root=$(mktemp -d /tmp/enid-rootfs.XXXXXX)
  trap 'rm -rf "$root"' EXIT
  pkgs=$(grep -vE '^\s*(#|$)' "$images/base.packages" | paste -sd, -)
  echo "standins: debootstrap bookworm with $pkgs" >&2
  started=$(date +%s)
  debootstrap --variant=minbase --include="$pkgs" bookworm "$root" "$(mirror)" >"$root.log" 2>&1 || {
    tail -n 30 "$root.log" >&2; exit 1; }
  rm -f "$root.log"
  # Keep the image small: package caches and docs are not needed at run time.
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc "$root"/usr/share/man
  # The base image must not start the distribution's own servers: the stand-in entrypoints do that.
  tar -C "$root" -c . | docker import -c 'ENV LANG=C.UTF-8' - "$base" >/dev/null
  rm -rf "$root"; trap - EXIT
  echo "standins: base image $base in $(( $(date +%s) - started ))s" >&2
fi

for name in postgres redis python; do
  tag="enid-standin/$name:$hash"
  if ! have "$tag"; then
    docker build -q --build-arg BASE="$base" -t "$tag" "$images/$name" >/dev/null
    echo "standins: built $tag" >&2
  fi
done

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
export TESTCONTAINERS_RYUK_DISABLED=true
ENV
