"""Supplied by enid-test: the directory of the service's manage.py, printed as one line.

Run with 'python -c' and no working directory, so it starts in the image's WORKDIR as the engine
resolved it ('WORKDIR $APP_HOME' included); manage.py is there or up to two levels down
('COPY ./app /app/app'). Prints the cwd when none is found.
"""
import os
def find(d, depth):
    if os.path.isfile(os.path.join(d, 'manage.py')):
        return d
    if depth == 0:
        return None
    try:
        names = sorted(n for n in os.listdir(d) if not n.startswith('.') and n not in ('node_modules', 'proc', 'sys', 'usr', 'lib', 'venv', '.venv'))
    except OSError:
        return None
    for n in names:
        p = os.path.join(d, n)
        if os.path.isdir(p) and not os.path.islink(p):
            f = find(p, depth - 1)
            if f:
                return f
    return None
print(find(os.getcwd(), 2) or os.getcwd())
