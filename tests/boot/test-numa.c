// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/boot/numa.c: x86's numa_init() (6.12: mm/numa_memblks.c).
 * The SRAT's node ranges ("ACPI: SRAT: Node" lines) or one faked node
 * over [0, max_pfn), numa_cleanup_meminfo() (trimmed to RAM, same-node
 * neighbours merged with the "NUMA: Node" line, overlapping nodes
 * refused and one node faked instead), numa_register_memblks() (memblock's node ids, the node
 * states), alloc_node_data() ("NODE_DATA(n) allocated"), and the quiet
 * mode of a replayed log.  Boots of the qemu "pc" and direct calls on an
 * instance whose memblock is set by hand.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "helpers.h"
#include "core/instance.h"
#include "boot/setup.h"
#include "mm/mmzone.h"
#include "boot/numa.h"
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

/*
 * An early instance of the version with [0, @mem) in memblock and
 * max_pfn at its end, as setup_arch() leaves them before initmem_init().
 */
static struct cmasim *before_numa_init(void **state, uint64_t mem,
				       const char *knob)
{
	struct cmasim *sim = tst_sim_new(NULL, tst_state_version(state), knob,
					 NULL);

	assert_int_equal(cms_memblock_add(sim, 0, mem, "test"), 0);
	sim->boot->max_pfn = mem >> sim->page_shift;
	return sim;
}

static int setup_2g(void **state)
{
	*state = before_numa_init(state, 2 * CMS_SZ_1G, NULL);
	return 0;
}

static int setup_2g_two_nodes_max(void **state)
{
	*state = before_numa_init(state, 2 * CMS_SZ_1G, "NODES_SHIFT=1");
	return 0;
}

static int setup_2g_numa_off(void **state)
{
	*state = before_numa_init(state, 2 * CMS_SZ_1G, "NUMA=n");
	return 0;
}

/*
 * node_states[] as numa_register_memblks() leaves them.  Before the boot
 * (no NUMA init) only node 0 counts, memblock being empty; after a boot
 * of 2 x 1 GiB with mem=1G, node 1 is possible (the SRAT names it) but
 * not online (no memory left), and node 2 is neither.
 * Expect exactly those bits.
 */
static void test_boot_node_states(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.12", NULL);
	struct cmasim_machine *m = pc(2 * CMS_SZ_1G, 2);

	assert_true(cms_node_state(sim, 0, CMS_N_POSSIBLE));
	assert_true(cms_node_state(sim, 0, CMS_N_ONLINE));
	assert_false(cms_node_state(sim, 1, CMS_N_POSSIBLE));
	assert_int_equal(cmasim_boot(sim, m, "mem=1G"), 0);
	cmasim_machine_destroy(m);
	assert_true(cms_node_state(sim, 0, CMS_N_POSSIBLE));
	assert_true(cms_node_state(sim, 0, CMS_N_ONLINE));
	assert_true(cms_node_state(sim, 1, CMS_N_POSSIBLE));
	assert_false(cms_node_state(sim, 1, CMS_N_ONLINE));
	assert_false(cms_node_state(sim, 2, CMS_N_POSSIBLE));
	assert_false(cms_node_state(sim, 2, CMS_N_ONLINE));
	assert_false(cms_node_state(sim, -1, CMS_N_POSSIBLE));
	tst_sim_free(sim);
}

/*
 * 2 x 1 GiB with mem=1G: node 1's SRAT range has no memory left, so the
 * node is possible (parsed from the SRAT) but never online, and 6.12's
 * dma_numa_cma_reserve() warns about numa_cma= for it.
 * Expect the warning and no area for node 1.
 */
static void test_boot_numa_cma_node_cut_by_mem_612(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.12", "DMA_NUMA_CMA=y", NULL);
	struct cmasim_machine *m = pc(2 * CMS_SZ_1G, 2);

	assert_int_equal(cmasim_boot(sim, m, "mem=1G numa_cma=1:16M"), 0);
	cmasim_machine_destroy(m);
	assert_true(tst_dmesg_has(sim, "ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0x7fffffff]"));
	assert_false(tst_dmesg_has(sim, "NODE_DATA(1) allocated [mem 0x3feb92c0-0x3fee3fff]"));
	assert_true(tst_dmesg_has(sim, "cma: invalid node 1 specified"));
	assert_false(tst_dmesg_has(sim, "cma: Reserved 16 MiB at 0x000000003e000000 on node 1"));
	tst_sim_free(sim);
}

/* Expect the 6.1 NUMA merge line and both NODE_DATA (s29). */
static void test_boot_two_nodes_61(void **state)
{
	struct cmasim *sim = boot_pc("6.1", 2 * CMS_SZ_1G, 2, "");

	assert_true(tst_dmesg_has(sim, "ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0x7fffffff]"));
	assert_true(tst_dmesg_has(sim, "NUMA: Node 0 [mem 0x00000000-0x0009ffff] + [mem 0x00100000-0x3fffffff] -> [mem 0x00000000-0x3fffffff]"));
	assert_true(tst_dmesg_has(sim, "NODE_DATA(0) allocated [mem 0x3ffd5000-0x3fffffff]"));
	assert_true(tst_dmesg_has(sim, "NODE_DATA(1) allocated [mem 0x7feb9000-0x7fee3fff]"));
	assert_int_equal(cmasim_dma_contiguous_limit(sim), 0x7ffe0000);
	assert_int_equal(sim->boot->nr_online_nodes, 2);
	tst_sim_free(sim);
}

/* Expect 6.12 to trim node 0 to the start of memblock (s29 of 6.12). */
static void test_boot_two_nodes_612(void **state)
{
	struct cmasim *sim = boot_pc("6.12", 2 * CMS_SZ_1G, 2, "");

	assert_true(tst_dmesg_has(sim, "NUMA: Node 0 [mem 0x00001000-0x0009ffff] + [mem 0x00100000-0x3fffffff] -> [mem 0x00001000-0x3fffffff]"));
	assert_true(tst_dmesg_has(sim, "NODE_DATA(0) allocated [mem 0x3ffd52c0-0x3fffffff]"));
	assert_true(tst_dmesg_has(sim, "NODE_DATA(1) allocated [mem 0x7feb92c0-0x7fee3fff]"));
	tst_sim_free(sim);
}

/* Expect 2x3 GiB on 6.12 to put node 1's NODE_DATA below the page tables. */
static void test_boot_two_nodes_above_4g_612(void **state)
{
	struct cmasim *sim = boot_pc("6.12", 6 * CMS_SZ_1G, 2, "");

	assert_true(tst_dmesg_has(sim, "NODE_DATA(0) allocated [mem 0xbfeb92c0-0xbfee3fff]"));
	assert_true(tst_dmesg_has(sim, "NODE_DATA(1) allocated [mem 0x1bffd22c0-0x1bfffcfff]"));
	assert_int_equal(cmasim_dma_contiguous_limit(sim), 0x1c0000000);
	tst_sim_free(sim);
}


/*
 * No SRAT: one node faked over [0, max_pfn).
 * Expect "No NUMA configuration found", the faked node's line, node 0
 * online and possible, node 1 neither, and NODE_DATA(0) allocated on it
 * (6.12 cache-aligns it below the 6.1 place).
 */
static void test_numa_fake_node(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_X86_64);

	assert_int_equal(cms_numa_init(sim, m, false), 0);
	cmasim_machine_destroy(m);
	assert_string_equal(cmasim_dmesg_line(sim, 0, NULL),
			    "No NUMA configuration found");
	assert_string_equal(cmasim_dmesg_line(sim, 1, NULL),
			    "Faking a node at [mem 0x0000000000000000-0x000000007fffffff]");
	assert_true(cms_node_state(sim, 0, CMS_N_ONLINE));
	assert_true(cms_node_state(sim, 0, CMS_N_POSSIBLE));
	assert_false(cms_node_state(sim, 1, CMS_N_POSSIBLE));
	assert_int_equal(sim->boot->nr_online_nodes, 1);
	assert_int_equal(sim->boot->nr_node_ids, 1);
	assert_int_not_equal(sim->boot->node_data[0], 0);
	assert_true(sim->boot->node_data[0] % 64 == 0);
	assert_true(sim->boot->node_data[0] < 2 * CMS_SZ_1G);
}

/* Expect NUMA=n to say "NUMA turned off" and fake the node all the same. */
static void test_numa_turned_off(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_machine *m = pc(2 * CMS_SZ_1G, 2);

	assert_int_equal(cms_numa_init(sim, m, false), 0);
	cmasim_machine_destroy(m);
	assert_string_equal(cmasim_dmesg_line(sim, 0, NULL), "NUMA turned off");
	assert_false(tst_dmesg_has(sim, "ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0x7fffffff]"));
	assert_int_equal(sim->boot->nr_online_nodes, 1);
}

/*
 *   node 0 [0, 1G)       node 1 [512M, 2G)
 *   [############][#####|##############]
 * Expect numa_cleanup_meminfo() to refuse the overlap with the kernel's
 * "overlaps with node" line, and x86_numa_init() to fall back to
 * dummy_numa_init(): one faked node, online.
 */
static void test_numa_overlapping_nodes_refused(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_X86_64);

	assert_int_equal(cmasim_machine_add_numa_range(m, 0, 0, CMS_SZ_1G), 0);
	assert_int_equal(cmasim_machine_add_numa_range(m, 1, 512 * CMS_SZ_1M,
						       1536 * CMS_SZ_1M), 0);
	assert_int_equal(cms_numa_init(sim, m, false), 0);
	cmasim_machine_destroy(m);
	assert_true(tst_dmesg_has(sim, "node 0 [mem 0x00000000-0x3fffffff] overlaps with node 1 [mem 0x20000000-0x7fffffff]"));
	assert_true(tst_dmesg_has(sim, "No NUMA configuration found"));
	assert_int_equal(sim->boot->nr_online_nodes, 1);
	assert_true(tst_diag_contains(sim, "the SRAT's nodes overlap"));
}

/*
 * NODES_SHIFT=1: MAX_NUMNODES 2.  An SRAT naming node 3 next to node 0:
 * Expect node 3's range ignored with an explanation, node 0 alone online.
 */
static void test_numa_node_beyond_max_numnodes_ignored(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_X86_64);

	assert_int_equal(cmasim_machine_add_numa_range(m, 0, 0, CMS_SZ_1G), 0);
	assert_int_equal(cmasim_machine_add_numa_range(m, 3, CMS_SZ_1G,
						       CMS_SZ_1G), 0);
	assert_int_equal(cms_numa_init(sim, m, false), 0);
	cmasim_machine_destroy(m);
	assert_true(tst_diag_contains(sim, "node 3 is beyond MAX_NUMNODES 2"));
	assert_false(tst_dmesg_has(sim, "ACPI: SRAT: Node 3 PXM 3 [mem 0x40000000-0x7fffffff]"));
	assert_true(tst_dmesg_has(sim, "ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x3fffffff]"));
	assert_int_equal(sim->boot->nr_online_nodes, 1);
	assert_false(cms_node_state(sim, 3, CMS_N_POSSIBLE));
}

/*
 * A replayed log (or arm64) prints its own lines: numa_init() in replay
 * mode only computes the blocks and node states.
 * Expect no dmesg line, no NODE_DATA, memblock's node ids untouched, and
 * both nodes online.
 */
static void test_numa_replay_is_quiet(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_machine *m = pc(2 * CMS_SZ_1G, 2);
	struct cmasim_memblock_region r;

	assert_int_equal(cms_numa_init(sim, m, true), 0);
	cmasim_machine_destroy(m);
	assert_int_equal(cmasim_dmesg_count(sim), 0);
	assert_int_equal(sim->boot->node_data[0], 0);
	assert_int_equal(sim->boot->node_data[1], 0);
	assert_int_equal(sim->boot->nr_online_nodes, 2);
	assert_true(cms_node_state(sim, 1, CMS_N_ONLINE));
	assert_int_equal(cmasim_memblock_get_region(sim, CMASIM_MEMBLOCK_MEMORY,
						    0, &r), 0);
	assert_int_equal(r.size, 2 * CMS_SZ_1G);
}

/*
 * An SRAT that gives node 1 [64M, 256M) of a 1 GiB machine and nothing
 * else (what the fuzzer made of a log).  The kernel's numa_init() does
 * not use nodes that leave RAM outside every node (6.1
 * numa_meminfo_cover_memory(), 6.12 memblock_validate_numa_coverage())
 * and fakes one node; the boot used to keep node 1 inside node 0's span
 * and corrupt the zones.  Expect each version's line, the faked node,
 * a clean check and every page handed out once.
 */
static void test_boot_numa_nodes_not_covering_ram(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, tst_state_version(state), NULL);
	struct cmasim_machine *m = pc(CMS_SZ_1G, 1);

	assert_int_equal(cmasim_machine_add_numa_range(m, 1, 64 * CMS_SZ_1M,
						       192 * CMS_SZ_1M), 0);
	assert_errno(cmasim_boot(sim, m, ""), 0);
	assert_true(tst_dmesg_has(sim, tst_v61(sim) ?
			"NUMA: nodes only cover 192MB of your 1023MB e820 RAM. Not used." :
			"NUMA: no nodes coverage for 831MB of 1023MB RAM"));
	assert_true(tst_dmesg_has(sim, "Faking a node at [mem 0x0000000000000000-0x000000003ffdffff]"));
	assert_int_equal(cmasim_check(sim), 0);
	tst_assert_pages_handed_out_once(sim);
	cmasim_machine_destroy(m);
	tst_sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boot_node_states),
		cmocka_unit_test(test_boot_numa_cma_node_cut_by_mem_612),
		cmocka_unit_test(test_boot_two_nodes_61),
		cmocka_unit_test(test_boot_two_nodes_612),
		cmocka_unit_test(test_boot_two_nodes_above_4g_612),
	};
#define T(f, setup) cmocka_unit_test_setup_teardown(f, setup, tst_teardown_checked)
	const struct CMUnitTest per_version[] = {
		T(test_numa_fake_node, setup_2g),
		T(test_numa_turned_off, setup_2g_numa_off),
		T(test_numa_overlapping_nodes_refused, setup_2g),
		T(test_numa_node_beyond_max_numnodes_ignored,
		  setup_2g_two_nodes_max),
		T(test_numa_replay_is_quiet, setup_2g),
		cmocka_unit_test(test_boot_numa_nodes_not_covering_ram),
	};
#undef T

	return tst_run_groups("numa", tests, NR_OF(tests), per_version,
			      NR_OF(per_version));
}
