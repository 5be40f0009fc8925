#!/usr/bin/env python3
"""The figures of docs/ (docs/figures/), made by `cmasim` from the example
scenarios: one list, regenerated with --update, compared byte for byte
with --check (the 'docs' test: a figure the tool no longer draws that way
is stale).

  tools/figures.py --update CMASIM    rewrite docs/figures/
  tools/figures.py --check CMASIM     exit 1 when a figure differs

Run from anywhere: paths are the source tree's.
"""
import filecmp
import pathlib
import shutil
import subprocess
import sys
import tempfile

TOP = pathlib.Path(__file__).resolve().parent.parent
FRAG = 'examples/scenarios/fragmentation.scn'
EBUSY = 'examples/scenarios/whole-area-ebusy.scn'

# (file or directory under docs/figures, cmasim arguments; {out} is where
# it goes).  The scenarios' line numbers: fragmentation.scn line 46 is the
# 16 MiB cma_alloc that fails; whole-area-ebusy.scn line 40 is the last
# step before the whole-area cma_alloc, line 42 that cma_alloc (drawn
# around the 2 GiB area it asks for).
FIGURES = [
    ('map-boot.svg', ['map', '--scenario', FRAG, '--step', '0', '-o', '{out}']),
    ('map-fragmented.svg', ['map', '--scenario', FRAG, '--line', '46', '-o', '{out}']),
    ('map-whole-area-before.svg', ['map', '--scenario', EBUSY, '--line', '40',
                                   '--range', '0xf0000000-0x190000000', '-o', '{out}']),
    ('map-whole-area-ebusy.svg', ['map', '--scenario', EBUSY, '--line', '42',
                                  '--range', '0xf0000000-0x190000000', '-o', '{out}']),
    ('map-1tib.svg', ['map', '--mem', '1T', '--cmdline', 'cma=1G', '--cells', '1024',
                      '-o', '{out}']),
    ('fragmentation', ['run', '-q', '--charts', '{out}', FRAG]),
]


def make(cmasim, where):
    for name, args in FIGURES:
        out = where / name
        subprocess.run([cmasim] + [a.replace('{out}', str(out)) for a in args],
                       cwd=TOP, check=True, stdout=subprocess.DEVNULL)


def files(d):
    return sorted(p.relative_to(d) for p in d.rglob('*') if p.is_file())


def main(argv):
    if len(argv) != 3 or argv[1] not in ('--update', '--check'):
        sys.stderr.write(__doc__)
        return 2
    cmasim = str(pathlib.Path(argv[2]).resolve())
    figs = TOP / 'docs' / 'figures'
    if argv[1] == '--update':
        shutil.rmtree(figs, ignore_errors=True)
        figs.mkdir(parents=True)
        make(cmasim, figs)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        fresh = pathlib.Path(tmp)
        make(cmasim, fresh)
        bad = []
        for f in sorted(set(files(fresh)) | set(files(figs))):
            a, b = fresh / f, figs / f
            if not a.exists():
                bad.append('%s: in docs/figures, but no figure makes it' % f)
            elif not b.exists():
                bad.append('%s: missing from docs/figures' % f)
            elif not filecmp.cmp(a, b, shallow=False):
                bad.append('%s: stale' % f)
        for line in bad:
            print('docs/figures/' + line)
        if bad:
            print('run: tools/figures.py --update %s' % argv[2])
            return 1
        print('%d figures up to date' % len(files(fresh)))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
