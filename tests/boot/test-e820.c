// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/boot/e820.c: the x86 e820 map as setup_arch() keeps it.
 * The working copy of the firmware's table (sorted), the "BIOS-e820" /
 * "user" lines with the kernel's type names, e820__range_update/remove
 * on RAM, e820_end_pfn() under a limit, e820__memblock_setup() (RAM into
 * memblock, partial pages thrown away, soft-reserved ranges reserved),
 * e820__register_nosave_regions(), and mem= through a boot (the "user"
 * map).  Tables are built by calls on a machine of their own.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "helpers.h"
#include "core/instance.h"
#include "boot/setup.h"
#include "mm/mmzone.h"
#include "boot/e820.h"
#include "mm/memblock.h"

static struct cmasim_machine *pc(uint64_t mem, unsigned int nodes)
{
	struct cmasim_machine *m = NULL;

	assert_int_equal(cmasim_machine_qemu_pc(mem, nodes, &m), 0);
	return m;
}

static struct cmasim *boot_pc(const char *kernel, uint64_t mem,
			      unsigned int nodes, const char *cmdline)
{
	struct cmasim *sim = tst_sim_new(NULL, kernel, NULL);
	struct cmasim_machine *m = pc(mem, nodes);

	assert_int_equal(cmasim_boot(sim, m, cmdline), 0);
	cmasim_machine_destroy(m);
	return sim;
}

/* A machine whose e820 map is @e[0..@n), given in that order. */
static struct cmasim_machine *map(const struct cms_e820_entry *e, size_t n)
{
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_X86_64);

	assert_non_null(m);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(cmasim_machine_add_e820(m, e[i].addr, e[i].size,
							 e[i].type), 0);
	return m;
}

static void entry_is(const struct cms_e820_table *t, size_t i, uint64_t addr,
		     uint64_t size, unsigned int type)
{
	assert_true(i < t->n);
	if (t->e[i].addr != addr || t->e[i].size != size ||
	    t->e[i].type != type)
		fail_msg("entry %zu is [0x%llx +0x%llx] type %u, expected [0x%llx +0x%llx] type %u",
			 i, (unsigned long long)t->e[i].addr,
			 (unsigned long long)t->e[i].size, t->e[i].type,
			 (unsigned long long)addr, (unsigned long long)size, type);
}

/*
 *   given:  [1M .. 1G) RAM   [0 .. 640K) RAM   [1G .. 1G+4K) reserved
 * Expect e820__memory_setup_default()'s copy in address order, the
 * machine's own list untouched.
 */
static void test_e820_table_init_sorts(void **state)
{
	static const struct cms_e820_entry e[] = {
		{ 0x100000, CMS_SZ_1G - 0x100000, CMASIM_E820_RAM },
		{ 0, 0xa0000, CMASIM_E820_RAM },
		{ CMS_SZ_1G, 0x1000, CMASIM_E820_RESERVED },
	};
	struct cmasim_machine *m = map(e, 3);
	struct cms_e820_table t;
	cmasim_phys_addr_t b, s;
	unsigned int type;

	(void)state;
	assert_int_equal(cms_e820_table_init(&t, m), 0);
	assert_int_equal(t.n, 3);
	entry_is(&t, 0, 0, 0xa0000, CMASIM_E820_RAM);
	entry_is(&t, 1, 0x100000, CMS_SZ_1G - 0x100000, CMASIM_E820_RAM);
	entry_is(&t, 2, CMS_SZ_1G, 0x1000, CMASIM_E820_RESERVED);
	assert_int_equal(cmasim_machine_e820(m, 0, &b, &s, &type), 0);
	assert_int_equal(b, 0x100000);
	cms_e820_table_free(&t);
	assert_null(t.e);
	assert_int_equal(t.n, 0);
	cmasim_machine_destroy(m);
}

/*
 * e820__update_table():
 *   [0, 1M) RAM, [512K, 768K) ACPI (3), [1M, 2M) RAM, [4M, 5M) PRAM (12), [5M, 6M) PRAM, [6M, 7M) reserved, [6M+4K, 8M) RAM
 *   -> [0, 512K) RAM, [512K, 768K) ACPI, [768K, 2M) RAM (merged),
 *      [4M, 5M) PRAM, [5M, 6M) PRAM (not merged), [6M, 7M) reserved
 *      (the higher type), [7M, 8M) RAM
 * Expect the sanitised table; a table of one entry is left alone.
 */
static void test_e820_update_table(void **state)
{
	static const struct cms_e820_entry e[] = {
		{ 0, CMS_SZ_1M, CMASIM_E820_RAM },
		{ 0x80000, 0x40000, CMASIM_E820_ACPI },
		{ CMS_SZ_1M, CMS_SZ_1M, CMASIM_E820_RAM },
		{ 4 * CMS_SZ_1M, CMS_SZ_1M, 12 },
		{ 5 * CMS_SZ_1M, CMS_SZ_1M, 12 },
		{ 6 * CMS_SZ_1M, CMS_SZ_1M, CMASIM_E820_RESERVED },
		{ 6 * CMS_SZ_1M + 0x1000, 2 * CMS_SZ_1M - 0x1000,
		  CMASIM_E820_RAM },
	};
	struct cmasim_machine *m = map(e, NR_OF(e));
	struct cms_e820_table t;

	(void)state;
	assert_int_equal(cms_e820_table_init(&t, m), 0);
	assert_int_equal(t.n, 7);
	entry_is(&t, 0, 0, 0x80000, CMASIM_E820_RAM);
	entry_is(&t, 1, 0x80000, 0x40000, CMASIM_E820_ACPI);
	entry_is(&t, 2, 0xc0000, 2 * CMS_SZ_1M - 0xc0000, CMASIM_E820_RAM);
	entry_is(&t, 3, 4 * CMS_SZ_1M, CMS_SZ_1M, 12);
	entry_is(&t, 4, 5 * CMS_SZ_1M, CMS_SZ_1M, 12);
	entry_is(&t, 5, 6 * CMS_SZ_1M, CMS_SZ_1M, CMASIM_E820_RESERVED);
	entry_is(&t, 6, 7 * CMS_SZ_1M, CMS_SZ_1M, CMASIM_E820_RAM);
	cms_e820_table_free(&t);
	cmasim_machine_destroy(m);
	m = map(&e[6], 1);
	assert_int_equal(cms_e820_table_init(&t, m), 0);
	assert_int_equal(t.n, 1);
	entry_is(&t, 0, e[6].addr, e[6].size, CMASIM_E820_RAM);
	cms_e820_table_free(&t);
	cmasim_machine_destroy(m);
}

/*
 * e820__print_table(): one line per entry, "%s: [mem %#018Lx-%#018Lx] "
 * and the type's name.  Expect each type named as the kernel names it
 * (E820_TYPE_RESERVED_KERN prints "usable", types 7 and 12 "persistent").
 */
static void test_e820_print_table_type_names(void **state)
{
	static const struct {
		struct cms_e820_entry e;
		const char *line;
	} cases[] = {
		{ { 0, 0x9fc00, CMASIM_E820_RAM },
		  "BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable" },
		{ { 0x9fc00, 0x400, CMASIM_E820_RESERVED },
		  "BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved" },
		{ { 0x100000, 0x1000, CMASIM_E820_ACPI },
		  "BIOS-e820: [mem 0x0000000000100000-0x0000000000100fff] ACPI data" },
		{ { 0x101000, 0x1000, CMASIM_E820_NVS },
		  "BIOS-e820: [mem 0x0000000000101000-0x0000000000101fff] ACPI NVS" },
		{ { 0x102000, 0x1000, CMASIM_E820_UNUSABLE },
		  "BIOS-e820: [mem 0x0000000000102000-0x0000000000102fff] unusable" },
		{ { 0x103000, 0x1000, CMASIM_E820_PMEM },
		  "BIOS-e820: [mem 0x0000000000103000-0x0000000000103fff] persistent (type 7)" },
		{ { 0x104000, 0x1000, 12 },
		  "BIOS-e820: [mem 0x0000000000104000-0x0000000000104fff] persistent (type 12)" },
		{ { 0x105000, 0x1000, CMASIM_E820_RESERVED_KERN },
		  "BIOS-e820: [mem 0x0000000000105000-0x0000000000105fff] usable" },
		{ { 0x106000, 0x1000, 0xefffffffu },
		  "BIOS-e820: [mem 0x0000000000106000-0x0000000000106fff] soft reserved" },
		{ { 0x107000, 0x1000, 99 },
		  "BIOS-e820: [mem 0x0000000000107000-0x0000000000107fff] type 99" },
	};
	struct cmasim *sim = *state;
	struct cms_e820_entry e[NR_OF(cases)];
	struct cms_e820_table t = { e, NR_OF(cases) };

	for (size_t i = 0; i < NR_OF(cases); i++)
		e[i] = cases[i].e;
	cms_e820_print_table(sim, &t, "BIOS-e820");
	assert_int_equal(cmasim_dmesg_count(sim), NR_OF(cases));
	for (size_t i = 0; i < NR_OF(cases); i++)
		assert_string_equal(cmasim_dmesg_line(sim, i, NULL),
				    cases[i].line);
}

/*
 *   [0 ........ RAM ........ 1G)[res 4K]
 *   remove [256M, 512M):  [RAM 256M] [RAM 512M..1G) [res]
 *   update [0, 1M) -> reserved:  [res 1M][RAM 1M..256M)[RAM 512M..1G)[res]
 *   remove [1G-4K, 2G): only RAM is cut, the reserved entry stays
 * Expect e820__range_remove()/range_update() on RAM, address order kept.
 */
static void test_e820_edit_ram_remove_and_update(void **state)
{
	static const struct cms_e820_entry e[] = {
		{ 0, CMS_SZ_1G, CMASIM_E820_RAM },
		{ CMS_SZ_1G, 0x1000, CMASIM_E820_RESERVED },
	};
	struct cmasim_machine *m = map(e, 2);
	struct cms_e820_table t;

	(void)state;
	assert_int_equal(cms_e820_table_init(&t, m), 0);
	assert_int_equal(cms_e820_edit_ram(&t, 256 * CMS_SZ_1M,
					   512 * CMS_SZ_1M, 0), 0);
	assert_int_equal(t.n, 3);
	entry_is(&t, 0, 0, 256 * CMS_SZ_1M, CMASIM_E820_RAM);
	entry_is(&t, 1, 512 * CMS_SZ_1M, 512 * CMS_SZ_1M, CMASIM_E820_RAM);
	entry_is(&t, 2, CMS_SZ_1G, 0x1000, CMASIM_E820_RESERVED);
	assert_int_equal(cms_e820_edit_ram(&t, 0, CMS_SZ_1M,
					   CMASIM_E820_RESERVED), 0);
	assert_int_equal(t.n, 4);
	entry_is(&t, 0, 0, CMS_SZ_1M, CMASIM_E820_RESERVED);
	entry_is(&t, 1, CMS_SZ_1M, 255 * CMS_SZ_1M, CMASIM_E820_RAM);
	assert_int_equal(cms_e820_edit_ram(&t, CMS_SZ_1G - 0x1000,
					   2 * CMS_SZ_1G, 0), 0);
	assert_int_equal(t.n, 4);
	entry_is(&t, 2, 512 * CMS_SZ_1M, 512 * CMS_SZ_1M - 0x1000,
		 CMASIM_E820_RAM);
	entry_is(&t, 3, CMS_SZ_1G, 0x1000, CMASIM_E820_RESERVED);
	cms_e820_table_free(&t);
	cmasim_machine_destroy(m);
}

/*
 *   RAM [0, 0x9fc00)  RAM [1M, 0xbffe0000)  res [0xbffe0000, 3G)
 *   RAM [4G, 5G)
 * e820_end_pfn(limit): the end of the last RAM entry below the limit,
 * the limit itself when an entry crosses it.
 * Expect 0x140000 without limit, 0xbffe0 under 4 GiB (max_low_pfn), and
 * 0x80000 when the limit cuts the big entry at 2 GiB.
 */
static void test_e820_end_pfn_limits(void **state)
{
	static const struct cms_e820_entry e[] = {
		{ 0, 0x9fc00, CMASIM_E820_RAM },
		{ 0x100000, 0xbffe0000 - 0x100000, CMASIM_E820_RAM },
		{ 0xbffe0000, 0x20000, CMASIM_E820_RESERVED },
		{ 4 * CMS_SZ_1G, CMS_SZ_1G, CMASIM_E820_RAM },
	};
	struct cmasim_machine *m = map(e, 4);
	struct cms_e820_table t;

	(void)state;
	assert_int_equal(cms_e820_table_init(&t, m), 0);
	assert_int_equal(cms_e820_end_pfn(&t, UINT64_MAX, 12), 0x140000);
	assert_int_equal(cms_e820_end_pfn(&t, UINT64_C(1) << 20, 12), 0xbffe0);
	assert_int_equal(cms_e820_end_pfn(&t, 0x80000, 12), 0x80000);
	assert_int_equal(cms_e820_end_pfn(&t, 0x9f, 12), 0x9f);
	cms_e820_table_free(&t);
	cmasim_machine_destroy(m);
}

/*
 *   RAM [0x1000, 0x9fc00)  reserved  RAM [1M, 64M)  soft reserved [64M, 65M)
 * e820__memblock_setup(): RAM is added, soft-reserved memory reserved,
 * then memblock_trim_memory(PAGE_SIZE) throws the partial page away.
 * Expect memory [0x1000, 0x9f000) and [1M, 64M), one reserved region,
 * and nothing printed without memblock=debug.
 */
static void test_e820_memblock_setup_trims_partial_pages(void **state)
{
	static const struct cms_e820_entry e[] = {
		{ 0x1000, 0x9fc00 - 0x1000, CMASIM_E820_RAM },
		{ 0x9fc00, 0x400, CMASIM_E820_RESERVED },
		{ 0x100000, 63 * CMS_SZ_1M, CMASIM_E820_RAM },
		{ 64 * CMS_SZ_1M, CMS_SZ_1M, 0xefffffffu },
	};
	struct cmasim *sim = *state;
	struct cmasim_machine *m = map(e, 4);
	struct cmasim_memblock_region r;
	struct cms_e820_table t;

	assert_int_equal(cms_e820_table_init(&t, m), 0);
	assert_int_equal(cms_e820_memblock_setup(sim, &t), 0);
	assert_int_equal(cmasim_memblock_region_count(sim, CMASIM_MEMBLOCK_MEMORY), 2);
	assert_int_equal(cmasim_memblock_get_region(sim, CMASIM_MEMBLOCK_MEMORY, 0, &r), 0);
	assert_int_equal(r.base, 0x1000);
	assert_int_equal(r.size, 0x9e000);
	assert_int_equal(cmasim_memblock_get_region(sim, CMASIM_MEMBLOCK_MEMORY, 1, &r), 0);
	assert_int_equal(r.base, 0x100000);
	assert_int_equal(r.size, 63 * CMS_SZ_1M);
	assert_int_equal(cmasim_memblock_region_count(sim, CMASIM_MEMBLOCK_RESERVED), 1);
	assert_int_equal(cmasim_memblock_get_region(sim, CMASIM_MEMBLOCK_RESERVED, 0, &r), 0);
	assert_int_equal(r.base, 64 * CMS_SZ_1M);
	assert_int_equal(r.size, CMS_SZ_1M);
	assert_int_equal(cmasim_dmesg_count(sim), 0);
	cms_e820_table_free(&t);
	cmasim_machine_destroy(m);
}

/*
 * e820__register_nosave_regions(max_pfn) on the 1 GiB pc map:
 *   RAM [0, 0x9fc00) res [0x9fc00, 0xa0000) hole res [0xf0000, 1M)
 *   RAM [1M, 0x3ffe0000) ...
 * the partial page, the reserved entries and the hole between them make
 * one range of pfns, stopping at max_pfn.
 * Expect [0x9f, 0x100), the capture's "Registered nosave memory:
 * [mem 0x0009f000-0x000fffff]".
 */
static void test_e820_register_nosave_regions(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_machine *m = pc(CMS_SZ_1G, 1);
	struct cms_e820_table t;

	assert_int_equal(cms_e820_table_init(&t, m), 0);
	sim->boot->max_pfn = 0x3ffe0;
	cms_e820_register_nosave_regions(sim, &t);
	assert_int_equal(sim->boot->nr_nosave, 1);
	assert_int_equal(sim->boot->nosave[0][0], 0x9f);
	assert_int_equal(sim->boot->nosave[0][1], 0x100);
	cms_e820_table_free(&t);
	cmasim_machine_destroy(m);
}

/*
 * 5 GiB pc with mem=2G: parse_memopt() cuts the e820 RAM at 2 GiB.
 *
 *   0      1M              2G        3G      4G        5G
 *   |      |###############|.........|       |.........|
 *            RAM kept         removed           removed
 *
 * Expect the user-defined map, last_pfn 0x80000 (once: nothing above
 * 4 GiB), the faked node and the DMA limit ending at 2 GiB, and the area
 * below it.
 */
static void test_boot_mem_limit_61(void **state)
{
	struct cmasim *sim = boot_pc("6.1", 5 * CMS_SZ_1G, 1, "mem=2G cma=64M");

	assert_true(tst_dmesg_has(sim, "e820: remove [mem 0x80000000-0xfffffffffffffffe] usable"));
	assert_true(tst_dmesg_has(sim, "user-defined physical RAM map:"));
	assert_true(tst_dmesg_has(sim, "user: [mem 0x0000000000100000-0x000000007fffffff] usable"));
	assert_true(tst_dmesg_has(sim, "user: [mem 0x00000000bffe0000-0x00000000bfffffff] reserved"));
	assert_false(tst_dmesg_has(sim, "user: [mem 0x0000000100000000-0x000000017fffffff] usable"));
	assert_true(tst_dmesg_has(sim, "last_pfn = 0x80000 max_arch_pfn = 0x400000000"));
	assert_false(tst_dmesg_has(sim, "last_pfn = 0x180000 max_arch_pfn = 0x400000000"));
	assert_true(tst_dmesg_has(sim, "Faking a node at [mem 0x0000000000000000-0x000000007fffffff]"));
	assert_int_equal(cmasim_dma_contiguous_limit(sim), 0x80000000);
	assert_true(tst_dmesg_has(sim, "cma: Reserved 64 MiB at 0x000000007be00000"));
	assert_true(tst_dmesg_find(sim, "user-defined physical RAM map:") <
		    tst_dmesg_find(sim, "last_pfn = 0x80000 max_arch_pfn = 0x400000000"));
	tst_sim_free(sim);
}

/* Expect mem=0 refused: the map is still printed as user-defined, whole. */
static void test_boot_mem_zero_61(void **state)
{
	struct cmasim *sim = boot_pc("6.1", CMS_SZ_1G, 1, "mem=0");

	assert_true(tst_dmesg_has(sim, "user-defined physical RAM map:"));
	assert_true(tst_dmesg_has(sim, "user: [mem 0x0000000000100000-0x000000003ffdffff] usable"));
	assert_true(tst_dmesg_has(sim, "last_pfn = 0x3ffe0 max_arch_pfn = 0x400000000"));
	tst_sim_free(sim);
}


/*
 * A 32-node qemu pc: the per-node reservations overflow the 128 entries
 * of the static reserved array.  e820__memblock_setup() calls
 * memblock_allow_resize() first, so the array doubles (both versions);
 * expect the boot to succeed with more than 128 reserved regions.
 */
static void test_e820_memblock_setup_allows_resize(void **state)
{
	struct cmasim *sim = tst_boot_pc(tst_state_version(state),
					 UINT64_C(32) << 30, 32, "", NULL);

	assert_true(cmasim_memblock_region_count(sim,
				CMASIM_MEMBLOCK_RESERVED) > 128);
	tst_sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_e820_table_init_sorts),
		cmocka_unit_test(test_e820_update_table),
		cmocka_unit_test(test_e820_edit_ram_remove_and_update),
		cmocka_unit_test(test_e820_end_pfn_limits),
		cmocka_unit_test(test_boot_mem_limit_61),
		cmocka_unit_test(test_boot_mem_zero_61),
	};
#define T(f) cmocka_unit_test_setup_teardown(f, tst_setup_version, tst_teardown_checked)
	const struct CMUnitTest per_version[] = {
		T(test_e820_print_table_type_names),
		T(test_e820_memblock_setup_trims_partial_pages),
		T(test_e820_register_nosave_regions),
		cmocka_unit_test(test_e820_memblock_setup_allows_resize),
	};
#undef T

	return tst_run_groups("e820", tests, NR_OF(tests), per_version,
			      NR_OF(per_version));
}
