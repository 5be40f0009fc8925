#!/usr/bin/env python3
"""Compile one public header alone: as C99 -pedantic and, when a C++
compiler is given, as C++; and check that every CMASIM_EXPORT function has
a doc comment right above it with "name() - summary", an @line for each
parameter and a Return: list (STYLE.md A.2).
Usage: check-header.py HEADER INCDIR BUILDINC CC [CXX]"""
import os
import re
import subprocess
import sys
import tempfile


def doc_problems(text):
    probs = []
    decl = re.compile(r'CMASIM_EXPORT\b[^;{]*?\b(cmasim_\w+)\s*\(([^;{]*?)\)\s*;', re.S)
    for m in decl.finditer(text):
        name, params = m.group(1), m.group(2)
        before = text[:m.start()].rstrip()
        if not before.endswith('*/') or '/**' not in before:
            probs.append('%s: no doc comment right above it' % name)
            continue
        doc = before[before.rindex('/**'):]
        if not re.search(r'\b%s\(\) - ' % name, doc):
            probs.append('%s: no "%s() - summary" line' % (name, name))
        for p in params.split(','):
            p = p.strip()
            if not p or p == 'void':
                continue
            pname = re.search(r'(\w+)\s*$', p).group(1)
            if not re.search(r'@%s\b' % pname, doc):
                probs.append('%s: @%s is not documented' % (name, pname))
        if 'Return:' not in doc:
            probs.append('%s: no Return: list' % name)
    return probs

header, incdir, buildinc, cc = sys.argv[1:5]
cxx = sys.argv[5] if len(sys.argv) > 5 else ''
name = os.path.basename(header)
with tempfile.TemporaryDirectory() as d:
    src = os.path.join(d, 't.c')
    with open(src, 'w') as f:
        f.write('#include <cmasim/%s>\nint main(void) { return 0; }\n' % name)
    cmd = [cc, '-std=c99', '-pedantic', '-Werror', '-Wall', '-Wextra',
           '-I', incdir, '-I', buildinc, '-c', src, '-o', os.path.join(d, 't.o')]
    r = subprocess.run(cmd)
    if r.returncode:
        print('C99 -pedantic failed for', name)
        sys.exit(1)
    if cxx:
        srcpp = os.path.join(d, 't.cpp')
        with open(srcpp, 'w') as f:
            f.write('#include <cmasim/%s>\nint main() { return 0; }\n' % name)
        cmd = [cxx, '-std=c++11', '-pedantic', '-Werror', '-Wall', '-Wextra',
               '-I', incdir, '-I', buildinc, '-c', srcpp, '-o', os.path.join(d, 'tp.o')]
        r = subprocess.run(cmd)
        if r.returncode:
            print('C++ failed for', name)
            sys.exit(1)
probs = doc_problems(open(header).read())
for p in probs:
    print('%s: %s' % (name, p))
if probs:
    sys.exit(1)
print('ok', name)
