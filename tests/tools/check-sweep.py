#!/usr/bin/env python3
"""The sweep's promises, for the 'tools' suite:

  check-sweep.py SCHEMA_DIR CMASIM big|resume|shard

big     a sweep of 1000 boots: 1000 lines, every run once, each valid
        against docs/schema/sweep.json and booted (exit 0); no progress
        bar when stderr is not a terminal.
resume  half a grid (--shard 1/2), the file's last line cut as a killed
        sweep leaves it, then the whole grid again with the same
        --output: the cut line is dropped, the done runs are skipped,
        and every run is in the file once.
shard   --shard 1/3, 2/3 and 3/3 of one grid: disjoint, together all.
Exits 77 without the jsonschema module.
"""
import importlib.machinery
import json
import os
import pathlib
import subprocess
import sys
import tempfile

here = pathlib.Path(__file__).resolve().parent
check_json = importlib.machinery.SourceFileLoader(
    'check_json', str(here / 'check-json.py')).load_module()


def sweep(cmasim, args, output=None):
    cmd = [cmasim, 'sweep'] + args + (['--output', output] if output else [])
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit('check-sweep: %s exited %d: %s' % (' '.join(cmd), p.returncode, p.stderr))
    return p


def read_lines(text):
    return [json.loads(l) for l in text.splitlines() if l]


def check_docs(v, docs, total):
    runs = sorted(d['run'] for d in docs)
    if runs != list(range(total)):
        missing = sorted(set(range(total)) - set(runs))
        raise SystemExit('check-sweep: %d lines; runs missing %s, repeated %d'
                         % (len(docs), missing[:10], len(runs) - len(set(runs))))
    if len({d['key'] for d in docs}) != total:
        raise SystemExit('check-sweep: keys are not unique')
    for d in docs:
        errs = list(v.iter_errors(d))
        if errs:
            raise SystemExit('check-sweep: run %d: %s' % (d['run'], errs[0].message))
        if d['exit'] != 0 or not d['boot']['ok']:
            raise SystemExit('check-sweep: run %d did not boot: %s' % (d['run'], d.get('messages')))


GRID = ['--mem', '1G', '--kernels', '6.1,6.12', '--sizes', '16M,32M,64M',
        '--cmdlines', '', '--cmdlines', 'movablecore=10%', '--seeds', '1-4']
GRID_TOTAL = 2 * 3 * 2 * 4


def main(argv):
    if len(argv) != 4:
        print(__doc__)
        return 2
    schema_dir, cmasim, what = argv[1], argv[2], argv[3]
    v = check_json.validator(schema_dir, 'sweep.json')
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, 'sweep.jsonl')
        if what == 'big':
            p = sweep(cmasim, ['--mem', '1G', '--cmdline', 'cma=64M',
                               '--kernels', '6.1,6.12', '--seeds', '1-500'], out)
            if p.stderr:
                raise SystemExit('check-sweep: stderr not empty (a bar off a terminal?): %r'
                                 % p.stderr[:200])
            check_docs(v, read_lines(pathlib.Path(out).read_text()), 1000)
        elif what == 'resume':
            sweep(cmasim, GRID + ['--shard', '1/2'], out)
            half = read_lines(pathlib.Path(out).read_text())
            if len(half) != GRID_TOTAL // 2:
                raise SystemExit('check-sweep: shard 1/2 wrote %d lines' % len(half))
            text = pathlib.Path(out).read_text()
            # a killed sweep: the last line written halfway
            cut = text[:len(text) - 1 - len(text.splitlines()[-1]) // 2]
            pathlib.Path(out).write_text(cut)
            sweep(cmasim, GRID, out)
            docs = read_lines(pathlib.Path(out).read_text())
            check_docs(v, docs, GRID_TOTAL)
            # and a third run finds nothing left to do
            before = pathlib.Path(out).read_text()
            sweep(cmasim, GRID, out)
            if pathlib.Path(out).read_text() != before:
                raise SystemExit('check-sweep: a complete sweep ran again')
        elif what == 'shard':
            seen = []
            for k in (1, 2, 3):
                p = sweep(cmasim, GRID + ['--shard', '%d/3' % k])
                docs = read_lines(p.stdout)
                if any(d['run'] % 3 != k - 1 for d in docs):
                    raise SystemExit('check-sweep: shard %d/3 ran another shard\'s run' % k)
                seen += docs
            check_docs(v, seen, GRID_TOTAL)
        else:
            print(__doc__)
            return 2
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
