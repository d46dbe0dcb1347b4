"""Parses Python files with the oldest grammar the shipped scripts support (3.8); prints one JSON line.

usage: python3 parse_all.py FILE...  ->  {"files": n, "lines": n, "errors": ["file:line:col: message", ...]}
Run by test/unit/python/python-sources.test.ts. feature_version makes ast refuse syntax newer than 3.8
(walrus is 3.8 and passes; match statements, except*, parenthesised context managers fail).
"""
import ast
import json
import sys

OLDEST = (3, 8)


def check(path):
    with open(path, encoding='utf-8') as f:
        source = f.read()
    try:
        ast.parse(source, filename=path, feature_version=OLDEST)
    except SyntaxError as exc:
        return source, '%s:%s:%s: %s' % (path, exc.lineno, exc.offset, exc.msg)
    return source, None


def main(paths):
    out = {'files': 0, 'lines': 0, 'errors': []}
    for path in paths:
        source, error = check(path)
        out['files'] += 1
        out['lines'] += len(source.splitlines())
        if error:
            out['errors'].append(error)
    print(json.dumps(out))


if __name__ == '__main__':
    main(sys.argv[1:])
