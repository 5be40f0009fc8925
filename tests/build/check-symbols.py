#!/usr/bin/env python3
"""The shared library exports exactly the map file's symbols, all cmasim_*,
and the map file matches the public headers.  Usage: check-symbols.py LIB MAP GEN"""
import subprocess
import sys

lib, mapfile, gen = sys.argv[1:4]
r = subprocess.run([sys.executable, gen, '--check', mapfile])
if r.returncode:
    sys.exit(1)
out = subprocess.run(['nm', '-D', '--defined-only', lib], capture_output=True, text=True, check=True).stdout
exported = set()
for line in out.splitlines():
    parts = line.split()
    if len(parts) == 3 and parts[1] in 'TDBRW':
        name = parts[2].split('@')[0]
        if name.startswith('CMASIM_'):
            continue
        exported.add(name)
wanted = set()
for line in open(mapfile):
    line = line.strip()
    if line.startswith('cmasim_') and line.endswith(';'):
        wanted.add(line[:-1])
bad = False
for n in sorted(exported - wanted):
    print('exported but not in the map file:', n)
    bad = True
for n in sorted(wanted - exported):
    print('declared in the map file but not defined:', n)
    bad = True
sys.exit(1 if bad else 0)
