#!/usr/bin/env python3
"""The interactive view of `cmasim run --html` in a real browser, as TAP
for the 'tools' suite:

  check-html.py CMASIM OUTDIR SCENARIO...

For each scenario: `cmasim run --html` writes the page; headless Chromium
(Debian's chromium and chromium-driver, driven by python3-selenium) opens
it from disk and
- finds one cell per cell of `cmasim map --json` of the same run that has
  memory, and no other;
- steps through every step with the "next" button, each one shown;
- at the boot, the last step and every failed cma_alloc(), finds each
  cell drawn as `cmasim map --text` draws it after that step (the
  character of its migratetype, case, '!', '#' or blank);
- at a failed cma_alloc(), lists the windows it lost, and a click on one
  marks it on the map and opens its pageblock's pages;
- shows one buddy table per zone and one bitmap per CMA area;
- reports no script error, in the page or on the console.
Skips (a "1..0 # SKIP" plan) when selenium, chromium or chromedriver is
missing: .ci/run installs them (tools/dev.sh browser-packages) and sets
CMASIM_REQUIRE_BROWSER=1, under which a missing one fails the test.
"""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

def skip(what):
    if os.environ.get('CMASIM_REQUIRE_BROWSER') == '1':
        print('Bail out! %s is not installed (CMASIM_REQUIRE_BROWSER=1)' % what)
        sys.exit(1)
    print('1..0 # SKIP %s is not installed' % what)
    sys.exit(0)


try:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
except ImportError:
    # Debian's python3-selenium is for Debian's python3: use it when
    # another interpreter runs the tests
    deb = '/usr/bin/python3'
    if os.path.exists(deb) and os.path.realpath(sys.executable) != os.path.realpath(deb) \
       and not os.environ.get('CHECK_HTML_REEXEC'):
        os.environ['CHECK_HTML_REEXEC'] = '1'
        os.execv(deb, [deb] + sys.argv)
    skip('python3-selenium')

LETTER = dict(zip(['Unmovable', 'Movable', 'Reclaimable', 'HighAtomic', 'CMA',
                   'Isolate'], 'UMRHCI'))
CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
                  '--no-first-run', '--disable-background-networking',
                  '--disable-component-update', '--disable-sync',
                  '--window-size=1600,1000']


def cell_char(c):
    """The character `map --text` draws for a cell of `map --json`."""
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


def map_json(cmasim, scn, step):
    out = subprocess.run([cmasim, 'map', '--json', '--scenario', scn, '--step',
                          str(step)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)['map']


def browser(profile):
    o = Options()
    for a in CHROMIUM_FLAGS + ['--user-data-dir=' + profile]:
        o.add_argument(a)
    o.binary_location = shutil.which('chromium')
    o.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
    return webdriver.Chrome(service=Service(shutil.which('chromedriver')), options=o)


def check(d, cmasim, scn, page):
    d.get(page.as_uri())
    assert d.execute_script("return document.body.getAttribute('data-ready')") == '1', \
        'the page did not start'
    data = json.loads(d.find_element(By.ID, 'cmasim-data').get_attribute('textContent'))
    steps = data['steps']
    failed = [i for i, s in enumerate(steps) if s['windows'] and s['ret']]
    checkpoints = sorted({0, len(steps) - 1, *failed})

    # the cells: those of `cmasim map --json` that have memory, no other
    want = {k: map_json(cmasim, scn, k) for k in checkpoints}
    drawn = d.execute_script(
        "return Array.from(document.querySelectorAll('#map .cell'), e => Number(e.dataset.pfn))")
    cells = {c['pfn']: c for c in want[0]['cells']}
    page_size = (want[0]['end'] - want[0]['start']) // (
        len(cells) * want[0]['pageblock_pages'] * want[0]['pageblocks_per_cell'])
    assert set(drawn) <= set(cells), 'cells the map does not have'
    missing = [p for p, c in cells.items() if c['online_pages'] and p not in drawn]
    assert not missing, 'cells with memory not drawn: %s' % missing[:5]

    # every step, with the "next" button
    nxt = d.find_element(By.ID, 'next')
    for i in range(len(steps)):
        if i:
            nxt.click()
        shown = d.execute_script("return document.body.getAttribute('data-step')")
        assert shown == str(i), 'step %d: the page shows %s' % (i, shown)
        head = d.find_element(By.CSS_SELECTOR, '#step-detail h2').text
        assert head.startswith('Step #%d' % i), 'step %d: %r' % (i, head)
        if i not in want:
            continue
        chars = d.execute_script(
            "const o = {}; document.querySelectorAll('#map .cell').forEach(e => "
            "{ o[e.dataset.pfn] = e.dataset.char; }); return o;")
        for c in want[i]['cells']:
            if str(c['pfn']) in chars:
                assert chars[str(c['pfn'])] == cell_char(c), \
                    'step %d, cell %#x: %r, cmasim map draws %r' % (
                        i, c['pfn'] * page_size, chars[str(c['pfn'])], cell_char(c))
        n_zones = len(d.find_elements(By.CSS_SELECTOR, 'table.buddy'))
        assert n_zones == len(data['zones']), 'step %d: %d buddy tables' % (i, n_zones)
        n_areas = len(d.find_elements(By.CSS_SELECTOR, 'svg.bitmap'))
        assert n_areas == len(data['areas']), 'step %d: %d bitmaps' % (i, n_areas)

    # a failed cma_alloc(): its windows, one marked on the map, its pages
    for i in failed:
        d.execute_script("document.querySelector('#steps li[data-step=\"%d\"]').click()" % i)
        wins = d.find_elements(By.CSS_SELECTOR, '#step-detail .window')
        assert len(wins) == len(steps[i]['windows']), 'step %d: %d windows listed' % (i, len(wins))
        d.execute_script("arguments[0].click()", wins[0])
        assert d.find_elements(By.CSS_SELECTOR, '#map .hl'), 'step %d: no window marked' % i
        if steps[i]['windows'][0]['pfn'] is not None and data['geometry']['pb_per_cell'] == 1:
            rows = d.find_elements(By.CSS_SELECTOR, '#pb-detail table tr')
            assert len(rows) > 1, "step %d: the window's pageblock shows no pages" % i

    # a click on a cell opens its pages
    d.execute_script("document.querySelector('#map .cell').dispatchEvent(new MouseEvent('click'))")
    assert 'pfn' in d.find_element(By.ID, 'pb-detail').text, 'a click shows no pageblock'

    err = d.find_element(By.ID, 'error')
    assert not err.is_displayed(), err.text
    severe = [l['message'] for l in d.get_log('browser') if l['level'] == 'SEVERE']
    assert not severe, 'console: %s' % severe[:3]
    return len(steps), len(drawn)


def main(argv):
    cmasim, outdir, scenarios = argv[1], pathlib.Path(argv[2]), argv[3:]
    for prog in ('chromium', 'chromedriver'):
        if not shutil.which(prog):
            skip(prog)
    outdir.mkdir(parents=True, exist_ok=True)
    print('1..%d' % len(scenarios))
    profile = tempfile.mkdtemp(prefix='cmasim-chromium-')
    d = browser(profile)
    bad = 0
    try:
        for k, scn in enumerate(scenarios, 1):
            page = (outdir / (pathlib.Path(scn).stem + '.html')).resolve()
            name = pathlib.Path(scn).name
            try:
                subprocess.run([cmasim, 'run', '-q', '--html', str(page), scn],
                               capture_output=True, text=True, check=True)
                n, cells = check(d, cmasim, scn, page)
                print('ok %d - %s: %d steps, %d cells' % (k, name, n, cells))
            except (AssertionError, subprocess.CalledProcessError) as e:
                bad += 1
                print('not ok %d - %s: %s' % (k, name, e))
            sys.stdout.flush()
    finally:
        d.quit()
        shutil.rmtree(profile, ignore_errors=True)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
