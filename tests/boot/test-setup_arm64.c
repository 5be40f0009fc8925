// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/boot/setup_arm64.c: arm64's setup_arch() up to the zones
 * (32-bit arm boots through it too).  Memory from the device tree (the
 * machine's RAM entries, no e820 lines), the firmware's reservations and
 * the initrd in memblock (arm64_memblock_init()), NUMA without lines,
 * and the DMA limit: arm64_dma_phys_limit, min(4 GiB, end of DRAM) or the
 * machine's dma-ranges limit.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "helpers.h"
#include "core/instance.h"
#include "boot/setup.h"
#include "mm/mmzone.h"
#include "mm/memblock.h"

/* An arm64 (4K pages) machine with RAM [1G, 3G). */
static struct cmasim_machine *arm64_1g_3g(void)
{
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_ARM64_4K);

	assert_non_null(m);
	assert_int_equal(cmasim_machine_add_e820(m, 0x40000000, 2 * CMS_SZ_1G,
						 CMASIM_E820_RAM), 0);
	return m;
}

static int setup_arm64(void **state)
{
	*state = tst_sim_new("arm64", tst_state_version(state), NULL);
	return 0;
}

/*
 *   0x40000000               0xc0000000
 *   [ RAM (device tree /memory) ]
 * Expect arm64's limit min(4 GiB, end of DRAM), or the dma-ranges one.
 */
static void test_boot_arm64_limit(void **state)
{
	struct cmasim *sim = tst_sim_new("arm64", "6.1", NULL);
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_ARM64_4K);

	assert_int_equal(cmasim_machine_add_e820(m, 0x40000000, 2 * CMS_SZ_1G,
						 CMASIM_E820_RAM), 0);
	assert_int_equal(cmasim_boot(sim, m, ""), 0);
	assert_int_equal(cmasim_dma_contiguous_limit(sim), 0xc0000000);
	assert_false(tst_dmesg_has(sim, "BIOS-provided physical RAM map:"));
	tst_sim_free(sim);

	sim = tst_sim_new("arm64", "6.1", NULL);
	assert_errno(cmasim_machine_set_dma_zone_limit(m, 0), -EINVAL);
	assert_int_equal(cmasim_machine_set_dma_zone_limit(m, 0x80000000), 0);
	assert_int_equal(cmasim_boot(sim, m, ""), 0);
	assert_int_equal(cmasim_dma_contiguous_limit(sim), 0x80000000);
	tst_sim_free(sim);
	cmasim_machine_destroy(m);
}


/*
 *   0x40000000  0x41000000+2M   0x80000000+8M          0xc0000000
 *   [  RAM  [dtb]  .........  [initrd]  ............  ]
 * arm64_memblock_init(): the device tree's memory, its reservations and
 * the initrd go to memblock before anything else.
 * Expect both regions reserved after the boot, the initrd not moved, no
 * BIOS map and no x86 "last_pfn" line.
 */
static void test_setup_arch_arm64_reserves_firmware_and_initrd(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_machine *m = arm64_1g_3g();

	assert_int_equal(cmasim_machine_add_reservation(m, 0x41000000,
							2 * CMS_SZ_1M, "dtb",
							false), 0);
	assert_int_equal(cmasim_machine_set_initrd(m, 0x80000000,
						   8 * CMS_SZ_1M), 0);
	assert_int_equal(cmasim_boot(sim, m, ""), 0);
	cmasim_machine_destroy(m);
	assert_true(cmasim_memblock_is_region_reserved(sim, 0x41000000,
						       2 * CMS_SZ_1M));
	assert_true(cmasim_memblock_is_region_reserved(sim, 0x80000000,
						       8 * CMS_SZ_1M));
	assert_int_equal(sim->boot->initrd_base, 0x80000000);
	assert_false(tst_dmesg_has(sim, "BIOS-provided physical RAM map:"));
	assert_int_equal(sim->boot->max_pfn, 0xc0000);
	assert_int_equal(cmasim_dma_contiguous_limit(sim), 0xc0000000);
}

/*
 * The machine's SRAT-like node ranges are taken silently (arm64 prints
 * none of x86's NUMA lines): RAM [1G, 3G) on two nodes of 1 GiB.
 * Expect two online nodes, memblock's memory split by node, and neither
 * "ACPI: SRAT" nor "Faking a node" in dmesg.
 */
static void test_setup_arch_arm64_numa_is_silent(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_machine *m = arm64_1g_3g();
	struct cmasim_memblock_region r;

	assert_int_equal(cmasim_machine_add_numa_range(m, 0, 0x40000000,
						       CMS_SZ_1G), 0);
	assert_int_equal(cmasim_machine_add_numa_range(m, 1, 0x80000000,
						       CMS_SZ_1G), 0);
	assert_int_equal(cmasim_boot(sim, m, ""), 0);
	cmasim_machine_destroy(m);
	assert_int_equal(sim->boot->nr_online_nodes, 2);
	assert_true(cms_node_state(sim, 1, CMS_N_ONLINE));
	assert_int_equal(cmasim_memblock_region_count(sim, CMASIM_MEMBLOCK_MEMORY), 2);
	assert_int_equal(cmasim_memblock_get_region(sim, CMASIM_MEMBLOCK_MEMORY,
						    1, &r), 0);
	assert_int_equal(r.base, 0x80000000);
	assert_int_equal(r.nid, 1);
	for (size_t i = 0; i < cmasim_dmesg_count(sim); i++) {
		const char *l = cmasim_dmesg_line(sim, i, NULL);

		assert_true(strncmp(l, "ACPI: SRAT", 10) != 0);
		assert_true(strncmp(l, "Faking a node", 13) != 0);
	}
}

/*
 * The built-in virt machine boots with qemu's tree, which has no
 * /reserved-memory node.  Expect 6.12's fdt_scan_reserved_mem() to say
 * so once ("OF: reserved mem: Reserved memory: No reserved-memory node
 * in the DT", as every virt capture without one shows) and 6.1 to say
 * nothing; the blob reserved where the loader put it.
 */
static void test_setup_arch_arm64_virt_tree_without_reserved_memory(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_machine *m = NULL;

	assert_int_equal(cmasim_machine_qemu_virt(2 * CMS_SZ_1G, 1, &m), 0);
	assert_int_equal(cmasim_boot(sim, m, "memblock=debug"), 0);
	assert_int_equal(tst_dmesg_has(sim, "OF: reserved mem: Reserved memory: No reserved-memory node in the DT"),
			 !tst_v61(sim));
	assert_true(cms_memblock_is_region_reserved(sim, 0x48200000, 0x8814));
	cmasim_machine_destroy(m);
}

/*
 * arm64 memory comes from the device tree's /memory through
 * early_init_dt_add_memory_arch(), which ignores a block smaller than
 * the rest of its first page and cuts the others to whole pages.  A
 * 16-byte RAM range (what the boot-log fuzzer made of "node0[0-f]")
 * reached memblock as is and broke the buddy allocator's lists; with it
 * ignored, 6.1's modelled paging_init() counted the page tables of
 * memblock's empty placeholder region and never ended.
 *
 *   0x40000800                        +256M
 *   |..[######## whole pages ########]..|
 *
 * Expect the kernel's warning and its panic in early_pgtable_alloc() for
 * the 16 bytes; for the unaligned range, memblock from 0x40001000 to the
 * last whole page, a boot and a clean check.
 */
static void test_boot_arm64_memory_page_aligned(void **state)
{
	struct cmasim *sim = *state, *sim2;
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_ARM64_4K);
	const struct cms_memblock_type *mem;

	assert_int_equal(cmasim_machine_add_e820(m, 0, 16, CMASIM_E820_RAM), 0);
	assert_true(cmasim_boot(sim, m, "") < 0);
	assert_true(tst_dmesg_has(sim, "OF: fdt: Ignoring memory block 0x0 - 0x10"));
	assert_true(sim->memblock->memory.total_size == 0);
	cmasim_machine_destroy(m);

	sim2 = tst_sim_new("arm64", tst_kernel_name(sim), NULL);
	m = cmasim_machine_new(CMASIM_ARCH_ARM64_4K);
	assert_int_equal(cmasim_machine_add_e820(m, 0x40000800, 256 * CMS_SZ_1M,
						 CMASIM_E820_RAM), 0);
	assert_int_equal(cmasim_boot(sim2, m, ""), 0);
	mem = &sim2->memblock->memory;
	assert_int_equal(mem->cnt, 1);
	assert_int_equal(mem->regions[0].base, 0x40001000);
	assert_int_equal(mem->regions[0].base + mem->regions[0].size,
			 0x50000000);
	assert_int_equal(cmasim_check(sim2), 0);
	tst_sim_free(sim2);
	cmasim_machine_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boot_arm64_limit),
	};
#define T(f) cmocka_unit_test_setup_teardown(f, setup_arm64, tst_teardown_checked)
	const struct CMUnitTest per_version[] = {
		T(test_setup_arch_arm64_reserves_firmware_and_initrd),
		T(test_setup_arch_arm64_numa_is_silent),
		T(test_setup_arch_arm64_virt_tree_without_reserved_memory),
		T(test_boot_arm64_memory_page_aligned),
	};
#undef T

	return tst_run_groups("setup_arm64", tests, NR_OF(tests), per_version,
			      NR_OF(per_version));
}
