#!/usr/bin/env python3
"""docs/architecture.md tells the truth about lib/.

usage: check-architecture.py SRCDIR

Checks, claim by claim:
- the table "Kernel functions and their twins": every row names a lib/
  file that exists and a function (or macro) defined in that file;
- the table "lib/ file by file": every lib/ source file is listed, and every
  file listed exists;
- the layer table matches tests/build/check-layers.py's LAYERS.
Exit status 0, or 1 with one line per false claim.
"""
import os
import re
import sys


def table_rows(text, heading):
    """Rows (lists of cells) of the first table after the heading line."""
    lines = text.splitlines()
    try:
        start = next(i for i, l in enumerate(lines)
                     if l.startswith('#') and heading in l)
    except StopIteration:
        return None
    rows, seen_table = [], False
    for l in lines[start + 1:]:
        if l.startswith('|'):
            seen_table = True
            cells = [c.strip() for c in l.strip().strip('|').split('|')]
            if all(re.fullmatch(r':?-+:?', c) for c in cells):
                continue
            rows.append(cells)
        elif seen_table:
            break
        elif l.startswith('#'):
            break
    return rows[1:] if rows else rows  # drop the header row


def strip_code(cell):
    return cell.replace('`', '').strip()


def defines(path, name):
    src = open(path, errors='replace').read()
    # A function definition: the name at the start of a line, or after the
    # return type on the same line, followed by '(' and, later, a '{' line.
    fn = re.compile(r'^(?:[A-Za-z_][\w \*]*?[ \*])?' + re.escape(name) +
                    r'\s*\(', re.M)
    for m in fn.finditer(src):
        line = src[m.start():src.find('\n', m.start())]
        if line.rstrip().endswith(';'):
            continue
        return True
    macro = re.compile(r'^#\s*define\s+' + re.escape(name) + r'\b', re.M)
    return bool(macro.search(src))


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    top = argv[1]
    doc = open(os.path.join(top, 'docs', 'architecture.md')).read()
    bad = []

    rows = table_rows(doc, 'Kernel functions and their twins')
    if not rows:
        bad.append('no table under a heading "Kernel functions and their twins"')
    for r in rows or []:
        if len(r) < 4:
            bad.append('short row: %s' % ' | '.join(r))
            continue
        kfn, _kfile, lfile, lfn = (strip_code(c) for c in r[:4])
        path = os.path.join(top, 'lib', lfile)
        if not os.path.isfile(path):
            bad.append('%s: lib/%s does not exist' % (kfn, lfile))
            continue
        for name in re.split(r'[,\s]+', lfn):
            name = name.strip('()')
            if name and not defines(path, name):
                bad.append('%s: %s is not defined in lib/%s' %
                           (kfn, name, lfile))

    files = table_rows(doc, 'lib/ file by file')
    if not files:
        bad.append('no table under a heading "lib/ file by file"')
    listed = set()
    for r in files or []:
        for f in re.split(r'[,\s]+', strip_code(r[0])):
            if f:
                listed.add(f)
    actual = set()
    for d, _, fs in os.walk(os.path.join(top, 'lib')):
        for f in fs:
            if f.endswith(('.c', '.h')):
                actual.add(os.path.relpath(os.path.join(d, f),
                                           os.path.join(top, 'lib')))
    for f in sorted(actual - listed):
        bad.append('lib/%s is not in the "lib/ file by file" table' % f)
    for f in sorted(listed - actual):
        bad.append('the "lib/ file by file" table lists lib/%s, which does '
                   'not exist' % f)

    layers = table_rows(doc, 'Layers')
    sys.path.insert(0, os.path.join(top, 'tests', 'build'))
    import importlib
    cl = importlib.import_module('check-layers')
    want = [(p, n) for p, n, _ in cl.LAYERS]
    got = []
    for r in layers or []:
        if len(r) >= 2:
            try:
                got.append((strip_code(r[0]), int(strip_code(r[1]))))
            except ValueError:
                bad.append('layer row with no number: %s' % ' | '.join(r))
    if got != want:
        bad.append('the "Layers" table differs from tests/build/'
                   'check-layers.py LAYERS:\n  doc:  %s\n  test: %s' %
                   (got, want))

    for b in bad:
        print(b)
    nrows = len(rows or [])
    print('%d kernel functions, %d lib files, %d false claims' %
          (nrows, len(actual), len(bad)))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
