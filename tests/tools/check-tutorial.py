#!/usr/bin/env python3
"""docs/tutorial.md works as written, as TAP for the 'docs' suite:

  check-tutorial.py TUTORIAL CMASIM_DIR SRCDIR

Every ```console block of the tutorial is a list of commands ("$ " lines)
each followed by the output it shows.  Each command runs with bash, the
built `cmasim` first on the PATH, in a fresh directory that has the
source tree's examples/ (as the tutorial runs from the top directory), and
must exit 0.  Its shown output must be its standard output: the lines
between "..." markers each a run of consecutive lines, in order, the
first at the start unless a "..." comes first, the last at the end unless
a "..." comes last (trailing spaces ignored).  Every figure the tutorial
shows must exist under docs/.
"""
import os
import pathlib
import re
import subprocess
import sys
import tempfile


def blocks(text):
    """(command, shown lines) of every console block, in order."""
    out, cur, inside = [], None, False
    for line in text.splitlines():
        if line.startswith('```'):
            inside = line.strip() == '```console'
            cur = None
            continue
        if not inside:
            continue
        if line.startswith('$ '):
            cur = (line[2:], [])
            out.append(cur)
        elif cur is not None:
            cur[1].append(line.rstrip())
    return out


def find_run(lines, seg, start):
    """The first index >= start where seg runs in lines, or -1."""
    for i in range(start, len(lines) - len(seg) + 1):
        if lines[i:i + len(seg)] == seg:
            return i
    return -1


def matches(shown, got):
    """None when @got shows @shown, else why not."""
    lines = [l.rstrip() for l in got.splitlines()]
    while shown and shown[-1] == '':
        shown = shown[:-1]
    segs, seg = [], []
    for line in shown:
        if line == '...':
            segs.append(seg)
            seg = []
        else:
            seg.append(line)
    segs.append(seg)
    pos = 0
    for k, seg in enumerate(segs):
        if not seg:
            continue
        at = find_run(lines, seg, pos)
        if at < 0:
            return 'not in the output: %r' % seg[0] if find_run(lines, seg[:1], pos) < 0 \
                else 'lines after %r differ' % seg[0]
        if k == 0 and at != 0:
            return 'the output does not start with %r' % seg[0]
        pos = at + len(seg)
    if segs[-1] and pos != len(lines):
        return 'more output after %r' % segs[-1][-1]
    return None


def main(argv):
    tutorial = pathlib.Path(argv[1]).resolve()
    bindir, src = os.path.abspath(argv[2]), pathlib.Path(argv[3]).resolve()
    text = tutorial.read_text()
    cmds = blocks(text)
    figures = re.findall(r'!\[[^\]]*\]\(([^)]+)\)', text)
    print('1..%d' % (len(cmds) + 1))
    bad = 0
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ.get('PATH', ''))
    with tempfile.TemporaryDirectory(prefix='cmasim-tutorial-') as tmp:
        os.symlink(src / 'examples', pathlib.Path(tmp) / 'examples')
        for k, (cmd, shown) in enumerate(cmds, 1):
            r = subprocess.run(['bash', '-c', cmd], cwd=tmp, env=env,
                               capture_output=True, text=True)
            why = ('exit %d: %s' % (r.returncode, r.stderr.strip()[-200:])
                   if r.returncode else matches(shown, r.stdout))
            if why:
                bad += 1
                print('not ok %d - $ %s: %s' % (k, cmd, why))
            else:
                print('ok %d - $ %s' % (k, cmd))
    missing = [f for f in figures if not (tutorial.parent / f).is_file()]
    if missing:
        bad += 1
        print('not ok %d - figures missing: %s' % (len(cmds) + 1, ', '.join(missing)))
    else:
        print('ok %d - %d figures present' % (len(cmds) + 1, len(figures)))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
