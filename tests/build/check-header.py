#!/usr/bin/env python3
"""Compile one public header alone: as C99 -pedantic and, when a C++
compiler is given, as C++.  Usage: check-header.py HEADER INCDIR BUILDINC CC [CXX]"""
import os
import subprocess
import sys
import tempfile

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
print('ok', name)
