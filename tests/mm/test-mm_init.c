// SPDX-License-Identifier: GPL-2.0-only
/*
 * Nodes and zones at boot (lib/mm/mm_init.c): zone boundaries per arch,
 * ZONE_MOVABLE from kernelcore=/movablecore=, spanned/present/managed,
 * holes, the boot lines of free_area_init and build_all_zonelists, the
 * memblock_free_all handover, and the "Memory:" line of both versions.
 */
#include "config.h"

#include <stdlib.h>

#include <glib.h>

#include "mm-helpers.h"
#include "mm/memblock.h"

/* The layout of capture s29 (qemu -m 2G, two 1 GiB nodes). */
static const struct tst_range s29_mem[] = {
	{ 0x1000, 0x9e000, 0 },
	{ 0x100000, 0x40000000 - 0x100000, 0 },
	{ 0x40000000, 0x7ffe0000 - 0x40000000, 1 },
};
static const struct tst_range s29_rsv[] = {
	{ 0, 0x100000, 0 },
	{ 0x1000000, 0x3000000, 0 },
	{ 0x7c000000, 0x4000000, 1 },
};

static struct cmasim *boot_s29(const char *kernel)
{
	struct cmasim *sim = tst_sim_new(NULL, kernel, NULL);

	tst_mm_boot(sim, s29_mem, 3, s29_rsv, 3);
	return sim;
}

static int setup_s29(void **state)
{
	*state = boot_s29(tst_state_version(state));
	return 0;
}

/*
 * 0        1M  16M                 1G                  2G-128K
 * |hole/rsv|DMA |------ DMA32 node 0 -|---- DMA32 node 1 ----|
 * Expect the zone and node lines of the s29 capture, byte for byte.
 */
static void test_mm_init_s29_boot_lines(void **state)
{
	struct cmasim *sim = *state;
	static const char *const lines[] = {
		"Zone ranges:",
		"  DMA      [mem 0x0000000000001000-0x0000000000ffffff]",
		"  DMA32    [mem 0x0000000001000000-0x000000007ffdffff]",
		"  Normal   empty",
		"  Device   empty",
		"Movable zone start for each node",
		"Early memory node ranges",
		"  node   0: [mem 0x0000000000001000-0x000000000009efff]",
		"  node   0: [mem 0x0000000000100000-0x000000003fffffff]",
		"  node   1: [mem 0x0000000040000000-0x000000007ffdffff]",
		"Initmem setup node 0 [mem 0x0000000000001000-0x000000003fffffff]",
		"Initmem setup node 1 [mem 0x0000000040000000-0x000000007ffdffff]",
		"On node 0, zone DMA: 1 pages in unavailable ranges",
		"On node 0, zone DMA: 97 pages in unavailable ranges",
		"On node 1, zone DMA32: 32 pages in unavailable ranges",
		"Fallback order for Node 0: 0 1 ",
		"Fallback order for Node 1: 1 0 ",
		"Policy zone: DMA32",
	};
	long prev = -1;

	for (size_t i = 0; i < CMS_ARRAY_SIZE(lines); i++) {
		long at = tst_dmesg_find(sim, lines[i]);

		if (at <= prev)
			fail_msg("%s: line \"%s\" missing or out of order",
				 tst_kernel_name(sim), lines[i]);
		prev = at;
	}
}

/* Expect spanned/present as the s29 capture's /proc/zoneinfo shows. */
static void test_mm_init_s29_spanned_present(void **state)
{
	struct cmasim *sim = boot_s29("6.1");
	struct cms_zone *dma = tst_zone(sim, 0, CMS_ZONE_DMA);
	struct cms_zone *d32 = tst_zone(sim, 0, CMS_ZONE_DMA32);
	struct cms_zone *d32b = tst_zone(sim, 1, CMS_ZONE_DMA32);

	assert_int_equal(dma->start_pfn, 1);
	assert_int_equal(dma->spanned, 4095);
	assert_int_equal(dma->present, 3998);
	assert_int_equal(d32->start_pfn, 4096);
	assert_int_equal(d32->spanned, 258048);
	assert_int_equal(d32->present, 258048);
	assert_int_equal(d32b->start_pfn, 262144);
	assert_int_equal(d32b->spanned, 262112);
	assert_int_equal(tst_zone(sim, 1, CMS_ZONE_DMA)->spanned, 0);
	assert_int_equal(tst_zone(sim, 0, CMS_ZONE_NORMAL)->spanned, 0);
	/* managed: present minus reserved (first MiB, 48 MiB, 64 MiB) */
	assert_int_equal(dma->managed, 3998 - (256 - 98) - 0);
	assert_int_equal(sim->mm->totalram_pages,
			 dma->managed + d32->managed + d32b->managed);
	tst_sim_free(sim);
}

/*
 * 6.1 prints managed estimates (present - memmap - dma_reserve) as
 * "Total pages"; 6.12 prints present pages.  Expect the captures' numbers.
 */
static void test_build_zonelists_total_pages_per_version(void **state)
{
	struct cmasim *sim = *state;

	assert_true(tst_dmesg_has(sim, tst_v61(sim) ?
		"Built 2 zonelists, mobility grouping on.  Total pages: 515808" :
		"Built 2 zonelists, mobility grouping on.  Total pages: 524158"));
}

/*
 * 6.1 prints "Memory:" right after memblock_free_all, before the
 * deferred struct pages are freed (one section per node's last zone);
 * 6.12 prints it after.  The s29 layout with its CMA area where the
 * capture has it (0x7be00000, 64 MiB, in node 1's deferred part):
 * reserved = physpages - totalram - totalcma_pages.
 * Expect 6.1 free < 6.12 free, same reserved.
 */
static void test_memory_line_deferred_init_per_version(void **state)
{
	static const struct tst_range rsv[] = {
		{ 0, 0x100000, 0 },
		{ 0x1000000, 0x3000000, 0 },
		{ 0x7be00000, 0x4000000, 1 },
	};
	struct cmasim *sim = tst_sim_new(NULL, "6.1", NULL);

	tst_memblock(sim, s29_mem, 3, rsv, 3);
	tst_cma_area(sim, 0x7be00000, 0x4000000, "reserved");
	tst_mm_up(sim);
	/* node 0 frees below 256 MiB, node 1 below 1 GiB + 128 MiB */
	assert_int_equal(sim->mm->nodes[0].first_deferred_pfn, 0x10000);
	assert_int_equal(sim->mm->nodes[1].first_deferred_pfn, 0x48000);
	assert_true(tst_dmesg_has(sim, "Memory: 343040K/2096632K available (0K kernel code, 0K rwdata, 0K rodata, 0K init, 0K bss, 49784K reserved, 65536K cma-reserved)"));
	tst_sim_free(sim);

	sim = tst_sim_new(NULL, "6.12", NULL);
	cms_mm_set_kernel_image(sim, 16384 * 1024, 2503 * 1024, 6888 * 1024,
				4280 * 1024, 4880 * 1024);
	tst_memblock(sim, s29_mem, 3, rsv, 3);
	tst_cma_area(sim, 0x7be00000, 0x4000000, "reserved");
	tst_mm_up(sim);
	assert_true(tst_dmesg_has(sim, "Memory: 1981312K/2096632K available (16384K kernel code, 2503K rwdata, 6888K rodata, 4280K init, 4880K bss, 49784K reserved, 65536K cma-reserved)"));
	tst_sim_free(sim);
}

/*
 * arm64 with memory 1 GiB .. 5 GiB: zone_dma_bits 32 puts ZONE_DMA up to
 * 4 GiB; DMA32 is empty.  Expect arm64's max_zone_phys() limits.
 */
static void test_mm_init_arm64_zone_dma_bits(void **state)
{
	static const struct tst_range mem[] = { { GiB, 4 * GiB, 0 } };
	struct cmasim *sim = tst_sim_new("arm64", "6.12", NULL);

	tst_mm_boot(sim, mem, 1, NULL, 0);
	assert_true(tst_dmesg_has(sim, "  DMA      [mem 0x0000000040000000-0x00000000ffffffff]"));
	assert_true(tst_dmesg_has(sim, "  DMA32    empty"));
	assert_true(tst_dmesg_has(sim, "  Normal   [mem 0x0000000100000000-0x000000013fffffff]"));
	assert_int_equal(tst_zone(sim, 0, CMS_ZONE_DMA)->present, 3 * GiB >> 12);
	tst_sim_free(sim);
}

/*
 * 32-bit arm, 2 GiB at 0x80000000: lowmem is 760 MiB from the start of
 * DRAM.  Expect Normal up to 0xaf7fffff and HighMem above.
 */
static void test_mm_init_arm_highmem_split(void **state)
{
	static const struct tst_range mem[] = {
		{ 0x80000000, 2 * GiB - 0x1000, 0 } };
	struct cmasim *sim = tst_sim_new("arm", "6.1", NULL);

	tst_mm_boot(sim, mem, 1, NULL, 0);
	assert_true(tst_dmesg_has(sim, "  Normal   [mem 0x0000000080000000-0x00000000af7fffff]"));
	assert_true(tst_dmesg_has(sim, "  HighMem  [mem 0x00000000af800000-0x00000000ffffefff]"));
	assert_int_equal(tst_zone(sim, 0, CMS_ZONE_HIGHMEM)->managed,
			 (2 * GiB - 0x1000 - 760 * MiB) >> 12);
	assert_int_equal(sim->mm->totalhigh_pages,
			 (2 * GiB - 0x1000 - 760 * MiB) >> 12);
	tst_sim_free(sim);
}

/*
 * kernelcore=512M on a 2 GiB x86 machine with 0..2G: ZONE_MOVABLE takes
 * the rest of the movable zone (DMA32) from 512M rounded to MAX_ORDER.
 * Expect "  Node 0: 0x0000000020400000" and a populated Movable zone.
 */
static void test_mm_init_kernelcore_makes_movable(void **state)
{
	static const struct tst_range mem[] = { { 0x100000, 2 * GiB - 0x100000, 0 } };
	struct cmasim *sim = tst_sim_new(NULL, "6.12", NULL);
	struct cms_core_param kc = { .given = true, .bytes = 512 * MiB };
	struct cms_core_param mc = { 0 };
	struct cms_zone *mv;

	cms_mm_set_core_params(sim, &kc, &mc);
	tst_mm_boot(sim, mem, 1, NULL, 0);
	assert_true(tst_dmesg_has(sim, "  Node 0: 0x0000000020400000"));
	mv = tst_zone(sim, 0, CMS_ZONE_MOVABLE);
	assert_int_equal(mv->start_pfn, 0x20400);
	assert_int_equal(mv->spanned, (2 * GiB >> 12) - 0x20400);
	assert_int_equal(tst_zone(sim, 0, CMS_ZONE_DMA32)->spanned,
			 0x20400 - 0x1000);
	tst_sim_free(sim);
}

/* movablecore=1G: kernelcore becomes total - 1 GiB.  Expect Movable at 1G. */
static void test_mm_init_movablecore(void **state)
{
	static const struct tst_range mem[] = { { 0, 2 * GiB, 0 } };
	struct cmasim *sim = tst_sim_new(NULL, "6.1", NULL);
	struct cms_core_param kc = { 0 };
	struct cms_core_param mc = { .given = true, .bytes = GiB };

	cms_mm_set_core_params(sim, &kc, &mc);
	tst_mm_boot(sim, mem, 1, NULL, 0);
	assert_true(tst_dmesg_has(sim, "  Node 0: 0x0000000040000000"));
	assert_int_equal(tst_zone(sim, 0, CMS_ZONE_MOVABLE)->present, GiB >> 12);
	tst_sim_free(sim);
}

/*
 * A zone of 2^39 pages or more cannot be simulated (40-bit list links):
 * 4 GiB + 2 PiB of memory.  Expect -EINVAL, no dmesg line, no zones, and
 * a later valid boot to work.
 */
static void test_mm_init_failure_leaves_instance_unchanged(void **state)
{
	static const struct tst_range huge[] = {
		{ 0x100000, (UINT64_C(2048) << 40) + 4 * GiB, 0 } };
	struct cmasim *sim = tst_sim_new(NULL, "6.12", NULL);

	tst_memblock(sim, huge, 1, NULL, 0);
	assert_errno(cms_free_area_init(sim), -EINVAL);
	assert_int_equal(cmasim_dmesg_count(sim), 0);
	assert_int_equal(cmasim_zone_count(sim), 0);
	assert_false(cms_free_area_init_done(sim));
	assert_true(tst_diag_contains(sim, "more than 2^39 - 1 per zone"));
	/* memory above 1 GiB + 1 MiB goes away; the same call now works */
	assert_errno(cms_memblock_remove(sim, 0x100000 + GiB,
					 huge[0].size - GiB, "test"), 0);
	assert_errno(cms_free_area_init(sim), 0);
	assert_errno(cms_mm_free_all(sim), 0);
	assert_true(tst_dmesg_has(sim, "Zone ranges:"));
	tst_sim_free(sim);
}

/*
 * A zone above 2^32 pages: 17 TiB in one node, Normal spanning
 * 2^32 pages and more.  Expect the boot to work without building the
 * memmap of the untouched memory, the checker to pass, and pages to come
 * from the top of the zone's list as they would with a full memmap: the
 * first max-order block freed, the lowest pfn of Normal.  Under
 * valgrind the memory map's address space (68 GiB) is not there: expect
 * -ENOMEM and an instance that is freed without a leak.
 *
 *   0     4G                                      17T
 *   | DMA/DMA32 |        Normal (> 2^32 pages)       |
 */
static void test_mm_init_zone_above_2_32_pages(void **state)
{
	static const struct tst_range huge[] = {
		{ 0x100000, UINT64_C(17) << 40, 0 } };
	struct cmasim *sim = tst_sim_new(NULL, "6.12", NULL);
	struct cms_zone *normal;
	cmasim_pfn_t pfn;

	tst_memblock(sim, huge, 1, NULL, 0);
	if (tst_under_valgrind()) {
		/* 68 GiB of address space for the memory map: not there */
		assert_errno(cms_free_area_init(sim), -ENOMEM);
		tst_sim_free(sim);
		return;
	}
	assert_errno(cms_free_area_init(sim), 0);
	assert_errno(cms_mm_free_all(sim), 0);
	normal = tst_zone(sim, 0, CMS_ZONE_NORMAL);
	assert_true(normal->spanned > (UINT64_C(1) << 32));
	assert_int_equal(normal->managed, normal->spanned);
	assert_errno(cmasim_check(sim), 0);
	assert_errno(cmasim_alloc_pages(sim, CMASIM_GFP_HIGHUSER_MOVABLE,
					sim->max_order, CMASIM_NUMA_NO_NODE,
					&pfn), 0);
	assert_int_equal(pfn, normal->start_pfn);
	assert_errno(cmasim_check(sim), 0);
	tst_sim_free(sim);
}

/*
 * The deferred memmap: 2 GiB with a hole and a reservation of whole
 * sections (128 MiB each on x86_64).
 *
 *   1M    512M      768M   1G   1152M         2G+256M
 *   |free | reserved | free |hole|    free      |
 *
 * Expect the boot to leave whole free sections and the reserved one
 * untouched (no chunk), their pages reading as free max-order blocks,
 * reserved pages and holes; materialising any of them (reading a page
 * through cms_zone_page) to change nothing a hash of the memmap and the
 * list orders sees; the reserved pages to be freeable one by one; and the
 * checker to pass throughout.
 */
static void test_memmap_deferred_sections(void **state)
{
	static const struct tst_range mem[] = {
		{ 0x100000, GiB - 0x100000, 0 },
		{ GiB + 128 * MiB, GiB + 128 * MiB, 0 } };
	static const struct tst_range rsv[] = { { 512 * MiB, 256 * MiB, 0 } };
	struct cmasim *sim = tst_sim_new(NULL, "6.12", NULL);
	uint64_t free_pfn = (256 * MiB) >> 12, rsv_pfn = (512 * MiB) >> 12;
	uint64_t hole_pfn = (GiB + 64 * MiB) >> 12, h;
	struct cms_zone *z;
	struct cms_page p;

	tst_mm_boot(sim, mem, 2, rsv, 1);
	z = tst_zone(sim, 0, CMS_ZONE_DMA32);
	assert_null(z->chunk[(free_pfn - z->start_pfn + z->chunk_off) >>
			     z->chunk_shift]);
	assert_null(z->chunk[(rsv_pfn - z->start_pfn + z->chunk_off) >>
			     z->chunk_shift]);
	cms_zone_page_peek(z, free_pfn, &p);
	assert_int_equal(cms_page_state(&p), CMS_PG_BUDDY);
	assert_int_equal(cms_page_order(&p), sim->max_order);
	assert_int_equal(cms_page_mt(&p), CMASIM_MIGRATE_MOVABLE);
	cms_zone_page_peek(z, free_pfn + 1, &p);
	assert_int_equal(cms_page_state(&p), CMS_PG_TAIL);
	cms_zone_page_peek(z, rsv_pfn + 5, &p);
	assert_int_equal(p.flags, CMS_PG_RESERVED);
	cms_zone_page_peek(z, hole_pfn, &p);
	assert_int_equal(p.flags, CMS_PG_RESERVED | CMS_PGF_HOLE);
	assert_errno(cmasim_check(sim), 0);

	h = tst_mm_hash(sim);
	assert_int_equal(cms_page_state(cms_zone_page(z, free_pfn + 3)),
			 CMS_PG_TAIL);
	assert_int_equal(cms_zone_page(z, rsv_pfn + 5)->flags,
			 CMS_PG_RESERVED);
	assert_int_equal(cms_zone_page(z, hole_pfn)->flags,
			 CMS_PG_RESERVED | CMS_PGF_HOLE);
	assert_non_null(z->chunk[(free_pfn - z->start_pfn + z->chunk_off) >>
				 z->chunk_shift]);
	assert_int_equal(tst_mm_hash(sim), h);
	assert_errno(cmasim_check(sim), 0);

	/* a never-freed page of an untouched section goes to the buddy */
	assert_errno(cms_free_reserved_page(sim, rsv_pfn + (128 * MiB >> 12)), 0);
	assert_errno(cmasim_check(sim), 0);
	tst_sim_free(sim);
}

/*
 * Runs stand for their blocks exactly: two instances booted alike (6.1,
 * then 6.12), one with every section materialised right after the boot,
 * run the same seeded mix of allocations (orders 0..max, every mobility)
 * and frees.
 * Expect the same pfn from every allocation, the same memmap hash and
 * list orders at the end, and the checker to pass on both.
 *
 *   1M        600M+1M     1G    1152M          2G+256M
 *   |  free  | reserved 3M | free | hole |      free      |
 */
static void runs_allocate_like_pages(const char *kernel)
{
	static const struct tst_range mem[] = {
		{ 0x100000, GiB - 0x100000, 0 },
		{ GiB + 128 * MiB, GiB + 128 * MiB, 0 } };
	static const struct tst_range rsv[] = { { 600 * MiB + MiB, 3 * MiB, 0 } };
	static const unsigned int gfps[] = {
		CMASIM_GFP_KERNEL, CMASIM_GFP_HIGHUSER_MOVABLE,
		CMASIM_GFP_KERNEL | CMASIM___GFP_RECLAIMABLE,
	};
	struct cmasim *lazy = tst_sim_new(NULL, kernel, NULL);
	struct cmasim *full = tst_sim_new(NULL, kernel, NULL);
	uint64_t live[512], nlive = 0, rng = 12345;
	unsigned int live_order[512];
	struct cms_node *n;
	struct cms_zone *z;

	tst_mm_boot(lazy, mem, 2, rsv, 1);
	tst_mm_boot(full, mem, 2, rsv, 1);
	cms_for_each_zone(full->mm, n, z)
		for (uint64_t c = 0; z->spanned && c < z->nr_chunks; c++)
			cms_zone_page(z, cms_max_u64(z->start_pfn,
				z->start_pfn - z->chunk_off +
				(c << z->chunk_shift)));
	assert_int_equal(tst_mm_hash(lazy), tst_mm_hash(full));
	for (int step = 0; step < 20000; step++) {
		uint64_t r;

		rng = rng * UINT64_C(6364136223846793005) +
		      UINT64_C(1442695040888963407);
		r = rng >> 16;
		if ((r & 3) && nlive < 512) {
			unsigned int order = (unsigned int)((r >> 4) % 4);
			unsigned int gfp = gfps[(r >> 8) % 3];
			cmasim_pfn_t a = 0, b = 0;
			int ra, rb;

			if (((r >> 12) & 15) == 0)
				order = (unsigned int)((r >> 16) % (lazy->max_order + 1));
			ra = cmasim_alloc_pages(lazy, gfp, order,
						CMASIM_NUMA_NO_NODE, &a);
			rb = cmasim_alloc_pages(full, gfp, order,
						CMASIM_NUMA_NO_NODE, &b);
			assert_int_equal(ra, rb);
			assert_int_equal(a, b);
			if (!ra) {
				live[nlive] = a;
				live_order[nlive++] = order;
			}
		} else if (nlive) {
			uint64_t k = (r >> 20) % nlive;

			assert_errno(cmasim_free_pages(lazy, live[k],
						       live_order[k]), 0);
			assert_errno(cmasim_free_pages(full, live[k],
						       live_order[k]), 0);
			live[k] = live[--nlive];
			live_order[k] = live_order[nlive];
		}
	}
	assert_int_equal(tst_mm_hash(lazy), tst_mm_hash(full));
	assert_errno(cmasim_check(lazy), 0);
	assert_errno(cmasim_check(full), 0);
	tst_sim_free(lazy);
	tst_sim_free(full);
}

static void test_memmap_runs_allocate_like_pages(void **state)
{
	runs_allocate_like_pages("6.1");
	runs_allocate_like_pages("6.12");
}

/* Expect -EPERM for a second free_area_init, -EINVAL without memory. */
static void test_mm_init_errors(void **state)
{
	struct cmasim *sim = tst_small_x86("6.12");
	struct cmasim *empty = tst_sim_new(NULL, NULL, NULL);

	assert_errno(cms_free_area_init(sim), -EPERM);
	assert_errno(cms_mm_free_all(sim), -EPERM);
	assert_errno(cms_free_area_init(empty), -EINVAL);
	assert_true(tst_diag_contains(empty, "memblock has no memory"));
	tst_sim_free(empty);
	tst_sim_free(sim);
}

/*
 * The handover from memblock_add_node()/memblock_reserve() calls: 2 GiB
 * on two nodes, 32 MiB reserved on node 1.
 * Expect managed = present - reserved on each node and the checker happy.
 */
static void test_mm_init_from_memblock(void **state)
{
	struct cmasim *sim = *state;
	struct cms_zone *n0, *n1;

	assert_errno(cms_memblock_add_node(sim, 0x100000, GiB - 0x100000, 0, 0,
					   "test"), 0);
	assert_errno(cms_memblock_add_node(sim, GiB, GiB, 1, 0, "test"), 0);
	assert_errno(cms_memblock_reserve(sim, GiB + 64 * MiB, 32 * MiB,
					  "test"), 0);
	assert_errno(cms_free_area_init(sim), 0);
	assert_errno(cms_mm_free_all(sim), 0);
	n0 = tst_zone(sim, 0, CMS_ZONE_DMA32);
	n1 = tst_zone(sim, 1, CMS_ZONE_DMA32);
	assert_int_equal(n0->present, (GiB >> 12) - 0x1000);
	assert_int_equal(n0->managed, n0->present);
	assert_int_equal(n1->managed, n1->present - (32 * MiB >> 12));
	assert_true(tst_dmesg_has(sim, "  node   1: [mem 0x0000000040000000-0x000000007fffffff]"));
	assert_int_equal(cmasim_check(sim), 0);
}

/*
 * NOMAP memory is present but never freed to the buddy.
 * |free 16M|NOMAP 16M|free 32M|  Expect managed = present - 4096.
 */
static void test_free_all_skips_nomap(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.12", NULL);
	struct cms_zone *z;

	assert_errno(cms_memblock_add(sim, 16 * MiB, 64 * MiB, "test"), 0);
	assert_errno(cmasim_memblock_mark_nomap(sim, 32 * MiB, 16 * MiB), 0);
	assert_errno(cms_free_area_init(sim), 0);
	assert_errno(cms_mm_free_all(sim), 0);
	z = tst_zone(sim, 0, CMS_ZONE_DMA32);
	assert_int_equal(z->present, 64 * MiB >> 12);
	assert_int_equal(z->managed, (64 * MiB >> 12) - 4096);
	tst_sim_free(sim);
}

/*
 * x86_64 6.1, memory below 16 MiB cut by a hole, reservations that share
 * a page, straddle the hole and the 16 MiB line, one byte long:
 *   |rsv 0x1800+0x100|rsv 0x1900+0x800|..|rsv 0x9e000+0x3000 (hole)|..
 *   |rsv 0x200000+1|..|rsv 0xfff800+0x1000 (16 MiB)|rsv 0x1100000|
 * Expect the DMA reserve (memblock_find_dma_reserve()) to count each
 * memory page below 16 MiB that a reservation touches once, as a walk
 * of every page against every reservation does.
 */
static void test_mm_init_dma_reserve_counts_touched_pages(void **state)
{
	static const struct tst_range mem[] = {
		{ 0x1000, 0x9f000 - 0x1000, 0 },
		{ 0x100000, 256 * MiB - 0x100000, 0 },
	};
	static const struct tst_range rsv[] = {
		{ 0x1800, 0x100, 0 },
		{ 0x1900, 0x800, 0 },
		{ 0x9e000, 0x3000, 0 },
		{ 0x200000, 1, 0 },
		{ 0x5000, 0x2000, 0 },
		{ 0xfff800, 0x1000, 0 },
		{ 0x1100000, 0x1000, 0 },
	};
	struct cmasim *sim = tst_sim_new(NULL, "6.1", NULL);
	const struct cms_memblock_type *r = &sim->memblock->reserved;
	uint64_t want = 0;

	(void)state;
	tst_memblock(sim, mem, NR_OF(mem), rsv, NR_OF(rsv));
	for (size_t i = 0; i < NR_OF(mem); i++) {
		uint64_t s = (mem[i].base + 0xfff) >> 12;
		uint64_t e = (mem[i].base + mem[i].size) >> 12;

		for (uint64_t pfn = s; pfn < e && pfn < (16 * MiB >> 12); pfn++)
			for (unsigned long k = 0; k < r->cnt; k++)
				if (r->regions[k].base < (pfn + 1) << 12 &&
				    r->regions[k].base + r->regions[k].size >
				    pfn << 12) {
					want++;
					break;
				}
	}
	assert_errno(cms_free_area_init(sim), 0);
	/* pages 1, 2, 5, 6, 0x9e, 0x200, 0xfff */
	assert_int_equal(want, 7);
	assert_int_equal(sim->mm->dma_reserve, want);
	tst_sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mm_init_s29_spanned_present),
		cmocka_unit_test(test_memory_line_deferred_init_per_version),
		cmocka_unit_test(test_mm_init_arm64_zone_dma_bits),
		cmocka_unit_test(test_mm_init_arm_highmem_split),
		cmocka_unit_test(test_mm_init_kernelcore_makes_movable),
		cmocka_unit_test(test_mm_init_movablecore),
		cmocka_unit_test(test_mm_init_errors),
		cmocka_unit_test(test_mm_init_failure_leaves_instance_unchanged),
		cmocka_unit_test(test_mm_init_zone_above_2_32_pages),
		cmocka_unit_test(test_memmap_deferred_sections),
		cmocka_unit_test(test_memmap_runs_allocate_like_pages),
		cmocka_unit_test(test_free_all_skips_nomap),
		cmocka_unit_test(test_mm_init_dma_reserve_counts_touched_pages),
	};
	const struct CMUnitTest per_version[] = {
		cmocka_unit_test_setup_teardown(test_mm_init_s29_boot_lines,
						setup_s29, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_build_zonelists_total_pages_per_version,
						setup_s29, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_mm_init_from_memblock,
						tst_setup_version,
						tst_teardown_checked),
	};

	return tst_run_groups("mm_init", tests, NR_OF(tests), per_version,
			      NR_OF(per_version));
}
