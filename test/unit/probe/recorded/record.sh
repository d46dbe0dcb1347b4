#!/usr/bin/env bash
# Records one real probe run into test/unit/probe/recorded/<fixture>-django<major.minor>.json.
# usage: record.sh <running service container> <its WORKDIR> <fixture name> <python stand-in image> [out dir]
# The container must be a fixture service that booted (database migrated). The command is the one
# probeCommand() builds (probe-script.test.ts checks every recording against it).
set -euo pipefail
container=$1 workdir=$2 fixture=$3 image=$4
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out_dir=${5:-$here}
root=$(cd "$here/../../../.." && pwd)
node="$root/node_modules/.bin/node"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cp "$root/python/django_probe.py" "$tmp/probe.py"
cp "$root/python/enid_url_walk.py" "$tmp/enid_url_walk.py"
bootstrap="import sys; sys.path.append(\"/tmp/enid\"); exec(compile(open(\"/tmp/enid/probe.py\", encoding='utf-8').read(), \"/tmp/enid/probe.py\", 'exec'), {'__name__': '__main__'})"

docker exec "$container" mkdir -p /tmp/enid
docker cp "$tmp/probe.py" "$container:/tmp/enid/probe.py"
docker cp "$tmp/enid_url_walk.py" "$container:/tmp/enid/enid_url_walk.py"
set +e
docker exec -w "$workdir" -e PYTHONDONTWRITEBYTECODE=1 -e PYTHONIOENCODING=utf-8 "$container" \
  python manage.py shell -c "$bootstrap" >"$tmp/stdout" 2>"$tmp/stderr"
code=$?
set -e

FIXTURE=$fixture IMAGE=$image WORKDIR=$workdir CODE=$code BOOTSTRAP=$bootstrap TMP=$tmp OUT=$out_dir "$node" --input-type=module -e "
  import { createHash } from 'node:crypto';
  import { readFileSync, writeFileSync } from 'node:fs';
  const e = process.env;
  const script = readFileSync(e.TMP + '/probe.py', 'utf8') + readFileSync(e.TMP + '/enid_url_walk.py', 'utf8');
  const stdout = readFileSync(e.TMP + '/stdout', 'utf8');
  const line = stdout.split('\n').find((l) => l.startsWith('ENID-PROBE '));
  if (!line) { process.stderr.write(stdout + readFileSync(e.TMP + '/stderr', 'utf8')); process.exit(1); }
  const v = JSON.parse(line.slice(11)).versions;
  const file = e.OUT + '/' + e.FIXTURE + '-django' + v.django.split('.').slice(0, 2).join('.') + '.json';
  writeFileSync(file, JSON.stringify({
    fixture: e.FIXTURE, pythonImage: e.IMAGE, python: v.python, django: v.django, drf: v.drf,
    probeSha256: createHash('sha256').update(script).digest('hex'), workdir: e.WORKDIR,
    command: ['python', 'manage.py', 'shell', '-c', e.BOOTSTRAP], exitCode: Number(e.CODE),
    stdout, stderr: readFileSync(e.TMP + '/stderr', 'utf8'),
  }, null, 2) + '\n');
  console.log(file);"
