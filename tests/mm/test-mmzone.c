// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/mm/mmzone.c: looking zones up.  The zone of a pfn
 * (page_zone(), with its one-entry cache), the zone type names, and the
 * public getters: cmasim_zone_count(), cmasim_zone_get(),
 * cmasim_pfn_to_zone() and cmasim_totalram_pages().  Machines are built
 * with memblock calls (mm-helpers).
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mm-helpers.h"

/*
 * Two nodes of 16 MiB: node 0 [16M, 32M), node 1 [32M, 48M), both in
 * ZONE_DMA32 (nothing below 16 MiB: ZONE_DMA is empty).
 */
static int setup_two_nodes(void **state)
{
	static const struct tst_range mem[] = {
		{ 16 * MiB, 16 * MiB, 0 }, { 32 * MiB, 16 * MiB, 1 } };
	struct cmasim *sim = tst_sim_new(NULL, tst_state_version(state), NULL);

	tst_mm_boot(sim, mem, 2, NULL, 0);
	*state = sim;
	return 0;
}

/* Expect the public zone getters to report what zoneinfo shows. */
static void test_zone_get_public(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_zone_info zi;
	int idx = cmasim_pfn_to_zone(sim, 0x2000);

	assert_true(idx >= 0);
	assert_int_equal(cmasim_zone_get(sim, (unsigned int)idx, &zi), 0);
	assert_string_equal(zi.name, "DMA32");
	assert_int_equal(zi.start_pfn, 0x1000);
	assert_int_equal(zi.present, 0x3000);
	assert_int_equal(zi.free, zi.managed);
	assert_true(zi.wmark[CMASIM_WMARK_MIN] < zi.wmark[CMASIM_WMARK_LOW]);
	assert_true(zi.wmark[CMASIM_WMARK_HIGH] <
		    zi.wmark[CMASIM_WMARK_PROMO]);
	assert_errno(cmasim_pfn_to_zone(sim, 0), -ENOENT);
	assert_errno(cmasim_zone_get(sim, 1000, &zi), -ENOENT);
	assert_errno(cmasim_zone_get(sim, 0, NULL), -EINVAL);
	assert_errno(cmasim_zone_get(NULL, 0, &zi), -EINVAL);
	assert_int_equal(cmasim_zone_count(sim), 5);
	assert_int_equal(cmasim_totalram_pages(sim),
			 (64 * MiB >> 12) - 256);
}

/*
 * After a few allocations the DMA32 zone's free lists hold blocks of
 * several orders and types.
 * Expect cmasim_zone_get_free_area() to give each list's length, the
 * blocks to add up to the zone's NR_FREE_PAGES (which leaves out the
 * pages on per-cpu lists, as the kernel's does),
 * -EINVAL for an order above the largest or NULL, -ENOENT for a slot
 * past the last.
 */
static void test_zone_get_free_area(void **state)
{
	struct cmasim *sim = *state;
	int idx = cmasim_pfn_to_zone(sim, 0x2000);
	struct cms_zone *z = tst_zone(sim, 0, CMS_ZONE_DMA32);
	uint64_t nr[CMASIM_MIGRATE_TYPES], pages = 0;

	tst_alloc(sim, CMASIM_GFP_KERNEL, 3);
	tst_alloc(sim, CMASIM_GFP_HIGHUSER_MOVABLE, 5);
	assert_true(idx >= 0);
	for (unsigned int o = 0; o < sim->nr_orders; o++) {
		assert_int_equal(cmasim_zone_get_free_area(sim, (unsigned int)idx,
							   o, nr), 0);
		for (int t = 0; t < CMASIM_MIGRATE_TYPES; t++) {
			assert_int_equal(nr[t], tst_nr_free(z, o, t));
			pages += nr[t] << o;
		}
	}
	assert_int_equal(pages, (uint64_t)cms_zone_free(z));
	assert_errno(cmasim_zone_get_free_area(sim, (unsigned int)idx,
					       sim->nr_orders, nr), -EINVAL);
	assert_errno(cmasim_zone_get_free_area(sim, (unsigned int)idx, 0, NULL),
		     -EINVAL);
	assert_errno(cmasim_zone_get_free_area(NULL, 0, 0, nr), -EINVAL);
	assert_errno(cmasim_zone_get_free_area(sim, 1000, 0, nr), -ENOENT);
}

/*
 * Zone indexes run node by node, nr_zones per node:
 *   index = nid * nr_zones + zone_idx
 *   16M         32M         48M
 *   [ n0 DMA32  ][ n1 DMA32 ]
 * Expect each pfn's index to name its node and zone, the getters to
 * agree, and pfns outside every zone (0, 48M) to be -ENOENT.
 */
static void test_pfn_to_zone_two_nodes(void **state)
{
	struct cmasim *sim = *state;
	unsigned int per_node = cmasim_zone_count(sim) / 2;
	struct cmasim_zone_info zi;
	int a = cmasim_pfn_to_zone(sim, 0x1000);
	int b = cmasim_pfn_to_zone(sim, 0x2fff);

	assert_int_equal(cmasim_zone_count(sim) % 2, 0);
	assert_true(a >= 0 && (unsigned int)a < per_node);
	assert_int_equal(cmasim_pfn_to_zone(sim, 0x1fff), a);
	assert_int_equal(b, a + (int)per_node);
	assert_int_equal(cmasim_zone_get(sim, (unsigned int)b, &zi), 0);
	assert_int_equal(zi.nid, 1);
	assert_string_equal(zi.name, "DMA32");
	assert_int_equal(zi.start_pfn, 0x2000);
	assert_int_equal(zi.spanned, 0x1000);
	assert_int_equal(zi.zone_idx, a);
	assert_errno(cmasim_pfn_to_zone(sim, 0), -ENOENT);
	assert_errno(cmasim_pfn_to_zone(sim, 0x3000), -ENOENT);
	assert_errno(cmasim_pfn_to_zone(NULL, 0x1000), -ENOENT);
	assert_int_equal(cmasim_totalram_pages(sim), 0x2000);
}

/*
 * page_zone(): cms_pfn_zone() keeps the last zone it found.
 * Expect node 1's zone for 0x2000, node 0's for 0x1000 right after (the
 * cache must not answer for a pfn outside it), the cache updated each
 * time, and NULL for a pfn in no zone, with the cache kept.
 */
static void test_pfn_zone_cache(void **state)
{
	struct cmasim *sim = *state;
	struct cms_zone *z1 = cms_pfn_zone(sim, 0x2000);
	struct cms_zone *z0;

	assert_non_null(z1);
	assert_int_equal(z1->node->nid, 1);
	assert_ptr_equal(sim->mm->last_zone, z1);
	assert_ptr_equal(cms_pfn_zone(sim, 0x2fff), z1);
	z0 = cms_pfn_zone(sim, 0x1000);
	assert_non_null(z0);
	assert_int_equal(z0->node->nid, 0);
	assert_ptr_not_equal(z0, z1);
	assert_ptr_equal(sim->mm->last_zone, z0);
	assert_null(cms_pfn_zone(sim, 0x3000));
	assert_null(cms_pfn_zone(sim, 0));
	assert_ptr_equal(sim->mm->last_zone, z0);
}

/*
 * Before free_area_init there are no zones.  Expect a zone count of 0,
 * -ENOENT from the lookups, NULL from cms_pfn_zone() and no totalram.
 */
static void test_zone_lookups_before_free_area_init(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_zone_info zi;

	assert_int_equal(cmasim_zone_count(sim), 0);
	assert_int_equal(cmasim_zone_count(NULL), 0);
	assert_errno(cmasim_zone_get(sim, 0, &zi), -ENOENT);
	assert_errno(cmasim_pfn_to_zone(sim, 0x1000), -ENOENT);
	assert_null(cms_pfn_zone(sim, 0x1000));
	assert_int_equal(cmasim_totalram_pages(sim), 0);
	assert_int_equal(cmasim_totalram_pages(NULL), 0);
}

/* Expect the kernel's zone_names[] spellings, which /proc prints. */
static void test_zone_type_names(void **state)
{
	(void)state;
	assert_string_equal(cms_zone_type_name(CMS_ZONE_DMA), "DMA");
	assert_string_equal(cms_zone_type_name(CMS_ZONE_DMA32), "DMA32");
	assert_string_equal(cms_zone_type_name(CMS_ZONE_NORMAL), "Normal");
	assert_string_equal(cms_zone_type_name(CMS_ZONE_HIGHMEM), "HighMem");
	assert_string_equal(cms_zone_type_name(CMS_ZONE_MOVABLE), "Movable");
	assert_string_equal(cms_zone_type_name(CMS_ZONE_DEVICE), "Device");
}

/* The process's address space now, from /proc/self/status (0 if unknown). */
static uint64_t vm_size_bytes(void)
{
	char line[256];
	uint64_t kib = 0;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmSize: %" SCNu64 " kB", &kib) == 1)
			break;
	fclose(f);
	return kib << 10;
}

/*
 * The largest pc (64 TiB) booted with the address space capped 16 MiB
 * above what the process uses: the zones' arrays and the memory map's
 * reservation (256 GiB of address space) cannot be had.  Expect -ENOMEM
 * from the boot (the host allocations are g_try_* and mmap, none aborts)
 * and an instance that is destroyed cleanly.
 * In a child, so the cap stays there.  Not under ASan or valgrind, whose
 * own allocators need the address space.
 */
static void test_huge_machine_without_host_memory_is_enomem(void **state)
{
	int status = 0;
	pid_t pid;

	(void)state;
#if defined(__SANITIZE_ADDRESS__)
	return;
#endif
	if (tst_under_valgrind())
		return;
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct cmasim_config *cfg = cmasim_config_new();
		struct cmasim_machine *m = NULL;
		struct cmasim *sim = NULL;
		uint64_t now = vm_size_bytes();
		struct rlimit rl;
		int ret;

		if (!cfg || cmasim_create(cfg, &sim) ||
		    cmasim_machine_qemu_pc(UINT64_C(64) << 40, 1, &m) || !now)
			_exit(2);
		rl.rlim_cur = rl.rlim_max = now + (UINT64_C(16) << 20);
		if (setrlimit(RLIMIT_AS, &rl))
			_exit(3);
		ret = cmasim_boot(sim, m, "");
		cmasim_machine_destroy(m);
		cmasim_destroy(sim);
		cmasim_config_destroy(cfg);
		_exit(ret == -ENOMEM ? 0 : 4);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
	const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_zone_type_names),
		cmocka_unit_test(test_huge_machine_without_host_memory_is_enomem),
	};
#define T(f, setup) cmocka_unit_test_setup_teardown(f, setup, tst_teardown_checked)
	const struct CMUnitTest per_version[] = {
		T(test_zone_get_public, tst_setup_small_x86),
		T(test_zone_get_free_area, tst_setup_small_x86),
		T(test_pfn_to_zone_two_nodes, setup_two_nodes),
		T(test_pfn_zone_cache, setup_two_nodes),
		T(test_zone_lookups_before_free_area_init, tst_setup_version),
	};
#undef T

	return tst_run_groups("mmzone", plain, NR_OF(plain), per_version,
			      NR_OF(per_version));
}
