"""Supplied by enid-test: the migration files in the container, relative to the code directory.

Run with 'python -c' in the code directory. Apps sit one or two levels under it ('shop/',
'apps/shop/'); deeper is a vendored tree. One path a line, sorted.
"""
import glob
for p in sorted(glob.glob('*/migrations/*.py') + glob.glob('*/*/migrations/*.py')):
    print(p)
