#!/usr/bin/env python3
"""Print lib/libcmasim.sym from the CMASIM_EXPORT declarations of the
public headers, or with --check FILE exit 1 when FILE differs from that."""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
names = set()
for h in sorted((root / 'include' / 'cmasim').glob('*.h')):
    text = h.read_text()
    for m in re.finditer(r'CMASIM_EXPORT\b[^;{]*?\b(cmasim_\w+)\s*\(', text, re.S):
        names.add(m.group(1))
out = 'CMASIM_0.1 {\nglobal:\n' + ''.join('\t%s;\n' % n for n in sorted(names)) + 'local:\n\t*;\n};\n'
if len(sys.argv) == 3 and sys.argv[1] == '--check':
    cur = pathlib.Path(sys.argv[2]).read_text()
    if cur != out:
        sys.stderr.write('libcmasim.sym is out of date: run tools/gen-symbols.py > lib/libcmasim.sym\n')
        sys.exit(1)
    sys.exit(0)
sys.stdout.write(out)
