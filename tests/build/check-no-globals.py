#!/usr/bin/env python3
"""lib/ has no mutable globals: no symbol of the internal archive lives in a
writable data section (.data, .bss and their variants; .data.rel.ro is
read-only after relocation and is allowed)."""
import re
import subprocess
import sys

out = subprocess.run(['objdump', '-t', sys.argv[1]], capture_output=True, text=True, check=True).stdout
bad = []
for line in out.splitlines():
    m = re.match(r'^[0-9a-f]+\s+.{7}\s+(\S+)\s+[0-9a-f]+\s+(\S+)$', line)
    if not m:
        continue
    sect, name = m.groups()
    if name.startswith('.') or sect.startswith('.data.rel.ro'):
        continue
    if re.match(r'^\.(data|bss|tdata|tbss)(\.|$)', sect):
        bad.append('%s (%s)' % (name, sect))
for b in bad:
    print('writable global:', b)
sys.exit(1 if bad else 0)
