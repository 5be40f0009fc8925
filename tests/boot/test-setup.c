// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/boot/setup.c: cmasim_boot() runs start_kernel()'s order
 * (setup_arch(), zonelists, the command line, mem_init()'s handover, the
 * initcalls: CMA activation, then the watermarks and the DMA atomic
 * pools, then kernel_init()'s frees), applies the parsed command line
 * (coherent_pool=), refuses a second boot and bad machines, and takes a
 * log machine's command line.  Where the kernel dies, the boot stops: a
 * command line whose early_param handler crashes, a CMA area without
 * struct pages at core_initcall, a machine without one whole page at the
 * handover; the command line is cut to COMMAND_LINE_SIZE - 1 first.
 * setup_arch() itself has its own files (test-setup_x86.c,
 * test-setup_arm64.c, test-e820.c, test-numa.c); the machines are
 * test-machine.c's.  The expected numbers are the real
 * kernel's, from the oracle captures.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "helpers.h"
#include "core/instance.h"
#include "boot/setup.h"
#include "mm/mmzone.h"

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

/* Index of the first dmesg line starting with @prefix, or -1. */
static long find_prefix(const struct cmasim *sim, const char *prefix)
{
	for (size_t i = 0; i < cmasim_dmesg_count(sim); i++)
		if (!strncmp(cmasim_dmesg_line(sim, i, NULL), prefix,
			     strlen(prefix)))
			return (long)i;
	return -1;
}

static int setup_pc_1g_cma(void **state)
{
	*state = boot_pc(tst_state_version(state), CMS_SZ_1G, 1, "cma=64M");
	return 0;
}

/*
 * start_kernel()'s order after setup_arch() (captures s04):
 *   setup_arch ... "Zone ranges:"   build_all_zonelists "Built 1 zonelists"
 *   "Kernel command line:"   mm_init() "Memory:"   postcore initcalls
 *   "DMA: preallocated"   kernel_init() "Freeing initrd memory"
 * Expect those lines in that order, the instance running, the CMA area
 * active (core_initcall) and its pages counted in the watermarks'
 * managed pages.
 */
static void test_boot_start_kernel_order(void **state)
{
	struct cmasim *sim = *state;
	static const char *const lines[] = {
		"Command line: cma=64M",
		"Zone ranges:",
		"Built 1 zonelists, mobility grouping on.  Total pages: ",
		"Kernel command line: cma=64M",
		"Memory: ",
		"DMA: preallocated 128 KiB GFP_KERNEL pool for atomic allocations",
		"Freeing initrd memory: 1008K",
	};
	struct cmasim_cma *c = cmasim_cma_find(sim, "reserved");
	long prev = -1;

	for (size_t i = 0; i < NR_OF(lines); i++) {
		long at = find_prefix(sim, lines[i]);

		if (at <= prev)
			fail_msg("%s: \"%s\" missing or out of order",
				 tst_kernel_name(sim), lines[i]);
		prev = at;
	}
	assert_int_equal(sim->phase, CMS_PHASE_RUNNING);
	assert_non_null(c);
	assert_true(cmasim_cma_is_active(c));
	assert_int_equal(cmasim_cma_total_pages(sim), 16384);
}

/*
 * arch_cpu_finalize_init() frees "SMP alternatives" in start_kernel():
 * after 6.1's "Memory:" (mem_init), before 6.12's (page_alloc_init_late
 * in kernel_init_freeable), before the initcalls either way.  s04:
 *   6.1   Memory: ... 69268K reserved ...   Freeing SMP alternatives: 36K
 *   6.12  Freeing SMP alternatives: 40K   Memory: ... 61048K reserved ...
 * Expect that order, s04's reserved counts, and the atomic pools after.
 */
static void test_boot_smp_alternatives_before_initcalls(void **state)
{
	struct cmasim *sim = *state;
	bool v61 = !strcmp(tst_kernel_name(sim), "6.1");
	long smp = find_prefix(sim, "Freeing SMP alternatives memory: ");
	long mem = find_prefix(sim, "Memory: ");
	long pool = find_prefix(sim, "DMA: preallocated");

	assert_true(smp >= 0 && mem >= 0 && pool > smp);
	assert_true(v61 ? mem < smp : smp < mem);
	assert_non_null(strstr(cmasim_dmesg_line(sim, (size_t)mem, NULL),
			       v61 ? " 69268K reserved," : " 61048K reserved,"));
}

/*
 * init_per_zone_wmark_min is a postcore_initcall: it runs after
 * cma_init_reserved_areas (core_initcall) has made the 64 MiB of CMA
 * managed, so the watermarks include those pages.  Expect the min/low/high
 * of the real 6.1 1 GiB cma=64M boot (capture s04's /proc/zoneinfo):
 * DMA 176/220/264, DMA32 11087/13858/16629.
 */
static void test_boot_watermarks_count_cma_pages(void **state)
{
	struct cmasim *sim = boot_pc("6.1", CMS_SZ_1G, 1,
				     "console=ttyS0 loglevel=8 nokaslr memblock=debug cma=64M");
	static const uint64_t want[2][3] = {
		{ 176, 220, 264 }, { 11087, 13858, 16629 },
	};
	struct cmasim_zone_info zi;

	(void)state;
	for (unsigned int i = 0; i < 2; i++) {
		assert_int_equal(cmasim_zone_get(sim, i, &zi), 0);
		assert_string_equal(zi.name, i ? "DMA32" : "DMA");
		assert_int_equal(zi.wmark[CMASIM_WMARK_MIN], want[i][0]);
		assert_int_equal(zi.wmark[CMASIM_WMARK_LOW], want[i][1]);
		assert_int_equal(zi.wmark[CMASIM_WMARK_HIGH], want[i][2]);
	}
	assert_int_equal(cmasim_zone_get(sim, 1, &zi), 0);
	assert_int_equal(zi.cma, 16384);
	tst_sim_free(sim);
}

/*
 * coherent_pool= (kernel/dma/pool.c early_coherent_pool) sets the pools'
 * size instead of 128 KiB per GiB; the last one counts, "-" is "_".
 * Expect 1 MiB pools, the two in DMA32 taken from the area as 256 pages.
 */
static void test_boot_coherent_pool(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.1", "CMA_DEBUG=y", NULL);
	struct cmasim_machine *m = pc(CMS_SZ_1G, 1);

	assert_int_equal(cmasim_boot(sim, m,
			 "coherent_pool=2M cma=64M coherent-pool=1M"), 0);
	cmasim_machine_destroy(m);

	assert_true(tst_dmesg_has(sim, "DMA: preallocated 1024 KiB GFP_KERNEL pool for atomic allocations"));
	assert_true(tst_dmesg_has(sim, "DMA: preallocated 1024 KiB GFP_KERNEL|GFP_DMA pool for atomic allocations"));
	assert_true(tst_dmesg_has(sim, "DMA: preallocated 1024 KiB GFP_KERNEL|GFP_DMA32 pool for atomic allocations"));
	assert_true(tst_dmesg_has(sim, "cma: cma_alloc(cma (____ptrval____), count 256, align 8)"));
	tst_sim_free(sim);
}

/* Expect coherent_pool= after "--" (an init argument) to be ignored. */
static void test_boot_coherent_pool_after_dashes(void **state)
{
	struct cmasim *sim = boot_pc("6.1", CMS_SZ_1G, 1,
				     "cma=64M -- coherent_pool=1M");

	assert_true(tst_dmesg_has(sim, "DMA: preallocated 128 KiB GFP_KERNEL pool for atomic allocations"));
	tst_sim_free(sim);
}

/* Expect a second boot of the same instance refused with -EPERM. */
static void test_boot_twice(void **state)
{
	struct cmasim *sim = boot_pc("6.12", CMS_SZ_1G, 1, "");
	struct cmasim_machine *m = pc(CMS_SZ_1G, 1);

	assert_errno(cmasim_boot(sim, m, ""), -EPERM);
	assert_true(tst_diag_contains(sim, "already booted"));
	cmasim_machine_destroy(m);
	tst_sim_free(sim);
}

/*
 * cmasim_boot_until() on the 1 GiB machine with cma=64M.  Expect, after
 * MEMBLOCK: the area reserved, no zones (x86 sizes them after
 * dma_contiguous_reserve), the allocator refusing; after ZONES: the zone
 * lines and zones, no "Memory:" line, no managed pages yet; after FULL:
 * the dmesg of cmasim_boot(), line for line.  An unknown stage is
 * -EINVAL and a stopped instance does not boot again.
 */
static void test_boot_until_stages(void **state)
{
	struct cmasim_machine *m = pc(CMS_SZ_1G, 1);
	struct cmasim *early = tst_sim_new(NULL, "6.12", NULL);
	struct cmasim *zones = tst_sim_new(NULL, "6.12", NULL);
	struct cmasim *full = tst_sim_new(NULL, "6.12", NULL);
	struct cmasim *ref = tst_sim_new(NULL, "6.12", NULL);
	cmasim_pfn_t pfn;

	assert_errno(cmasim_boot_until(early, m, "cma=64M",
				       (enum cmasim_boot_stage)7), -EINVAL);
	assert_int_equal(cmasim_boot_until(early, m, "cma=64M",
					   CMASIM_BOOT_MEMBLOCK), 0);
	assert_int_equal(cmasim_cma_area_count(early), 1);
	assert_true(tst_dmesg_has(early, "cma: Reserved 64 MiB at 0x000000003be00000 on node -1"));
	assert_false(tst_dmesg_has(early, "Zone ranges:"));
	assert_int_equal(cmasim_zone_count(early), 0);
	assert_errno(cmasim_alloc_pages(early, CMASIM_GFP_KERNEL, 0,
					CMASIM_NUMA_NO_NODE, &pfn), -EPERM);
	assert_errno(cmasim_boot(early, m, "cma=64M"), -EPERM);

	assert_int_equal(cmasim_boot_until(zones, m, "cma=64M",
					   CMASIM_BOOT_ZONES), 0);
	assert_true(tst_dmesg_has(zones, "Zone ranges:"));
	assert_true(cmasim_zone_count(zones) > 0);
	assert_int_equal(cmasim_totalram_pages(zones), 0);
	assert_errno(cmasim_alloc_pages(zones, CMASIM_GFP_KERNEL, 0,
					CMASIM_NUMA_NO_NODE, &pfn), -EPERM);

	assert_int_equal(cmasim_boot_until(full, m, "cma=64M",
					   CMASIM_BOOT_FULL), 0);
	assert_int_equal(cmasim_boot(ref, m, "cma=64M"), 0);
	assert_int_equal(cmasim_dmesg_count(full), cmasim_dmesg_count(ref));
	for (size_t i = 0; i < cmasim_dmesg_count(ref); i++)
		assert_string_equal(cmasim_dmesg_line(full, i, NULL),
				    cmasim_dmesg_line(ref, i, NULL));
	cmasim_machine_destroy(m);
	tst_sim_free(early);
	tst_sim_free(zones);
	tst_sim_free(full);
	tst_sim_free(ref);
}

/* Expect a machine without RAM, or of another arch, refused. */
static void test_boot_bad_machine(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_X86_64);
	struct cmasim_machine *a = cmasim_machine_new(CMASIM_ARCH_ARM64_4K);

	assert_int_equal(cmasim_machine_add_e820(m, 0, CMS_SZ_1G,
						 CMASIM_E820_RESERVED), 0);
	assert_errno(cmasim_boot(sim, m, ""), -EINVAL);
	assert_true(tst_diag_contains(sim, "no usable RAM"));
	assert_int_equal(cmasim_machine_add_e820(a, 0x40000000, CMS_SZ_1G,
						 CMASIM_E820_RAM), 0);
	assert_errno(cmasim_boot(sim, a, ""), -EINVAL);
	assert_errno(cmasim_boot(sim, NULL, ""), -EINVAL);
	/* the failed calls left it bootable */
	cmasim_machine_destroy(m);
	m = pc(CMS_SZ_1G, 1);
	assert_int_equal(cmasim_boot(sim, m, ""), 0);
	cmasim_machine_destroy(m);
	cmasim_machine_destroy(a);
	tst_sim_free(sim);
}

/* Expect the machine's recorded command line when none is given. */
static void test_boot_uses_machine_cmdline(void **state)
{
	const char text[] =
		"[    0.000000] Command line: console=ttyS0 quiet\n"
		"[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
		"[    0.000000] BIOS-e820: [mem 0x0000000000100000-0x000000003ffdffff] usable\n";
	struct cmasim_machine *m = NULL;
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);

	assert_int_equal(cmasim_machine_from_log(text, strlen(text), &m, NULL,
						 NULL, NULL), 0);
	assert_int_equal(cmasim_boot(sim, m, NULL), 0);
	assert_true(tst_dmesg_has(sim, "Command line: console=ttyS0 quiet"));
	assert_int_equal(cmasim_dma_contiguous_limit(sim), 0x3ffe0000);
	cmasim_machine_destroy(m);
	tst_sim_free(sim);
}

/*
 * Expect the allocations after the CMA reservation of the s04 capture
 * (6.1, 1 GiB): per-cpu chunk, early hash tables, and MemTotal
 * 988024 kB once the late frees ran.
 */
static void test_boot_after_cma_1g_61(void **state)
{
	struct cmasim *sim = boot_pc("6.1", CMS_SZ_1G, 1, "cma=64M");

	assert_true(tst_dmesg_has(sim, "percpu: Embedded 62 pages/cpu s217088 r8192 d28672 u2097152"));
	assert_true(tst_dmesg_has(sim, "Dentry cache hash table entries: 131072 (order: 8, 1048576 bytes, linear)"));
	assert_true(tst_dmesg_has(sim, "Inode-cache hash table entries: 65536 (order: 7, 524288 bytes, linear)"));
	assert_true(tst_dmesg_has(sim, "PM: hibernation: Registered nosave memory: [mem 0x0009f000-0x000fffff]"));
	assert_true(tst_dmesg_has(sim, "Freeing initrd memory: 1008K"));
	assert_false(tst_dmesg_has(sim, "software IO TLB: area num 1."));
	assert_int_equal(cmasim_totalram_pages(sim) * 4, 988024);
	tst_sim_free(sim);
}

/* Expect two nodes to take the hash tables from vmalloc (hashdist). */
static void test_boot_two_nodes_hash_vmalloc(void **state)
{
	struct cmasim *sim = boot_pc("6.1", 2 * CMS_SZ_1G, 2, "");

	assert_true(tst_dmesg_has(sim, "Dentry cache hash table entries: 262144 (order: 9, 2097152 bytes, vmalloc)"));
	assert_int_equal(cmasim_totalram_pages(sim) * 4, 2021576);
	tst_sim_free(sim);
}

/* Whether mem_init() printed its "Memory: ...K/...K available" line. */
static bool has_memory_line(const struct cmasim *sim)
{
	for (size_t i = 0; i < cmasim_dmesg_count(sim); i++)
		if (!strncmp(cmasim_dmesg_line(sim, i, NULL), "Memory: ", 8))
			return true;
	return false;
}

/*
 * A bare numa_cma, cma_pernuma or kernelcore (no '=') makes the kernel's
 * handler dereference NULL: the real boot dies in parse_early_param().
 * Expect the boot to stop there with -EINVAL and a diagnostic naming the
 * parameter, on both versions: no zones, no "Memory:" line.
 */
static void test_boot_cmdline_oops_refused(void **state)
{
	static const struct {
		const char *kernel, *knob, *cmdline, *param;
	} rows[] = {
		{ "6.12", "DMA_NUMA_CMA=y", "cma=64M numa_cma", "numa_cma" },
		{ "6.12", "DMA_NUMA_CMA=y", "cma_pernuma", "cma_pernuma" },
		{ "6.1", "DMA_PERNUMA_CMA=y", "cma_pernuma cma=64M", "cma_pernuma" },
		{ "6.1", "CMA=y", "kernelcore", "kernelcore" },
		{ "6.12", "CMA=y", "quiet kernelcore", "kernelcore" },
	};
	const char *kernel = tst_state_version(state);

	for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
		struct cmasim *sim;
		struct cmasim_machine *m;
		char *want;

		if (strcmp(rows[i].kernel, kernel))
			continue;
		sim = tst_sim_new(NULL, kernel, rows[i].knob, NULL);
		m = pc(CMS_SZ_1G, 1);
		want = g_strdup_printf("client bug: boot: the command line's bare '%s' crashes the kernel",
				       rows[i].param);
		assert_errno(cmasim_boot(sim, m, rows[i].cmdline), -EINVAL);
		assert_true(tst_diag_contains(sim, want));
		assert_true(tst_dmesg_has(sim, "BIOS-provided physical RAM map:"));
		assert_false(has_memory_line(sim));
		g_free(want);
		cmasim_machine_destroy(m);
		tst_sim_free(sim);
	}
}

/*
 * cma=64M@0xfffffffffc000000: base + size wraps to 0, so early_cma()'s
 * limit is 0 and dma_contiguous_reserve() sees base + size == limit, a
 * fixed area; cma_declare_contiguous_nid()'s "base + size > limit" wraps
 * too and passes, memblock_reserve() caps the range, and both kernels
 * print "Reserved 64 MiB at 0xfffffffffc000000" (6.12 adds the node).  At
 * core_initcall cma_activate_area() finds no struct page there: WARN,
 * then a fault in PID 1.  Expect the kernel's lines up to the handover,
 * -EFAULT from the boot, one explanation, and not 16384
 * free_reserved_page complaints.
 */
static void test_boot_cma_wraps_past_memory(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, tst_state_version(state), NULL);
	struct cmasim_machine *m = pc(CMS_SZ_1G, 1);
	size_t explained = 0;

	assert_errno(cmasim_boot(sim, m, "cma=64M@0xfffffffffc000000"),
		     -EFAULT);
	assert_true(tst_dmesg_has(sim, tst_v61(sim) ?
			"cma: Reserved 64 MiB at 0xfffffffffc000000" :
			"cma: Reserved 64 MiB at 0xfffffffffc000000 on node -1"));
	assert_true(has_memory_line(sim));
	assert_false(tst_dmesg_has(sim, "cma: CMA area reserved could not be activated"));
	assert_false(tst_diag_contains(sim, "free_reserved_page"));
	for (size_t i = 0; i < cmasim_diag_count(sim); i++)
		explained += strstr(cmasim_diag_line(sim, i, NULL),
				    "has no struct page") != NULL;
	assert_int_equal(explained, 1);
	cmasim_machine_destroy(m);
	tst_sim_free(sim);
}

/*
 * The command line reaches the kernel cut to COMMAND_LINE_SIZE - 1 bytes
 * (boot_command_line): both "Command line:" lines and the command-line
 * copies start_kernel() allocates hold at most that.  A 1 MiB line used
 * to be printed (twice) and copied whole.  Expect 2047 bytes in each
 * line, one explanation, and the very dmesg of a boot given the first
 * 2047 bytes only (the cma= at its start taken).
 */
static void test_boot_cmdline_cut_to_command_line_size(void **state)
{
	size_t n = 1u << 20;
	char *huge = g_malloc(n + 1);
	struct cmasim *sim = tst_sim_new(NULL, "6.12", NULL);
	struct cmasim *ref = tst_sim_new(NULL, "6.12", NULL);
	struct cmasim_machine *m = pc(CMS_SZ_1G, 1);
	const char *cl = NULL, *kcl = NULL;
	char *kept;

	memset(huge, 'a', n);
	memcpy(huge, "cma=64M ", 8);
	huge[n] = '\0';
	kept = g_strndup(huge, 2047);
	assert_errno(cmasim_boot(sim, m, huge), 0);
	assert_errno(cmasim_boot(ref, m, kept), 0);
	for (size_t i = 0; i < cmasim_dmesg_count(sim); i++) {
		const char *t = cmasim_dmesg_line(sim, i, NULL);

		if (!strncmp(t, "Command line: ", 14))
			cl = t;
		else if (!strncmp(t, "Kernel command line: ", 21))
			kcl = t;
	}
	assert_non_null(cl);
	assert_non_null(kcl);
	assert_int_equal(strlen(cl), 14 + 2047);
	assert_int_equal(strlen(kcl), 21 + 2047);
	assert_true(tst_diag_contains(sim, "longer than COMMAND_LINE_SIZE - 1 (2047 bytes)"));
	assert_int_equal(cmasim_dmesg_count(sim), cmasim_dmesg_count(ref));
	for (size_t i = 0; i < cmasim_dmesg_count(sim); i++)
		assert_string_equal(cmasim_dmesg_line(sim, i, NULL),
				    cmasim_dmesg_line(ref, i, NULL));
	assert_true(cmasim_cma_total_pages(sim) == 16384);
	g_free(kept);
	g_free(huge);
	cmasim_machine_destroy(m);
	tst_sim_free(sim);
	tst_sim_free(ref);
}

/*
 * A recorded memblock_add of 16 bytes is all the memory (what the
 * fuzzer made of "memblock_add: [0-f]"): not one page reaches the buddy
 * allocator, no node comes online, and the DMA pools' alloc_pages() ran
 * past the node array looking for one.  The kernel has panicked in its
 * early allocations long before.  Expect -ENOMEM at the handover, with a
 * message, on arm64 and x86, and a clean check.
 */
static void test_boot_no_whole_page(void **state)
{
	static const enum cmasim_arch arches[] = {
		CMASIM_ARCH_ARM64_4K, CMASIM_ARCH_X86_64,
	};
	static const char *const names[] = { "arm64", "x86_64" };

	(void)state;
	for (int i = 0; i < 2; i++) {
		struct cmasim *sim = tst_sim_new(names[i], "6.12", NULL);
		struct cmasim_machine *m = cmasim_machine_new(arches[i]);
		struct cmasim_machine_op op = {
			.kind = CMASIM_OP_MEMBLOCK_ADD, .base = 0, .size = 16,
			.nid = -1, .text = "x",
		};

		/* x86's e820 map has RAM; memblock is the replay's alone */
		assert_int_equal(cmasim_machine_add_e820(m, 0,
							 i ? 256 * CMS_SZ_1M : 16,
							 CMASIM_E820_RAM), 0);
		assert_int_equal(cmasim_machine_add_op(m, &op), 0);
		assert_errno(cmasim_boot(sim, m, ""), -ENOMEM);
		assert_true(tst_diag_contains(sim, "client bug: boot: no whole page of memory reached the page allocator"));
		assert_int_equal(cmasim_check(sim), 0);
		tst_sim_free(sim);
		cmasim_machine_destroy(m);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boot_watermarks_count_cma_pages),
		cmocka_unit_test(test_boot_coherent_pool),
		cmocka_unit_test(test_boot_coherent_pool_after_dashes),
		cmocka_unit_test(test_boot_twice),
		cmocka_unit_test(test_boot_until_stages),
		cmocka_unit_test(test_boot_bad_machine),
		cmocka_unit_test(test_boot_uses_machine_cmdline),
		cmocka_unit_test(test_boot_after_cma_1g_61),
		cmocka_unit_test(test_boot_two_nodes_hash_vmalloc),
		cmocka_unit_test(test_boot_cmdline_cut_to_command_line_size),
		cmocka_unit_test(test_boot_no_whole_page),
	};
	const struct CMUnitTest per_version[] = {
		cmocka_unit_test_setup_teardown(test_boot_start_kernel_order,
						setup_pc_1g_cma,
						tst_teardown_checked),
		cmocka_unit_test(test_boot_cmdline_oops_refused),
		cmocka_unit_test(test_boot_cma_wraps_past_memory),
		cmocka_unit_test_setup_teardown(test_boot_smp_alternatives_before_initcalls,
						setup_pc_1g_cma,
						tst_teardown_checked),
	};

	return tst_run_groups("setup", tests, NR_OF(tests), per_version,
			      NR_OF(per_version));
}
