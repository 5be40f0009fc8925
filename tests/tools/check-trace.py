#!/usr/bin/env python3
"""--trace and --events of cmasim boot and run, for the 'tools' suite:

  check-trace.py CMASIM SCENARIO

boot    --trace FILE writes the nop tracer's header, then one line per
        event, the task cmasim-1 on CPU 0 and a clock one microsecond a
        line; every event is on without --events.
events  --events A,B writes only those; the same run twice gives the
        same file, byte for byte.
run     run --trace on a scenario writes its cma_alloc() events, as many
        cma_alloc_finish as cma_alloc_start.
"""
import os
import re
import subprocess
import sys
import tempfile

LINE = re.compile(r'^ +cmasim-1 +\[000\] \.{5} +(\d+)\.(\d{6}): ([a-z_]+): ')


def cmasim(args):
    p = subprocess.run([CMASIM] + args, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit('check-trace: %s exited %d: %s' % (' '.join(args), p.returncode, p.stderr))


def events(path):
    with open(path) as f:
        text = f.read()
    lines = text.splitlines()
    if not lines or lines[0] != '# tracer: nop':
        sys.exit('check-trace: %s: no "# tracer: nop" header' % path)
    body = [l for l in lines if not l.startswith('#')]
    names = []
    for i, l in enumerate(body):
        m = LINE.match(l)
        if not m:
            sys.exit('check-trace: %s: not a trace line: %r' % (path, l))
        usec = int(m.group(1)) * 1000000 + int(m.group(2))
        if usec != i + 1:
            sys.exit('check-trace: %s: line %d at %d us' % (path, i + 1, usec))
        names.append(m.group(3))
    return text, names


CMASIM, SCENARIO = sys.argv[1], sys.argv[2]
with tempfile.TemporaryDirectory() as d:
    a = os.path.join(d, 'all.txt')
    cmasim(['boot', '--mem', '1G', '--cmdline', 'cma=64M', '--trace', a])
    _, names = events(a)
    for want in ('cma_alloc_start', 'cma_alloc_finish', 'mm_page_alloc',
                 'mm_page_free', 'test_pages_isolated'):
        if want not in names:
            sys.exit('check-trace: boot --trace: no %s event' % want)

    pick = ['cma_alloc_start', 'cma_alloc_finish']
    b1, b2 = os.path.join(d, 'b1.txt'), os.path.join(d, 'b2.txt')
    for b in (b1, b2):
        cmasim(['boot', '--mem', '1G', '--cmdline', 'cma=64M', '--trace', b,
                '--events', ','.join(pick)])
    t1, n1 = events(b1)
    t2, _ = events(b2)
    if set(n1) != set(pick) or len(n1) != names.count(pick[0]) + names.count(pick[1]):
        sys.exit('check-trace: --events %s wrote %s' % (','.join(pick), sorted(set(n1))))
    if t1 != t2:
        sys.exit('check-trace: the same boot traced twice differs')

    r = os.path.join(d, 'run.txt')
    cmasim(['run', '-q', '--trace', r, '--events', 'cma_alloc_start,cma_alloc_finish',
            SCENARIO])
    _, n = events(r)
    if not n or n.count('cma_alloc_start') != n.count('cma_alloc_finish'):
        sys.exit('check-trace: run --trace: %d starts, %d finishes' %
                 (n.count('cma_alloc_start'), n.count('cma_alloc_finish')))
print('check-trace: boot, events and run traced as documented')
