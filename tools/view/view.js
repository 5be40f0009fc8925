// SPDX-License-Identifier: GPL-2.0-only
// The interactive view of `cmasim run --html`: inlined into the page with
// the run's data (a <script type="application/json">), fetches nothing.
// A student steps through the scenario: the pageblock map of each step,
// a pageblock's pages (orders, owners, pins) on a click, the buddy free
// lists per order and migratetype, each CMA area's bitmap, and each
// failed cma_alloc()'s windows next to its step.
'use strict';

(function () {
  const D = JSON.parse(document.getElementById('cmasim-data').textContent);
  const G = D.geometry || { cols: 1, nr_cells: 0, rows: [], start_pfn: 0,
    cell_pages: 1, page_size: 4096, pb_per_cell: 1 };
  const SVGNS = 'http://www.w3.org/2000/svg';
  const PITCH = 12, CELL = 11, LEFT = 92;
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const ERRNO = { 1: 'EPERM', 2: 'ENOENT', 5: 'EIO', 7: 'E2BIG', 11: 'EAGAIN',
    12: 'ENOMEM', 16: 'EBUSY', 17: 'EEXIST', 22: 'EINVAL', 28: 'ENOSPC',
    33: 'EDOM', 34: 'ERANGE', 95: 'EOPNOTSUPP', 114: 'EALREADY', 117: 'EUCLEAN' };
  const typeByLetter = {};
  D.types.forEach((t, i) => { typeByLetter[t.letter] = i; });

  let cur = 0, selected = -1, cellEls = [], shown = [];

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function sel(tag, attrs) {
    const e = document.createElementNS(SVGNS, tag);
    for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
    return e;
  }
  function hex(n) { return '0x' + n.toString(16); }
  function addr(pfn) { return '0x' + (BigInt(pfn) * BigInt(G.page_size)).toString(16).padStart(8, '0'); }
  function errname(r) { return r < 0 && ERRNO[-r] ? '-' + ERRNO[-r] : String(r); }
  function cellPfn(i) { return G.start_pfn + i * G.cell_pages; }
  function size(bytes) {
    const u = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
    let k = 0;
    while (bytes >= 1024 && k < u.length - 1) { bytes /= 1024; k++; }
    return (Number.isInteger(bytes) ? bytes : bytes.toFixed(1)) + ' ' + u[k];
  }

  // ---- Steps ----
  const list = document.getElementById('steps');
  D.steps.forEach((s, i) => {
    const li = el('li', { 'data-step': i });
    let cls = '';
    if (s.skipped) cls = 'skipped';
    else if (s.expect === 'failed') cls = 'expect-failed';
    else if (s.expect === 'passed') cls = 'expect-passed';
    else if (s.ret) cls = 'failed';
    if (cls) li.className = cls;
    const ret = s.skipped ? ' (skipped)' : s.expect ? '' : (s.ret ? ' -> ' + errname(s.ret) : '');
    li.textContent = '#' + i + ' ' + (s.line ? 'L' + s.line + ' ' : '') + s.text + ret;
    li.title = li.textContent;
    li.addEventListener('click', () => go(i));
    list.appendChild(li);
  });

  // ---- The map ----
  const map = document.getElementById('map');
  const rows = G.rows;
  const svg = sel('svg', {
    width: LEFT + G.cols * PITCH + 190, height: rows.length * PITCH + 4,
    'data-cells': G.nr_cells
  });
  const defs = sel('defs');
  const pat = sel('pattern', { id: 'nomem', width: 4, height: 4, patternUnits: 'userSpaceOnUse' });
  pat.appendChild(sel('rect', { width: 4, height: 4, fill: '#ffffff' }));
  pat.appendChild(sel('path', { d: 'M0 4L4 0', stroke: '#bdbdbd' }));
  defs.appendChild(pat);
  svg.appendChild(defs);
  const hlLayer = sel('g');
  const vrowOfCellRow = [];
  rows.forEach((r, k) => {
    const y = k * PITCH + 2;
    const t = sel('text', { x: 4, y: y + 9, class: 'addr' });
    t.textContent = addr(cellPfn(r[0]));
    svg.appendChild(t);
    for (let j = 0; j < r[1]; j++) vrowOfCellRow[r[0] / G.cols + j] = k;
    if (r[1] > 1) {
      const m = sel('text', { x: LEFT + 10, y: y + 9, class: 'addr' });
      m.textContent = '... ' + size(r[1] * G.cols * G.cell_pages * G.page_size) + ' without memory ...';
      svg.appendChild(m);
      return;
    }
    for (let c = 0; c < G.cols; c++) {
      const i = r[0] + c;
      if (i >= G.nr_cells) break;
      const x = LEFT + c * PITCH;
      const g = sel('g', { class: 'cell', 'data-i': i, 'data-pfn': cellPfn(i) });
      g.appendChild(sel('rect', { class: 'bg', x: x, y: y, width: CELL, height: CELL }));
      g.appendChild(sel('rect', { class: 'al', x: x, y: y, width: CELL, height: 0 }));
      g.appendChild(sel('rect', { class: 'rs', x: x, y: y, width: CELL, height: 0, fill: '#4d4d4d' }));
      g.appendChild(sel('rect', { class: 'nm', x: x, y: y, width: CELL, height: 0, fill: 'url(#nomem)' }));
      g.appendChild(sel('circle', { class: 'pin', cx: x + CELL - 3, cy: y + 3, r: 2.6,
        fill: '#e31a1c', stroke: '#ffffff', 'stroke-width': 0.8, display: 'none' }));
      g.appendChild(sel('title'));
      g.addEventListener('click', () => select(i));
      svg.appendChild(g);
      cellEls[i] = g;
    }
  });
  // CMA areas, reserved regions, no-map ranges and pools, outlined
  const OUTLINE = { cma: ['#006d2c', ''], reserved: ['#525252', ''], nomap: ['#000000', '2,2'],
    pool: ['#d94801', '5,2'], restricted: ['#6a51a3', '6,2,2,2'] };
  D.regions.forEach((rg, k) => {
    const end = G.start_pfn + G.nr_cells * G.cell_pages;
    const s0 = Math.max(rg.start, G.start_pfn), s1 = Math.min(rg.end, end);
    if (s1 <= s0) return;
    const c0 = Math.floor((s0 - G.start_pfn) / G.cell_pages);
    const c1 = Math.floor((s1 - 1 - G.start_pfn) / G.cell_pages);
    const r0 = vrowOfCellRow[Math.floor(c0 / G.cols)], r1 = vrowOfCellRow[Math.floor(c1 / G.cols)];
    const inset = rg.kind === 'cma' ? 0 : 1.5;
    const x0 = LEFT + (c0 % G.cols) * PITCH - 1 + inset, x1 = LEFT + (c1 % G.cols + 1) * PITCH - inset;
    const xl = LEFT - 1 + inset, xr = LEFT + G.cols * PITCH - inset;
    const y0 = r0 * PITCH + 1 + inset, y0b = (r0 + 1) * PITCH + 1 + inset;
    const y1 = r1 * PITCH + 1 + inset, y1b = (r1 + 1) * PITCH + 2 - inset;
    const d = r0 === r1 ? `M${x0} ${y0}H${x1}V${y1b}H${x0}Z` :
      `M${x0} ${y0}H${xr}V${y1}H${x1}V${y1b}H${xl}V${y0b}H${x0}Z`;
    const o = OUTLINE[rg.kind] || OUTLINE.reserved;
    const path = sel('path', { d: d, fill: 'none', stroke: o[0], 'stroke-width': 2,
      'pointer-events': 'none', class: 'region', 'data-name': rg.name });
    if (o[1]) path.setAttribute('stroke-dasharray', o[1]);
    svg.appendChild(path);
  });
  // zones and nodes, at the right of the row each starts in
  let labelY = 0;
  D.zones.forEach(z => {
    const s0 = Math.max(z.start, G.start_pfn);
    const end = G.start_pfn + G.nr_cells * G.cell_pages;
    if (s0 >= Math.min(z.end, end)) return;
    const c0 = Math.floor((s0 - G.start_pfn) / G.cell_pages);
    const vr = vrowOfCellRow[Math.floor(c0 / G.cols)];
    const x = LEFT + (c0 % G.cols) * PITCH - 1;
    svg.appendChild(sel('path', { d: `M${x} ${vr * PITCH + 1}v${PITCH}`, stroke: '#000000',
      'stroke-width': 2, 'pointer-events': 'none' }));
    labelY = Math.max(vr * PITCH + 11, labelY + 12);
    const t = sel('text', { x: LEFT + G.cols * PITCH + 8, y: labelY, class: 'zone-label' });
    t.textContent = '\u2190 node ' + z.nid + ', ' + z.name + ' (' + addr(z.start) + ')';
    svg.appendChild(t);
  });
  svg.appendChild(hlLayer);
  map.appendChild(svg);
  if (!D.geometry) map.appendChild(el('p', {}, 'The machine never came up: the boot failed.'));

  // the same character as `cmasim map --text`
  function cellChar(code) {
    const flags = code.charCodeAt(4) - 48;
    const letter = code[0];
    const none = B64.indexOf(code[3]);
    if (letter === '.' || (none === 63 && !(flags & 2))) return ' ';
    if (flags & 1) return '!';
    if (flags & 4) return '#';
    return flags & 2 ? letter : letter.toLowerCase();
  }

  function drawCell(i, code) {
    const g = cellEls[i];
    if (!g || shown[i] === code) return;
    shown[i] = code;
    const [bg, al, rs, nm, pin, title] = g.childNodes;
    const y = Number(bg.getAttribute('y'));
    const t = typeByLetter[code[0]];
    const colour = t === undefined ? '#ffffff' : D.types[t].colour;
    const a = B64.indexOf(code[1]) * CELL / 63, r = B64.indexOf(code[2]) * CELL / 63;
    const n = B64.indexOf(code[3]) * CELL / 63;
    const flags = code.charCodeAt(4) - 48;
    if (t === undefined) {
      bg.setAttribute('fill', 'url(#nomem)');
      bg.removeAttribute('fill-opacity');
    } else {
      bg.setAttribute('fill', colour);
      bg.setAttribute('fill-opacity', '0.28');
    }
    al.setAttribute('fill', colour);
    al.setAttribute('y', y + CELL - a);
    al.setAttribute('height', a);
    rs.setAttribute('y', y + CELL - a - r);
    rs.setAttribute('height', r);
    nm.setAttribute('height', n);
    pin.setAttribute('display', flags & 1 ? 'inline' : 'none');
    g.setAttribute('data-char', cellChar(code));
    g.setAttribute('data-type', t === undefined ? '' : D.types[t].name);
    title.textContent = addr(cellPfn(i)) + ': ' + (t === undefined ? 'no memory' : D.types[t].name) +
      ', ' + Math.round(100 * B64.indexOf(code[1]) / 63) + '% allocated' +
      (flags & 1 ? ', a pinned or unmovable page in CMA' : '');
  }

  // ---- Legend ----
  const lg = document.getElementById('legend');
  D.types.forEach(t => {
    lg.appendChild(el('span', { class: 'sw', style: 'background:' + t.colour }));
    lg.appendChild(document.createTextNode(t.name));
  });
  lg.appendChild(el('br'));
  D.regions.forEach((rg, k) => {
    lg.appendChild(el('br'));
    lg.appendChild(document.createTextNode((k + 1) + '. ' + rg.name + ': ' + rg.what + ', ' +
      addr(rg.start) + '-' + addr(rg.end)));
  });
  lg.appendChild(el('br'));
  lg.appendChild(document.createTextNode(
    'A cell is ' + (G.pb_per_cell > 1 ? G.pb_per_cell + ' pageblocks' : 'a pageblock') +
    ': pale part free, solid part allocated, grey reserved, hatched no memory; ' +
    'red dot: a pinned or unmovable page in a CMA pageblock. Click a cell for its pages.'));

  // ---- Panels ----
  function stepPanel(s, i) {
    const p = document.getElementById('step-detail');
    p.textContent = '';
    p.appendChild(el('h2', {}, 'Step #' + i + (s.line ? ', line ' + s.line : '')));
    p.appendChild(el('div', { class: 'dmesg' }, s.text));
    if (s.skipped) p.appendChild(el('p', { class: 'muted' }, 'skipped: its guard names another kernel or arch'));
    else if (!s.expect) p.appendChild(el('p', {}, 'returned ' + errname(s.ret) + (s.value ? ', value ' + s.value : '')));
    if (s.expect) p.appendChild(el('p', { class: 'verdict ' + (s.expect === 'passed' ? 'ok' : 'bad') },
      'expect ' + s.expect + ': ' + s.expect_text));
    if (s.check) p.appendChild(el('p', { class: 'verdict bad' }, 'the checker found a broken invariant after this step'));
    if (s.dmesg.length) {
      p.appendChild(el('h2', {}, 'Kernel log'));
      s.dmesg.forEach(l => p.appendChild(el('div', { class: 'dmesg' }, l)));
    }
    if (s.diag.length) {
      p.appendChild(el('h2', {}, 'Why (the simulator\'s explanations)'));
      const SHOW = 8;
      s.diag.slice(0, SHOW).forEach(l => p.appendChild(el('div', { class: 'diag' }, l)));
      if (s.diag.length > SHOW) {
        const more = el('details');
        more.appendChild(el('summary', {}, (s.diag.length - SHOW) + ' more'));
        s.diag.slice(SHOW).forEach(l => more.appendChild(el('div', { class: 'diag' }, l)));
        p.appendChild(more);
      }
    }
    if (s.windows && s.windows.length) {
      p.appendChild(el('h2', {}, 'Windows cma_alloc() tried and lost (click one to see it on the map)'));
      const box = s.windows.length > 8 ? el('details') : p;
      if (box !== p) box.appendChild(el('summary', {}, s.windows.length + ' windows'));
      s.windows.forEach(w => {
        const d = el('div', { class: 'window' }, 'pfn ' + hex(w.start) + '-' + hex(w.end - 1) +
          ': ' + w.text);
        d.addEventListener('click', () => highlight(w.start, w.end, w.pfn));
        box.appendChild(d);
      });
      if (box !== p) p.appendChild(box);
    }
    if (s.output) p.appendChild(el('pre', {}, s.output));
  }

  function highlight(start, end, pfn) {
    while (hlLayer.firstChild) hlLayer.removeChild(hlLayer.firstChild);
    const c0 = Math.floor((Math.max(start, G.start_pfn) - G.start_pfn) / G.cell_pages);
    const c1 = Math.floor((Math.min(end, G.start_pfn + G.nr_cells * G.cell_pages) - 1 - G.start_pfn) / G.cell_pages);
    for (let i = c0; i <= c1 && i < G.nr_cells; i++) {
      const vr = vrowOfCellRow[Math.floor(i / G.cols)];
      hlLayer.appendChild(sel('rect', { class: 'hl', x: LEFT + (i % G.cols) * PITCH - 1,
        y: vr * PITCH + 1, width: PITCH, height: PITCH }));
    }
    if (pfn !== null && pfn !== undefined) select(Math.floor((pfn - G.start_pfn) / G.cell_pages), pfn);
  }

  // a pageblock's tokens -> blocks
  function decode(text, start) {
    const out = [];
    let pfn = start;
    const toks = [];
    text.split(' ').forEach(t => {
      if (!t) return;
      const m = /^(\d+)\*(.*)$/.exec(t);
      if (!m) { toks.push(t); return; }
      const parts = m[2].split('~');
      for (let k = 0; k < Number(m[1]); k++) parts.forEach(x => toks.push(x));
    });
    toks.forEach(t => {
      let before = 0;
      const lt = /^<(\d+)(.*)$/.exec(t);
      if (lt) { before = Number(lt[1]); t = lt[2]; }
      const kind = t[0];
      const b = { kind: kind, pfn: pfn - before };
      if (kind === 'R' || kind === 'X') {
        b.pages = Number(t.slice(1));
      } else {
        b.order = parseInt(t[1], 36);
        b.pages = Math.pow(2, b.order);
        if (kind === 'A') {
          const m = /^A.(m?)(p?)(?:\.(\d+))?$/.exec(t);
          b.movable = !!m[1]; b.pinned = !!m[2];
          b.owner = m[3] ? D.owners[Number(m[3])] : '';
        } else {
          b.type = D.types[typeByLetter[t[2]]].name;
        }
      }
      out.push(b);
      pfn = b.pfn + b.pages;
    });
    return out;
  }

  const KIND = { F: 'free (buddy list)', P: 'free (per-cpu list)', A: 'allocated',
    R: 'reserved', X: 'no memory' };

  function select(i, pfn) {
    if (selected >= 0 && cellEls[selected]) cellEls[selected].classList.remove('selected');
    selected = i;
    if (cellEls[i]) cellEls[i].classList.add('selected');
    pbPanel(pfn);
  }

  function pbPanel(mark) {
    const p = document.getElementById('pb-detail');
    p.textContent = '';
    if (selected < 0) {
      p.appendChild(el('p', { class: 'muted' }, 'Click a cell of the map to see its pages.'));
      return;
    }
    const s = D.steps[cur];
    const start = cellPfn(selected);
    p.appendChild(el('h2', {}, (G.pb_per_cell > 1 ? 'Cell of ' + G.pb_per_cell + ' pageblocks' : 'Pageblock') +
      ' at ' + addr(start) + ' (pfn ' + hex(start) + ')'));
    const code = s.map >= 0 ? D.maps[s.map].substr(selected * 5, 5) : null;
    if (code) {
      const t = typeByLetter[code[0]];
      p.appendChild(el('p', {}, (t === undefined ? 'no memory' : D.types[t].name) + ', ' +
        Math.round(100 * B64.indexOf(code[1]) / 63) + '% allocated, ' +
        Math.round(100 * B64.indexOf(code[2]) / 63) + '% reserved'));
    }
    if (s.details < 0 || s.details === undefined) {
      p.appendChild(el('p', { class: 'muted' }, 'Pages are kept for maps of one pageblock per cell only.'));
      return;
    }
    const blocks = decode(D.details[D.detail_sets[s.details][selected]], start);
    const end = start + G.cell_pages;
    // a strip of the pageblock's pages
    const W = 512, sv = sel('svg', { width: W + 2, height: 18, class: 'strip' });
    const fills = { F: '#c8e6c9', P: '#a5d6a7', A: '#1f77b4', R: '#4d4d4d', X: '#ffffff' };
    blocks.forEach(b => {
      const s0 = Math.max(b.pfn, start), s1 = Math.min(b.pfn + b.pages, end);
      if (s1 <= s0) return;
      const fill = b.kind === 'A' ? (b.pinned ? '#e31a1c' : b.movable ? '#1f77b4' : '#d62728') : fills[b.kind];
      sv.appendChild(sel('rect', { x: 1 + W * (s0 - start) / G.cell_pages, y: 1,
        width: Math.max(W * (s1 - s0) / G.cell_pages, 0.5), height: 16, fill: fill }));
    });
    p.appendChild(sv);
    p.appendChild(el('p', { class: 'muted' },
      'green free, blue movable, dark red unmovable, bright red pinned, grey reserved'));
    const tb = el('table');
    const hd = el('tr');
    ['pfn', 'pages', 'order', 'what', 'type', 'owner', 'pinned'].forEach(h => hd.appendChild(el('th', { class: 'l' }, h)));
    tb.appendChild(hd);
    let n = 0;
    blocks.forEach(b => {
      if (n++ > 600) return;
      const tr = el('tr');
      if (mark !== undefined && mark >= b.pfn && mark < b.pfn + b.pages) tr.style.background = '#ffcdd2';
      [hex(b.pfn), String(b.pages), b.order === undefined ? '' : String(b.order), KIND[b.kind],
        b.kind === 'A' ? (b.movable ? 'movable' : 'unmovable') : (b.type || ''),
        b.owner || '', b.pinned ? 'pinned' : ''].forEach(v => tr.appendChild(el('td', { class: 'l' }, v)));
      tb.appendChild(tr);
    });
    p.appendChild(tb);
    if (n > 600) p.appendChild(el('p', { class: 'muted' }, (n - 600) + ' more blocks'));
  }

  function buddyPanel(s) {
    const p = document.getElementById('buddy');
    p.textContent = '';
    p.appendChild(el('h2', {}, 'Buddy free lists: free blocks per order and migratetype'));
    p.appendChild(el('p', { class: 'muted' },
      D.types.map(t => t.letter + ' ' + t.name).join(', ')));
    if (s.free_lists < 0 || s.free_lists === undefined) return;
    const fl = D.free_sets[s.free_lists];
    D.zones.forEach((z, k) => {
      p.appendChild(el('p', {}, 'Node ' + z.nid + ', zone ' + z.name));
      const tb = el('table', { class: 'buddy', 'data-zone': z.name });
      const hd = el('tr');
      hd.appendChild(el('th', { class: 'l' }, 'order'));
      D.types.forEach(t => hd.appendChild(el('th', { title: t.name }, t.letter)));
      tb.appendChild(hd);
      fl[k].forEach((row, o) => {
        const tr = el('tr');
        tr.appendChild(el('td', { class: 'l' }, String(o)));
        row.forEach(v => tr.appendChild(el('td', {}, v ? String(v) : '')));
        tb.appendChild(tr);
      });
      p.appendChild(tb);
    });
  }

  function cmaPanel(s) {
    const p = document.getElementById('cma');
    p.textContent = '';
    p.appendChild(el('h2', {}, 'CMA areas: their bitmaps (what cma_alloc() holds)'));
    if (!D.areas.length) { p.appendChild(el('p', { class: 'muted' }, 'no CMA area')); return; }
    if (s.bitmaps < 0 || s.bitmaps === undefined) return;
    const bm = D.bitmap_sets[s.bitmaps];
    D.areas.forEach((a, k) => {
      const used = bm[k].reduce((n, r) => n + r[1], 0);
      p.appendChild(el('p', {}, a.name + ': pfn ' + hex(a.base) + '-' + hex(a.base + a.count - 1) +
        ', ' + used + ' of ' + a.count + ' pages used (' + (a.count ? Math.round(100 * used / a.count) : 0) + '%)'));
      const W = 480, sv = sel('svg', { width: W + 2, height: 14, class: 'bitmap', 'data-area': a.name });
      sv.appendChild(sel('rect', { x: 1, y: 1, width: W, height: 12, fill: '#e8f5e9', stroke: '#2ca02c' }));
      bm[k].forEach(r => sv.appendChild(sel('rect', { x: 1 + W * r[0] / a.count, y: 1,
        width: Math.max(W * r[1] / a.count, 0.5), height: 12, fill: '#2ca02c' })));
      p.appendChild(sv);
    });
  }

  // ---- Stepping ----
  const slider = document.getElementById('slider');
  slider.max = D.steps.length - 1;
  slider.addEventListener('input', () => go(Number(slider.value)));
  document.getElementById('prev').addEventListener('click', () => go(cur - 1));
  document.getElementById('next').addEventListener('click', () => go(cur + 1));
  document.addEventListener('keydown', e => {
    if (e.key === 'ArrowRight') go(cur + 1);
    else if (e.key === 'ArrowLeft') go(cur - 1);
  });

  function go(i) {
    if (i < 0 || i >= D.steps.length) return;
    const old = list.querySelector('li.current');
    if (old) old.classList.remove('current');
    cur = i;
    const li = list.children[i];
    li.classList.add('current');
    li.scrollIntoView({ block: 'nearest' });
    slider.value = i;
    const s = D.steps[i];
    document.getElementById('stepno').textContent = 'step ' + i + ' of ' + (D.steps.length - 1) +
      (s.line ? ', line ' + s.line : '');
    if (s.map >= 0) {
      const m = D.maps[s.map];
      for (let c = 0; c < G.nr_cells; c++) drawCell(c, m.substr(c * 5, 5));
    }
    while (hlLayer.firstChild) hlLayer.removeChild(hlLayer.firstChild);
    document.body.setAttribute('data-step', i);
    stepPanel(s, i);
    pbPanel();
    buddyPanel(s);
    cmaPanel(s);
  }

  go(0);
  document.body.setAttribute('data-ready', '1');
})();
