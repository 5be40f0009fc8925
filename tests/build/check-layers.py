#!/usr/bin/env python3
"""lib/'s include graph follows the kernel's layers and has no cycle.

usage: check-layers.py LIBDIR [--inject FILE:HEADER]

A module is a lib/ path without its extension (mm/cma.c and mm/cma.h are
the module mm/cma).  Each module has a layer (LAYERS below, first match
wins); a module may include modules of its own layer or of lower ones,
never a higher one.  Within the graph no cycle is allowed.  A few rules
name pairs that the layer numbers alone do not forbid (RULES).

--inject FILE:HEADER adds one include edge before checking, so that a
test can show that a back-edge really fails the check.

Exit status: 0 clean, 1 a violation (each printed), 2 usage.
"""
import os
import re
import sys

# (path prefix, layer, what lives there).  First match wins.
LAYERS = [
    ('core/lifecycle', 90, 'the instance: creates and destroys every subsystem'),
    ('core/check', 90, 'cmasim_check(): runs every subsystem checker'),
    ('core/', 0, 'instance struct, log, profile, kconfig, random, trace, bitmap'),
    ('mm/memblock', 10, 'memblock'),
    ('mm/page_isolation', 30, 'page isolation'),
    ('mm/migrate', 30, 'migration and the movable-page model'),
    ('mm/page_alloc_contig', 40, 'alloc_contig_range'),
    ('mm/cma', 50, 'CMA areas, cma_alloc, their files'),
    ('mm/hugetlb', 55, 'mm/hugetlb.c: hugetlb_cma= and its areas'),
    ('mm/', 20, 'nodes, zones, memmap, buddy, pcp, watermarks, vmstat'),
    ('dma/', 60, 'kernel/dma: contiguous, direct, pools, coherent'),
    ('of/', 70, 'drivers/of: device trees, reserved memory'),
    ('fs/', 80, '/proc, sysfs and debugfs views'),
    ('boot/', 85, 'setup_arch, machines, boot-log import, early params'),
    ('workload/scenario', 95, 'scenario files: parsed, run on instances they create'),
    ('workload/', 87, 'workloads on a running machine: named allocations, steps'),
]

# (from prefix, to prefix, why): includes forbidden whatever the layers say.
RULES = [
    ('mm/page_alloc_contig', 'mm/cma', 'alloc_contig_range knows no CMA area'),
    ('mm/migrate', 'mm/cma', 'migration knows no CMA area'),
    ('mm/page_isolation', 'mm/cma', 'isolation knows no CMA area'),
    ('mm/', 'dma/', 'mm never knows dma'),
    ('mm/', 'boot/', 'mm never knows boot'),
    ('mm/', 'fs/', 'mm never knows the views'),
]


def layer_of(mod):
    for prefix, layer, _ in LAYERS:
        if mod.startswith(prefix):
            return layer
    return None


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    lib = os.path.abspath(argv[1])
    inject = None
    if len(argv) == 4 and argv[2] == '--inject':
        inject = argv[3].split(':', 1)
    files = []
    for d, _, fs in os.walk(lib):
        for f in fs:
            if f.endswith(('.c', '.h')):
                files.append(os.path.join(d, f))

    def mod(p):
        return os.path.splitext(os.path.relpath(p, lib))[0]

    inc = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
    edges = {}
    for p in sorted(files):
        m = mod(p)
        edges.setdefault(m, set())
        names = inc.findall(open(p, errors='replace').read())
        if inject and os.path.relpath(p, lib) == inject[0]:
            names.append(inject[1])
        for name in names:
            for cand in (os.path.join(lib, name),
                         os.path.join(os.path.dirname(p), name)):
                if os.path.exists(cand):
                    t = mod(cand)
                    if t != m:
                        edges[m].add(t)
                    break

    bad = []
    for m in sorted(edges):
        lm = layer_of(m)
        if lm is None:
            bad.append('%s: not in any layer (add it to LAYERS)' % m)
            continue
        for t in sorted(edges[m]):
            lt = layer_of(t)
            if lt is not None and lt > lm:
                bad.append('%s (layer %d) includes %s (layer %d): a lower '
                           'layer never includes a higher one' % (m, lm, t, lt))
            for a, b, why in RULES:
                if m.startswith(a) and t.startswith(b):
                    bad.append('%s includes %s: %s' % (m, t, why))

    # Cycles (Tarjan), which same-layer includes could still form.
    index, low, on, stack, sccs = {}, {}, set(), [], []
    counter = [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                sccs.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    for c in sccs:
        bad.append('include cycle: ' + ' '.join(c))

    for b in bad:
        print(b)
    print('%d modules, %d include edges, %d violations' %
          (len(edges), sum(len(e) for e in edges.values()), len(bad)))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
