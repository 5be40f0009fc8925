#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Generate seeded memblock operation scripts (tools/bench/memblock-script.h).

Each mix imitates one kind of boot, scaled up to a fixed number of
operations so that the region arrays reach realistic and larger sizes:

  x86-boot   an e820-like map on two nodes, a bottom-up phase under the
             first GiBs, then top-down allocations per node, frees of
             parts of them, firmware reservations
  arm64-efi  a fragmented EFI memory map (hundreds of regions), NOMAP
             holes, current_limit changes, device-tree style reservations
  numa8      eight nodes assigned with set_node, hotplug marks under
             movable_node, node-exact and fallback allocations
  mirror     kernelcore=mirror: some memory mirrored, allocations that
             exhaust it and fall back
  churn      random reserve/free/alloc/free with a thousand regions, both
             directions
  limits     the above interleaved with remove/add, trim_memory, mem=
             (enforce_memory_limit, mem_limit_remove_map, cap_memory_range)

The generator keeps the rules the kernel peer needs (memblock-peer/peer.c):
allow_resize first, memory only above PAGE_SIZE and below 32 TiB, mirror
marked before the first allocation, power-of-two alignments, valid nodes.
It never predicts where an allocation lands: a script frees what it
allocated through "@K" operands, resolved by the drivers.

The random numbers come from splitmix64, so a seed gives the same script
with any Python 3.
"""
import argparse
import os
import sys

KiB = 1 << 10
MiB = 1 << 20
GiB = 1 << 30
TiB = 1 << 40
PAGE = 4 * KiB
ANYWHERE = (1 << 64) - 1
ACCESSIBLE = 0
NUMA_NO_NODE = -1

HOTPLUG, MIRROR, NOMAP = 0x1, 0x2, 0x4


class Rng:
    """splitmix64: tiny, and stable across Python versions."""

    def __init__(self, seed):
        self.s = seed & (2**64 - 1)

    def u64(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & (2**64 - 1)
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & (2**64 - 1)
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & (2**64 - 1)
        return z ^ (z >> 31)

    def below(self, n):
        return self.u64() % n if n > 0 else 0

    def range(self, lo, hi):
        """lo <= x < hi"""
        return lo + self.below(hi - lo)

    def chance(self, p):
        return self.below(1 << 20) < int(p * (1 << 20))

    def pick(self, seq):
        return seq[self.below(len(seq))]

    def weighted(self, table):
        total = sum(w for w, _ in table)
        x = self.below(total)
        for w, v in table:
            if x < w:
                return v
            x -= w
        return table[-1][1]


def h(v):
    return '0x%x' % v


class Script:
    def __init__(self, name, seed, nr_ops):
        self.rng = Rng(seed * 0x100000001B3 + sum(map(ord, name)))
        self.name = name
        self.seed = seed
        self.nr_ops = nr_ops
        self.lines = []
        self.allocs = []        # (index, size) of every allocation
        self.memory = []        # (base, size, nid) added, for choosing ranges

    def full(self):
        return len(self.lines) >= self.nr_ops

    def op(self, *words):
        if not self.full():
            self.lines.append(' '.join(str(w) for w in words))

    def alloc(self, kind, *words):
        if self.full():
            return
        self.op(kind, *words)
        self.allocs.append((len(self.allocs), int(words[0], 0)))

    # ---- operation helpers ----
    def add_node(self, base, size, nid, flags=0):
        self.memory.append((base, size, nid))
        self.op('add_node', h(base), h(size), nid, h(flags))

    def add(self, base, size):
        self.memory.append((base, size, None))
        self.op('add', h(base), h(size))

    def size_align(self):
        """A size and an alignment as boot code asks them: mostly pages at
        SMP_CACHE_BYTES or PAGE_SIZE; large alignments come with sizes
        that are multiples of them (memmap sections, huge pages, crash
        kernels), so top-down allocations mostly stay contiguous."""
        r = self.rng
        align = r.weighted([(600, PAGE), (250, 64), (80, 2 * MiB),
                            (40, 64 * KiB), (20, MiB), (8, 16 * MiB),
                            (2, 128 * MiB)])
        if align >= MiB and r.chance(0.9):
            return align * (r.range(1, 5) if align < 16 * MiB else 1), align
        lo, hi = r.weighted([(650, (PAGE, 16 * PAGE)),
                             (300, (16 * PAGE, 2 * MiB)),
                             (48, (2 * MiB, 16 * MiB)),
                             (2, (16 * MiB, 128 * MiB))])
        return max(PAGE, r.range(lo, hi) & ~(PAGE - 1)), align

    def mem_range(self, max_len=64 * MiB):
        base, size, _ = self.rng.pick(self.memory)
        start = base + (self.rng.below(size) & ~(PAGE - 1))
        length = max(PAGE, self.rng.below(min(max_len, size)) & ~(PAGE - 1))
        return start, length

    def any_range(self, top, max_len=16 * MiB):
        start = max(PAGE, self.rng.below(top) & ~(PAGE - 1))
        length = max(PAGE, self.rng.below(max_len) & ~(PAGE - 1))
        return start, length

    def free_some(self, partial=0.4):
        """Free (part of) an earlier allocation through its @K operand."""
        if not self.allocs:
            return
        k, size = self.rng.pick(self.allocs)
        if size > PAGE and self.rng.chance(partial):
            off = self.rng.below(size) & ~(PAGE - 1)
            length = max(PAGE, self.rng.below(size - off) & ~(PAGE - 1))
            self.op('phys_free', '@%d+%s' % (k, h(off)), h(length))
        else:
            self.op('phys_free', '@%d' % k, h(size))

    def text(self):
        head = ['# memblock operation script: mix %s, seed %d, %d operations'
                % (self.name, self.seed, len(self.lines)),
                '# generated by tools/bench/memblock-gen.py']
        return '\n'.join(head + self.lines) + '\n'


# What setup_arch() and mm_init() mostly do: allocate, rarely free or
# reserve firmware ranges, so the reserved array stays in the hundreds.
BOOT_WEIGHTS = [(350, 'try'), (200, 'exact'), (150, 'range'), (150, 'phys'),
                (30, 'free'), (10, 'reserve'), (5, 'noinit'), (5, 'limit')]


def runtime_allocs(s, nodes, top_of_node, weights=BOOT_WEIGHTS):
    """One allocation-side operation, drawn from @weights."""
    r = s.rng
    kind = r.weighted(weights)
    nid = r.pick(nodes) if r.chance(0.8) else NUMA_NO_NODE
    if kind == 'try':
        lo = 0 if r.chance(0.7) else r.pick([16 * MiB, 4 * GiB, GiB])
        hi = r.pick([ACCESSIBLE, ACCESSIBLE, ACCESSIBLE, ANYWHERE, 4 * GiB])
        size, align = s.size_align()
        s.alloc('alloc_try_nid_raw', h(size), h(align), h(lo),
                h(hi), nid)
    elif kind == 'exact':
        size, align = s.size_align()
        s.alloc('alloc_exact_nid_raw', h(size), h(align), h(0),
                h(r.pick([ACCESSIBLE, ANYWHERE])), nid)
    elif kind == 'range':
        lo = r.pick([0, 0, MiB, 16 * MiB, GiB])
        hi = r.pick([ANYWHERE, ACCESSIBLE, ANYWHERE, 4 * GiB, top_of_node])
        exact = hi in (ANYWHERE, ACCESSIBLE) and r.chance(0.3)
        size, align = s.size_align()
        s.alloc('alloc_range_nid', h(size), h(align), h(lo), h(hi),
                nid, 1 if exact else 0)
    elif kind == 'phys':
        lo = r.pick([0, MiB, 16 * MiB])
        hi = r.pick([ACCESSIBLE, ACCESSIBLE, 4 * GiB, ANYWHERE])
        size, align = s.size_align()
        s.alloc('phys_alloc_range', h(size), h(align), h(lo), h(hi))
    elif kind == 'free':
        s.free_some()
    elif kind == 'reserve':
        base, size = s.mem_range(4 * MiB)
        s.op('reserve', h(base), h(size))
    elif kind == 'noinit':
        # as hugetlb's boot pages: allocated, then marked
        size = 2 * MiB
        s.alloc('alloc_try_nid_raw', h(size), h(size), h(0), h(ACCESSIBLE),
                nid)
        s.op('reserved_mark_noinit', '@%d' % s.allocs[-1][0], h(size))
    elif kind == 'limit':
        s.op('set_current_limit', h(r.pick([ANYWHERE, top_of_node])))


def x86_boot(s):
    r = s.rng
    s.op('allow_resize')
    # e820: low memory, then RAM with firmware holes, two nodes
    s.add_node(PAGE, 0x9f000 - PAGE, 0)
    node_top = [2 * GiB + r.below(GiB) & ~(GiB // 4 - 1), 0]
    addr = MiB
    while addr < node_top[0]:
        size = min(node_top[0] - addr,
                   (r.range(64 * MiB, 768 * MiB)) & ~(PAGE - 1))
        s.add_node(addr, size, 0)
        addr += size + (r.range(1, 16) * PAGE if r.chance(0.5) else 0)
    addr = 4 * GiB
    end = 4 * GiB + r.range(28, 60) * GiB
    nid = 0
    while addr < end:
        size = min(end - addr, r.range(GiB, 8 * GiB) & ~(MiB - 1))
        if addr > 4 * GiB + (end - 4 * GiB) // 2:
            nid = 1
        s.add_node(addr, size, nid)
        addr += size + (r.range(1, 64) * MiB if r.chance(0.3) else 0)
    node_top[1] = end
    # early reservations: real mode, kernel image, initrd, ACPI/EFI
    s.op('reserve', h(0), h(MiB))
    s.op('reserve', h(16 * MiB), h(r.range(20, 60) * MiB))
    s.op('reserve', h(r.range(256, 900) * MiB), h(r.range(8, 80) * MiB))
    for _ in range(40):
        base, size = s.mem_range(256 * KiB)
        s.op('reserve', h(base), h(size))
    # bottom-up while the page tables are built above the kernel
    s.op('set_bottom_up', 1)
    for _ in range(200):
        s.alloc('phys_alloc_range', h(PAGE), h(PAGE), h(16 * MiB + 64 * MiB),
                h(r.pick([ACCESSIBLE, 4 * GiB])))
        if r.chance(0.1):
            s.free_some(0.0)
    s.op('set_bottom_up', 0)
    s.op('set_current_limit', h(end))
    # per-node structures, memmap sections, then everything else
    for i in range(400):
        s.alloc('alloc_exact_nid_raw', h(r.pick([2 * MiB, 4 * MiB, PAGE])),
                h(r.pick([PAGE, 2 * MiB])), h(0), h(ACCESSIBLE), i % 2)
    while not s.full():
        runtime_allocs(s, [0, 1], node_top[1])


def arm64_efi(s):
    r = s.rng
    s.op('allow_resize')
    # a fragmented EFI map: many small regions, some NOMAP (runtime services)
    addr = 0x40000000
    nomap = []
    for _ in range(r.range(180, 260)):
        size = r.weighted([(40, (PAGE, 64 * KiB)), (30, (64 * KiB, 4 * MiB)),
                           (20, (4 * MiB, 256 * MiB)), (5, (256 * MiB, 2 * GiB))])
        size = max(PAGE, r.range(*size) & ~(PAGE - 1))
        s.add(addr, size)
        if r.chance(0.15):
            nomap.append((addr, size))
        addr += size + (r.range(1, 32) * PAGE if r.chance(0.2) else 0)
    top = addr
    # arm64_numa_init() without a NUMA description: all memory on node 0
    s.op('set_node', h(0x40000000), h(top - 0x40000000), 'memory', 0)
    for base, size in nomap:
        s.op('mark_nomap', h(base), h(size))
    # device-tree reserved-memory, kernel image, initrd, fdt
    for _ in range(60):
        base, size = s.mem_range(8 * MiB)
        s.op('reserve', h(base), h(size))
    for _ in range(20):
        base, size = s.mem_range(2 * MiB)
        s.op('remove', h(base), h(size))
    s.op('set_current_limit', h(min(top, 0x40000000 + 4 * GiB)))
    while not s.full():
        x = r.below(100)
        if x < 4 and nomap:
            base, size = r.pick(nomap)
            s.op('clear_nomap' if r.chance(0.5) else 'mark_nomap', h(base),
                 h(size))
        elif x < 6:
            s.op('set_current_limit', h(r.pick([ANYWHERE, top,
                                                 0x40000000 + 4 * GiB])))
        elif x < 8:
            base, size = s.mem_range(MiB)
            s.op('remove', h(base), h(size))
            if r.chance(0.5):
                s.op('add', h(base), h(size))
        else:
            runtime_allocs(s, [0], top, [(40, 'try'), (25, 'range'),
                                         (15, 'phys'), (8, 'free'),
                                         (2, 'reserve')])


def numa8(s):
    r = s.rng
    s.op('allow_resize')
    s.op('movable_node', 1)
    per = r.range(16, 64) * GiB
    nodes = list(range(8))
    # memory arrives without nodes (e820), then NUMA init assigns them
    for n in nodes:
        base = max(MiB, n * per)
        addr = base
        while addr < (n + 1) * per:
            size = min((n + 1) * per - addr, r.range(GiB, 16 * GiB) & ~(MiB - 1))
            s.add(addr, size)
            addr += size + (r.range(1, 16) * MiB if r.chance(0.3) else 0)
    for _ in range(30):
        base, size = s.mem_range(MiB)
        s.op('reserve', h(base), h(size))
    for n in nodes:
        s.op('set_node', h(max(MiB, n * per)), h((n + 1) * per - max(MiB, n * per)),
             'memory', n)
    # the last two nodes are hotpluggable
    for n in nodes[-2:]:
        s.op('mark_hotplug', h(n * per), h(per))
    while not s.full():
        x = r.below(100)
        if x < 3:
            n = r.pick(nodes[-3:])
            s.op('clear_hotplug' if r.chance(0.5) else 'mark_hotplug',
                 h(n * per + r.below(per // 2) & ~(GiB - 1)), h(GiB))
        elif x < 5:
            s.op('set_bottom_up', r.below(2))
        else:
            # boot code rarely asks a hotpluggable node for memory
            runtime_allocs(s, nodes if r.chance(0.05) else nodes[:-2],
                           8 * per)


def mirror(s):
    r = s.rng
    s.op('allow_resize')
    s.op('mirrored_kernelcore', 1)
    addr = MiB
    for _ in range(24):
        size = r.range(GiB, 4 * GiB) & ~(MiB - 1)
        s.add_node(addr, size, 0 if addr < 48 * GiB else 1)
        addr += size
    top = addr
    # some mirrored memory in each node, marked before allocating: the
    # allocations use it up towards the end and fall back, with warnings
    for _ in range(8):
        base, size = s.mem_range(768 * MiB)
        s.op('mark_mirror', h(base), h(size))
    s.op('reserve', h(0), h(MiB))
    s.op('reserve', h(16 * MiB), h(48 * MiB))
    while not s.full():
        runtime_allocs(s, [0, 1], top)


def churn(s):
    r = s.rng
    s.op('allow_resize')
    top = 64 * GiB
    addr = MiB
    while addr < top:
        size = min(top - addr, r.range(GiB // 2, 8 * GiB) & ~(MiB - 1))
        s.add_node(addr, size, 0 if addr < top // 2 else 1)
        addr += size + (r.range(1, 8) * MiB if r.chance(0.4) else 0)
    reserved = []
    while not s.full():
        x = r.below(100)
        if x < 30:
            base, size = s.any_range(top, 2 * MiB)
            s.op('reserve', h(base), h(size))
            reserved.append((base, size))
        elif x < 50 and reserved:
            base, size = reserved.pop(r.below(len(reserved)))
            s.op('phys_free', h(base), h(size))
        elif x < 52:
            s.op('set_bottom_up', r.below(2))
        elif x < 65:
            s.free_some()
        else:
            runtime_allocs(s, [0, 1], top, [(30, 'try'), (30, 'range'),
                                            (20, 'phys'), (10, 'exact')])


def limits(s):
    r = s.rng
    s.op('allow_resize')
    top = 16 * GiB
    def add_all():
        addr = PAGE
        while addr < top:
            limit = top // 2 if addr < top // 2 else top
            size = min(limit - addr, r.range(64 * MiB, 2 * GiB) & ~(PAGE - 1))
            if size > PAGE:
                size -= r.pick([0, 0, 0x800, 0x1800])   # unaligned ends
            s.add_node(addr, size, 0 if addr < top // 2 else 1)
            addr += size + r.range(0, 4) * PAGE
    add_all()
    s.op('reserve', h(0), h(MiB))
    while not s.full():
        x = r.below(1000)
        if x < 4:
            s.op('trim_memory', h(r.pick([PAGE, 2 * MiB])))
        elif x < 8:
            s.op('enforce_memory_limit', h(r.range(top // 2, top)))
            add_all()
        elif x < 11:
            s.op('mem_limit_remove_map', h(r.range(top // 2, top)))
            add_all()
        elif x < 14:
            base = r.range(0, top // 4) & ~(MiB - 1)
            s.op('cap_memory_range', h(base), h(top - base - r.below(top // 4)))
            add_all()
        elif x < 80:
            base, size = s.mem_range(256 * MiB)
            s.op('remove', h(base), h(size))
        elif x < 160:
            base, size = s.mem_range(256 * MiB)
            if base < top // 2:
                size = min(size, top // 2 - base)
            s.op('add_node', h(base), h(size), 0 if base < top // 2 else 1,
                 h(0))
        else:
            runtime_allocs(s, [0, 1], top)


MIXES = {
    'x86-boot': (x86_boot, 1),
    'arm64-efi': (arm64_efi, 2),
    'numa8': (numa8, 3),
    'mirror': (mirror, 4),
    'churn': (churn, 5),
    'limits': (limits, 6),
}


def generate(mix, seed, nr_ops):
    s = Script(mix, seed, nr_ops)
    MIXES[mix][0](s)
    return s.text()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--mix', choices=sorted(MIXES))
    ap.add_argument('--seed', type=int)
    ap.add_argument('--ops', type=int, default=10000)
    ap.add_argument('-o', '--output', help='file (default: stdout)')
    ap.add_argument('--all', metavar='DIR',
                    help='write every mix, default seeds, to DIR/memblock-MIX.mbs')
    a = ap.parse_args()
    if a.all:
        os.makedirs(a.all, exist_ok=True)
        for mix, (_, seed) in MIXES.items():
            with open(os.path.join(a.all, 'memblock-%s.mbs' % mix),
                      'w') as f:
                f.write(generate(mix, seed if a.seed is None else a.seed,
                                 a.ops))
        return 0
    if not a.mix:
        ap.error('--mix or --all')
    text = generate(a.mix, MIXES[a.mix][1] if a.seed is None else a.seed,
                    a.ops)
    if a.output:
        with open(a.output, 'w') as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main())
