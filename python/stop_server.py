"""Supplied by enid-test: stops the Gunicorn master(s) gracefully, so coverage.py writes its data.

Run with 'python -c' in the container; argv[1] is how many seconds to wait. A SIGTERM to the container
would not reach Gunicorn (the seed's entrypoint runs watchmedo without 'exec'), and testcontainers'
stop() kills at once. Masters are Gunicorn processes whose parent is not Gunicorn. Prints one JSON line,
{"signalled": [pid...], "stillRunning": [pid...]}.
"""
import json, os, signal, sys, time


def read(pid, name, mode='r'):
    try:
        with open('/proc/%d/%s' % (pid, name), mode) as f:
            return f.read()
    except OSError:
        return b'' if 'b' in mode else ''


def argv(pid):
    return [a.decode(errors='replace') for a in read(pid, 'cmdline', 'rb').split(b'\0') if a]


def stat(pid):
    s = read(pid, 'stat')
    return s[s.rindex(')') + 2:].split() if ')' in s else []


def parent(pid):
    fields = stat(pid)
    return int(fields[1]) if len(fields) > 1 else 0


def alive(pid):
    fields = stat(pid)
    return bool(fields) and fields[0] not in ('Z', 'X')


def is_server(args):
    return any(os.path.basename(a).startswith('gunicorn') for a in args[:2])


pids = [int(p) for p in os.listdir('/proc') if p.isdigit() and int(p) != os.getpid()]
masters = [p for p in pids if is_server(argv(p)) and not is_server(argv(parent(p)))]
for p in masters:
    os.kill(p, signal.SIGTERM)
deadline = time.time() + float(sys.argv[1] if len(sys.argv) > 1 else 30)
while time.time() < deadline and any(alive(p) for p in masters):
    time.sleep(0.1)
print(json.dumps({'signalled': masters, 'stillRunning': [p for p in masters if alive(p)]}))
