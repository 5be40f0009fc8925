#!/usr/bin/env python3
"""`cmasim map` on many machines, checked against the simulator's own
counts, as TAP for the 'tools' suite:

  check-map.py CMASIM [SHARED]

For each machine (the default, a few built ones, a 1 TiB server, every
capture under SHARED booted from its log (with its device tree where the
capture has one), every real board's device tree): the SVG is valid XML
(xml.etree), its cells' pageblocks add up, per zone and migratetype, to
the "Number of blocks type" lines of `cmasim show pagetypeinfo` of the
same machine; the cells are those of `cmasim map --json`; and each
character of `cmasim map --text` is the one its cell calls for.
"""
import json
import pathlib
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

SVG = '{http://www.w3.org/2000/svg}'
TYPES = ['Unmovable', 'Movable', 'Reclaimable', 'HighAtomic', 'CMA', 'Isolate']
LETTER = dict(zip(TYPES, 'UMRHCI'))


def run(cmasim, args):
    r = subprocess.run([cmasim] + args, capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError('%s: exit %d: %s' % (' '.join(args), r.returncode,
                                                r.stderr.strip()[-300:]))
    return r.stdout


def pagetypeinfo(text):
    """{(node, zone): {type: count}} from the 'Number of blocks type' lines."""
    out, names = {}, None
    for line in text.splitlines():
        if line.startswith('Number of blocks type'):
            names = line[len('Number of blocks type'):].split()
            continue
        m = re.match(r'Node (\d+), zone\s+(\S+)\s+([\d\s]+)$', line)
        if names and m and len(m.group(3).split()) == len(names):
            out[(int(m.group(1)), m.group(2))] = dict(
                zip(names, map(int, m.group(3).split())))
    return out


def range_counts(cmasim, args, part, zones):
    """A --range map's pageblocks, from the whole machine's map (cells
    grouped to fit) over the same range: the grouping must add up."""
    k = args.index('--range')
    whole = json.loads(run(cmasim, ['map', '--json'] + args[:k] + args[k + 2:]))['map']
    page = (whole['end'] - whole['start']) // (
        len(whole['cells']) * whole['pageblock_pages'] * whole['pageblocks_per_cell'])
    out = {}
    for c in whole['cells']:
        if not part['start'] <= c['pfn'] * page < part['end']:
            continue
        for z in c['pageblocks']:
            row = out.setdefault(zones[z['zone']], dict.fromkeys(TYPES, 0))
            for t in TYPES:
                row[t] += z[t]
    return out


def cell_char(c):
    """The character `map --text` draws for a JSON cell."""
    present = c['online_pages'] - c['absent_pages']
    if c['type'] is None or not present:
        return ' '
    if c['cma_blocked_pages']:
        return '!'
    if c['reserved_pages'] == present:
        return '#'
    used = c['movable_pages'] + c['unmovable_pages'] + c['reserved_pages']
    letter = LETTER[c['type']]
    return letter if used else letter.lower()


def check(cmasim, args):
    svg = ET.fromstring(run(cmasim, ['map'] + args))
    assert svg.tag == SVG + 'svg', svg.tag
    doc = json.loads(run(cmasim, ['map', '--json'] + args))['map']
    zones = {z['zone']: (z['node'], z['name']) for z in doc['zones']}
    if '--range' in args:
        want = range_counts(cmasim, args, doc, zones)
    else:
        want = pagetypeinfo(run(cmasim, ['show', 'pagetypeinfo'] + args))

    # the SVG's cells, by pfn, and their pageblocks per zone and type
    got, pfns = {}, []
    for g in svg.iter(SVG + 'g'):
        if g.get('class') != 'cell':
            continue
        pfns.append(int(g.get('data-pfn')))
        for part in filter(None, g.get('data-zones').split(';')):
            slot, counts = part.split(':')
            key = zones[int(slot)]
            row = got.setdefault(key, dict.fromkeys(TYPES, 0))
            for t, n in zip(TYPES, map(int, counts.split(','))):
                row[t] += n
    for key, row in want.items():
        mine = got.get(key, dict.fromkeys(TYPES, 0))
        for t, n in row.items():
            assert mine[t] == n, 'node %d zone %s %s: %d cells, pagetypeinfo %d' % (
                key[0], key[1], t, mine[t], n)
    for key, row in got.items():
        assert key in want or not any(row.values()), 'pageblocks in %s: %s' % (key, row)

    # the SVG draws the JSON's cells (rows without memory are elided)
    cells = {c['pfn']: c for c in doc['cells']}
    assert set(pfns) <= set(cells), 'SVG cells the JSON does not have'
    for pfn, c in cells.items():
        assert pfn in pfns or not c['online_pages'], 'cell %#x not drawn' % pfn

    # the text: one character per cell, in rows of `columns`
    cell_pages = doc['pageblock_pages'] * doc['pageblocks_per_cell']
    page = (doc['end'] - doc['start']) // (len(doc['cells']) * cell_pages)
    nrows = 0
    for line in run(cmasim, ['map', '--text'] + args).splitlines():
        m = re.match(r'\s*0x([0-9a-f]+)  (.*)$', line)
        if not m or m.group(2).startswith('... '):
            continue
        nrows += 1
        first = int(m.group(1), 16) // page
        row = m.group(2)[:doc['columns']]
        for k, ch in enumerate(row):
            c = cells.get(first + k * cell_pages)
            if c is not None:
                assert ch == cell_char(c), 'text %#x: %r, cell wants %r' % (
                    (first + k * cell_pages) * page, ch, cell_char(c))
    assert nrows, 'no rows in the text map'
    return len(doc['cells']), doc['pageblocks_per_cell']


def machines(shared):
    """(name, map arguments) of every machine to draw."""
    yield 'default', []
    yield 'default-6.1-cma', ['--kernel', '6.1', '--cmdline', 'cma=256M']
    yield 'numa2', ['--mem', '4G', '--nodes', '2', '--cmdline',
                    'cma=64M cma_pernuma=16M']
    yield 'arm64-16k', ['--arch', 'arm64-16k', '--mem', '2G', '--cmdline', 'cma=64M']
    yield '1tib', ['--mem', '1T', '--cmdline', 'cma=1G']
    yield '1tib-range', ['--mem', '1T', '--range', '4G-6G']
    if not shared or not shared.is_dir():
        return
    arch = {'oracle': [], 'oracle-612': [], 'oracle-arm64': ['--arch', 'arm64'],
            'oracle-arm64-612': ['--arch', 'arm64'],
            'oracle-arm64-612-16k': ['--arch', 'arm64-16k'],
            'oracle-arm64-612-numacma': ['--arch', 'arm64', '--set', 'DMA_NUMA_CMA=y']}
    for s, extra in arch.items():
        d = shared / s
        dts = {}
        tsv = d / 'scenarios.tsv'
        if tsv.exists():
            for line in tsv.read_text().splitlines()[1:]:
                f = line.split('\t')
                if len(f) >= 4 and f[3]:
                    dts[f[0]] = d / f[3]
        for log in sorted((d / 'captures').glob('*.log')):
            args = ['--from-log', str(log)] + extra
            name = log.stem
            if (name.startswith('dt-') or name.startswith('mem6g-dt-')) and \
               name in dts and dts[name].exists():
                args += ['--dtb', str(dts[name])]
            yield '%s/%s' % (s, name), args
    for dtb in sorted((shared / 'dtb').glob('*.dtb')):
        for v in ('6.1', '6.12'):
            yield 'dtb/%s/%s' % (dtb.stem, v), ['--arch', 'arm64', '--kernel', v,
                                                '--dtb', str(dtb)]


def main(argv):
    cmasim = argv[1]
    shared = pathlib.Path(argv[2]) if len(argv) > 2 else None
    cases = list(machines(shared))
    print('1..%d' % len(cases))
    bad = 0
    for i, (name, args) in enumerate(cases, 1):
        try:
            n, per = check(cmasim, args)
            print('ok %d - %s: %d cells of %d pageblocks' % (i, name, n, per))
        except (AssertionError, RuntimeError, ET.ParseError, KeyError) as e:
            bad += 1
            print('not ok %d - %s: %s' % (i, name, e))
        sys.stdout.flush()
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
