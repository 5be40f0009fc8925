#!/usr/bin/env python3
"""Print lib/libcmasim.sym from the CMASIM_EXPORT declarations of the
public headers, or with --check FILE exit 1 when FILE differs from that
or when the version node does not match meson.build's project version."""
import pathlib
import re
import sys

# One version node.  0.2 reshaped the API by what a user does and removed
# calls of 0.1 (the soname stays 0 before 1.0), so it inherits nothing.
NODE = 'CMASIM_0.2'

root = pathlib.Path(__file__).resolve().parent.parent
names = set()
for h in sorted((root / 'include' / 'cmasim').glob('*.h')):
    text = h.read_text()
    for m in re.finditer(r'CMASIM_EXPORT\b[^;{]*?\b(cmasim_\w+)\s*\(', text, re.S):
        names.add(m.group(1))
out = NODE + ' {\nglobal:\n' + ''.join('\t%s;\n' % n for n in sorted(names)) + 'local:\n\t*;\n};\n'
if len(sys.argv) == 3 and sys.argv[1] == '--check':
    ver = re.search(r"project\([^)]*?version:\s*'(\d+)\.(\d+)\.\d+'",
                    (root / 'meson.build').read_text(), re.S)
    if not ver or 'CMASIM_%s.%s' % ver.groups() != NODE:
        sys.stderr.write('tools/gen-symbols.py: the node %s does not match the project version in meson.build\n' % NODE)
        sys.exit(1)
    cur = pathlib.Path(sys.argv[2]).read_text()
    if cur != out:
        sys.stderr.write('libcmasim.sym is out of date: run tools/gen-symbols.py > lib/libcmasim.sym\n')
        sys.exit(1)
    sys.exit(0)
sys.stdout.write(out)
