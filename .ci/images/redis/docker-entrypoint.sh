#!/bin/sh
# Like the official image: when the command is redis-server (also a compose `command:` such as
# `redis-server --appendonly yes`), turn protected mode off so other containers are not DENIED.
set -eu
if [ "${1#-}" != "$1" ]; then set -- redis-server "$@"; fi
if [ "$1" = redis-server ]; then
  shift
  exec redis-server --protected-mode no "$@"
fi
exec "$@"
