// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/boot/machine.c through the public API: the builders
 * (e820 entries, SRAT-like node ranges, early reservations, initrd, the
 * arm64 DMA zone limit, kernel image sizes, late frees, recorded steps),
 * the getters, bad input and its errnos, the qemu "pc" and "virt"
 * layouts for several sizes and node counts, and the default machine.
 *
 * The qemu layouts are those of the real captures (their BIOS-e820 and
 * "ACPI: SRAT: Node" lines; the capture is named above each test) and,
 * for sizes no capture has, qemu 7.2's rules: RAM below 4 GiB is all of
 * it, or 3 GiB once it reaches 3.5 GiB (hw/i386/pc_piix.c); SeaBIOS keeps
 * the top 128 KiB below 4 GiB for ACPI; build_srat() gives nodes RAM in
 * order, cutting out the 640 KiB-1 MiB hole and continuing past the PCI
 * hole at 4 GiB.  Every table runs once per kernel version.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "helpers.h"
#include "core/util.h"
#include "boot/setup.h"
#include "boot/grow.h"
#include "of/fdt.h"

#define NR_OF(a) (sizeof(a) / sizeof((a)[0]))
#define KiB (UINT64_C(1) << 10)
#define MiB (UINT64_C(1) << 20)
#define GiB (UINT64_C(1) << 30)

static int setup(void **state)
{
	return tst_setup_version(state);
}

static int teardown(void **state)
{
	return tst_teardown_checked(state);
}

struct e820 {
	uint64_t base, last;
	unsigned int type;
};

struct srat {
	int nid;
	uint64_t base, last;
};

static struct cmasim_machine *pc(uint64_t mem, unsigned int nodes)
{
	struct cmasim_machine *m = NULL;

	assert_int_equal(cmasim_machine_qemu_pc(mem, nodes, &m), 0);
	assert_non_null(m);
	return m;
}

static void assert_e820_table(const struct cmasim_machine *m,
			      const struct e820 *want, size_t n)
{
	assert_int_equal(cmasim_machine_nr_e820(m), n);
	for (size_t i = 0; i < n; i++) {
		cmasim_phys_addr_t b = 0, s = 0;
		unsigned int t = 0;

		assert_int_equal(cmasim_machine_e820(m, i, &b, &s, &t), 0);
		if (b != want[i].base || b + s - 1 != want[i].last ||
		    t != want[i].type)
			fail_msg("e820[%zu] is [%#llx-%#llx] type %u, expected [%#llx-%#llx] type %u",
				 i, (unsigned long long)b,
				 (unsigned long long)(b + s - 1), t,
				 (unsigned long long)want[i].base,
				 (unsigned long long)want[i].last,
				 want[i].type);
	}
	assert_errno(cmasim_machine_e820(m, n, NULL, NULL, NULL), -ERANGE);
}

static void assert_srat(const struct cmasim_machine *m,
			const struct srat *want, size_t n)
{
	assert_int_equal(cmasim_machine_nr_numa_ranges(m), n);
	for (size_t i = 0; i < n; i++) {
		cmasim_phys_addr_t b = 0, s = 0;
		int nid = -1;

		assert_int_equal(cmasim_machine_numa_range(m, i, &nid, &b, &s),
				 0);
		if (nid != want[i].nid || b != want[i].base ||
		    b + s - 1 != want[i].last)
			fail_msg("SRAT[%zu] is node %d [%#llx-%#llx], expected node %d [%#llx-%#llx]",
				 i, nid, (unsigned long long)b,
				 (unsigned long long)(b + s - 1), want[i].nid,
				 (unsigned long long)want[i].base,
				 (unsigned long long)want[i].last);
	}
	assert_errno(cmasim_machine_numa_range(m, n, NULL, NULL, NULL),
		     -ERANGE);
}

/* Boot @m on a fresh instance of the group's version. */
static struct cmasim *boot(void **state, const struct cmasim_machine *m,
			   const char *cmdline)
{
	struct cmasim *sim = tst_sim_new(NULL, tst_kernel_name(*state), NULL);

	assert_int_equal(cmasim_boot(sim, m, cmdline), 0);
	return sim;
}

#define RAM CMASIM_E820_RAM
#define RES CMASIM_E820_RESERVED

/* ---- Empty machines and getters ---- */

/*
 *   (nothing)   e820: 0   SRAT: 0   steps: 0   cmdline/version: none
 * Expect a new machine of each arch to be empty, with its arch, and its
 * getters to say so (-ERANGE / NULL past the end).
 */
static void test_machine_new_is_empty(void **state)
{
	for (int a = 0; a < CMASIM_ARCH_COUNT; a++) {
		struct cmasim_machine *m =
			cmasim_machine_new((enum cmasim_arch)a);

		assert_non_null(m);
		assert_int_equal(cmasim_machine_get_arch(m), a);
		assert_int_equal(cmasim_machine_nr_e820(m), 0);
		assert_int_equal(cmasim_machine_nr_numa_ranges(m), 0);
		assert_int_equal(cmasim_machine_nr_ops(m), 0);
		assert_null(cmasim_machine_op(m, 0));
		assert_errno(cmasim_machine_e820(m, 0, NULL, NULL, NULL),
			     -ERANGE);
		assert_errno(cmasim_machine_numa_range(m, 0, NULL, NULL, NULL),
			     -ERANGE);
		assert_null(cmasim_machine_cmdline(m));
		assert_null(cmasim_machine_kernel_version(m));
		assert_null(cmasim_machine_kernel_release(m));
		cmasim_machine_destroy(m);
	}
	(void)state;
}

/*
 *   arch 5 (CMASIM_ARCH_COUNT), arch -1: no such profile
 * Expect NULL for an unknown arch, and destroy to accept NULL.
 */
static void test_machine_new_unknown_arch(void **state)
{
	(void)state;
	assert_null(cmasim_machine_new(CMASIM_ARCH_COUNT));
	assert_null(cmasim_machine_new((enum cmasim_arch)-1));
	cmasim_machine_destroy(NULL);
}

/* ---- e820 entries ---- */

/*
 *   added:  [1M, 1G) usable  [0, 640K) usable  [4G, 5G) type 128
 *           [1G, 1G+4K) type 12
 * Expect every entry kept exactly as given, in the order of the calls,
 * any firmware type number accepted, and NULL out-pointers allowed.
 */
static void test_machine_add_e820_kept_as_given(void **state)
{
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_X86_64);
	static const struct e820 want[] = {
		{ 0x100000, 0x3fffffff, RAM },
		{ 0, 0x9ffff, RAM },
		{ 0x100000000, 0x13fffffff, CMASIM_E820_RESERVED_KERN },
		{ 0x40000000, 0x40000fff, 12 },
	};
	cmasim_phys_addr_t b = 1;

	(void)state;
	for (size_t i = 0; i < NR_OF(want); i++)
		assert_int_equal(cmasim_machine_add_e820(m, want[i].base,
					want[i].last - want[i].base + 1,
					want[i].type), 0);
	assert_e820_table(m, want, NR_OF(want));
	assert_int_equal(cmasim_machine_e820(m, 1, &b, NULL, NULL), 0);
	assert_int_equal(b, 0);
	cmasim_machine_destroy(m);
}

/*
 *   [1M .......... 1G)  usable
 *          [1G-2M .... 1G+2M) reserved      <- overlaps
 * Expect overlapping entries accepted as the firmware gave them: the
 * kernel, not the firmware table, sanitises overlaps at boot
 * (e820__update_table()).
 */
static void test_machine_add_e820_overlap_accepted(void **state)
{
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_X86_64);
	static const struct e820 want[] = {
		{ 0x100000, 0x3fffffff, RAM },
		{ 0x3fe00000, 0x401fffff, RES },
		{ 0x100000, 0x3fffffff, RAM },
	};

	(void)state;
	for (size_t i = 0; i < NR_OF(want); i++)
		assert_int_equal(cmasim_machine_add_e820(m, want[i].base,
					want[i].last - want[i].base + 1,
					want[i].type), 0);
	assert_e820_table(m, want, NR_OF(want));
	cmasim_machine_destroy(m);
}

/*
 *   size 0 | [2^64-4K, +8K) wraps | NULL machine      -> -EINVAL
 *   [2^64-4K, 2^64) ends exactly at the top            -> 0
 * Expect empty and wrapping ranges refused, nothing appended, and a
 * range ending at the last byte accepted.
 */
static void test_machine_add_e820_bad_input(void **state)
{
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_X86_64);
	const uint64_t top = UINT64_MAX - 0xfff;

	(void)state;
	assert_errno(cmasim_machine_add_e820(m, 0x100000, 0, RAM), -EINVAL);
	assert_errno(cmasim_machine_add_e820(m, top, 0x2000, RAM), -EINVAL);
	assert_errno(cmasim_machine_add_e820(m, UINT64_MAX, 2, RAM), -EINVAL);
	assert_errno(cmasim_machine_add_e820(NULL, 0, 0x1000, RAM), -EINVAL);
	assert_int_equal(cmasim_machine_nr_e820(m), 0);
	assert_int_equal(cmasim_machine_add_e820(m, top, 0x1000, RES), 0);
	assert_int_equal(cmasim_machine_nr_e820(m), 1);
	cmasim_machine_destroy(m);
}

/* ---- NUMA ranges ---- */

/*
 *   node 0 [0, 1G)   node 1023 [1G, 2G)   node 1 [512M, 1536M) overlaps both
 * Expect node ids 0..1023 (MAX_NUMNODES with NODES_SHIFT 10) accepted,
 * overlapping ranges kept as given (numa_cleanup_meminfo() judges them
 * at boot), and the ranges read back in order.
 */
static void test_machine_add_numa_range_kept_as_given(void **state)
{
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_X86_64);
	static const struct srat want[] = {
		{ 0, 0, 0x3fffffff },
		{ 1023, 0x40000000, 0x7fffffff },
		{ 1, 0x20000000, 0x5fffffff },
	};

	(void)state;
	for (size_t i = 0; i < NR_OF(want); i++)
		assert_int_equal(cmasim_machine_add_numa_range(m, want[i].nid,
					want[i].base,
					want[i].last - want[i].base + 1), 0);
	assert_srat(m, want, NR_OF(want));
	cmasim_machine_destroy(m);
}

/*
 *   nid -1 | nid 1024 | size 0 | wrap | NULL machine   -> -EINVAL
 * Expect bad node ids and ranges refused, nothing appended.
 */
static void test_machine_add_numa_range_bad_input(void **state)
{
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_X86_64);

	(void)state;
	assert_errno(cmasim_machine_add_numa_range(m, -1, 0, GiB), -EINVAL);
	assert_errno(cmasim_machine_add_numa_range(m, 1024, 0, GiB), -EINVAL);
	assert_errno(cmasim_machine_add_numa_range(m, 0, GiB, 0), -EINVAL);
	assert_errno(cmasim_machine_add_numa_range(m, 0, UINT64_MAX, 2),
		     -EINVAL);
	assert_errno(cmasim_machine_add_numa_range(NULL, 0, 0, GiB), -EINVAL);
	assert_int_equal(cmasim_machine_nr_numa_ranges(m), 0);
	cmasim_machine_destroy(m);
}

/* ---- Reservations, initrd, limits, image, late frees ---- */

/*
 *   reservation [32M, 32M+4K) "my_driver" (logged)
 *   memblock=debug: "memblock_reserve: [0x...2000000-0x...2000fff] my_driver"
 * Expect the caller's name copied at the call (the caller's buffer may
 * change afterwards) and printed by the boot's memblock_reserve line.
 */
static void test_machine_add_reservation_copies_caller(void **state)
{
	struct cmasim_machine *m = pc(GiB, 1);
	char name[16] = "my_driver";
	struct cmasim *sim;

	assert_int_equal(cmasim_machine_add_reservation(m, 32 * MiB, 0x1000,
							name, true), 0);
	strcpy(name, "XXXXXXXX");
	sim = boot(state, m, "memblock=debug");
	assert_true(tst_dmesg_has(sim, "memblock_reserve: [0x0000000002000000-0x0000000002000fff] my_driver"));
	assert_true(cmasim_memblock_is_reserved(sim, 32 * MiB));
	tst_sim_free(sim);
	cmasim_machine_destroy(m);
}

/*
 *   NULL caller | size 0 | wrap | NULL machine   -> -EINVAL
 * Expect bad reservations refused.
 */
static void test_machine_add_reservation_bad_input(void **state)
{
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_X86_64);

	(void)state;
	assert_errno(cmasim_machine_add_reservation(m, 0, 0x1000, NULL, true),
		     -EINVAL);
	assert_errno(cmasim_machine_add_reservation(m, 0, 0, "x", true),
		     -EINVAL);
	assert_errno(cmasim_machine_add_reservation(m, UINT64_MAX, 2, "x",
						    false), -EINVAL);
	assert_errno(cmasim_machine_add_reservation(NULL, 0, 0x1000, "x",
						    false), -EINVAL);
	cmasim_machine_destroy(m);
}

/*
 *   [1M ......... initrd [256M, 256M+2M) ......... 1G)
 * Expect the initrd where the boot loader put it: "RAMDISK: [mem
 * 0x10000000-0x101fffff]" and that range reserved; empty or NULL refused.
 */
static void test_machine_set_initrd(void **state)
{
	struct cmasim_machine *m = pc(GiB, 1);
	struct cmasim *sim;

	assert_errno(cmasim_machine_set_initrd(m, 256 * MiB, 0), -EINVAL);
	assert_errno(cmasim_machine_set_initrd(NULL, 256 * MiB, MiB), -EINVAL);
	assert_errno(cmasim_machine_set_initrd(m, UINT64_MAX, 2), -EINVAL);
	assert_int_equal(cmasim_machine_set_initrd(m, 256 * MiB, 2 * MiB), 0);
	sim = boot(state, m, "");
	assert_true(tst_dmesg_has(sim, "RAMDISK: [mem 0x10000000-0x101fffff]"));
	assert_true(cmasim_memblock_is_reserved(sim, 256 * MiB));
	tst_sim_free(sim);
	cmasim_machine_destroy(m);
}

/*
 *   arm64 dma-ranges: ZONE_DMA ends at 2G -> dma_contiguous_reserve(2G)
 * Expect a zero limit or NULL machine refused, and x86 to ignore the
 * limit (it passes max_pfn_mapped: 0x3ffe0000 on a 1 GiB pc).
 */
static void test_machine_set_dma_zone_limit(void **state)
{
	struct cmasim_machine *m = pc(GiB, 1);
	struct cmasim *sim;

	assert_errno(cmasim_machine_set_dma_zone_limit(m, 0), -EINVAL);
	assert_errno(cmasim_machine_set_dma_zone_limit(NULL, 2 * GiB),
		     -EINVAL);
	assert_int_equal(cmasim_machine_set_dma_zone_limit(m, 512 * MiB), 0);
	sim = boot(state, m, "");
	assert_int_equal(cmasim_dma_contiguous_limit(sim), 0x3ffe0000);
	tst_sim_free(sim);
	cmasim_machine_destroy(m);
}

/*
 *   image: 8M code, 1M rwdata, 2M rodata, 512K init, 4M bss
 *   "Memory: ...K/...K available (8192K kernel code, 1024K rwdata,
 *    2048K rodata, 512K init, 4096K bss, ..."
 * Expect the image sizes in the "Memory:" line, in KiB as
 * mem_init_print_info() prints them; NULL refused.
 */
static void test_machine_set_kernel_image(void **state)
{
	struct cmasim_machine *m = pc(GiB, 1);
	struct cmasim *sim;
	bool found = false;

	assert_errno(cmasim_machine_set_kernel_image(NULL, 1, 1, 1, 1, 1),
		     -EINVAL);
	/* 2^63 bytes, and five terms whose sum wraps to a small number */
	assert_errno(cmasim_machine_set_kernel_image(m, UINT64_C(1) << 63, 0,
						     0, 0, 0), -EINVAL);
	assert_errno(cmasim_machine_set_kernel_image(m, UINT64_MAX, 2, 0, 0,
						     0), -EINVAL);
	assert_errno(cmasim_machine_set_kernel_image(m, GiB, 1, 0, 0, 0),
		     -EINVAL);
	assert_int_equal(cmasim_machine_set_kernel_image(m, 8 * MiB, MiB,
							 2 * MiB, 512 * KiB,
							 4 * MiB), 0);
	sim = boot(state, m, "");
	for (size_t i = 0; i < cmasim_dmesg_count(sim); i++)
		found |= strstr(cmasim_dmesg_line(sim, i, NULL),
				" available (8192K kernel code, 1024K rwdata, 2048K rodata, 512K init, 4096K bss, ") != NULL;
	assert_true(found);
	tst_sim_free(sim);
	cmasim_machine_destroy(m);
}

/*
 *   late frees: "unused kernel image (initmem)" 512K, then "initrd"
 *   "Freeing unused kernel image (initmem) memory: 512K"
 *   "Freeing initrd memory: 1008K"       (the initrd's own size)
 * Expect the machine's list replacing the default one, in order, and
 * bad sizes or names refused (page multiples of 4 KiB only).
 */
static void test_machine_add_late_free(void **state)
{
	struct cmasim_machine *m = pc(GiB, 1);
	struct cmasim *sim;
	long a, b;

	assert_errno(cmasim_machine_add_late_free(m, NULL, 4096), -EINVAL);
	assert_errno(cmasim_machine_add_late_free(m, "x", 0), -EINVAL);
	assert_errno(cmasim_machine_add_late_free(m, "x", 4095), -EINVAL);
	assert_errno(cmasim_machine_add_late_free(m, "x", 4097), -EINVAL);
	assert_errno(cmasim_machine_add_late_free(NULL, "x", 4096), -EINVAL);
	assert_int_equal(cmasim_machine_add_late_free(m,
				"unused kernel image (initmem)", 512 * KiB), 0);
	assert_int_equal(cmasim_machine_add_late_free(m, "initrd", 4096), 0);
	sim = boot(state, m, "");
	a = tst_dmesg_find(sim, "Freeing unused kernel image (initmem) memory: 512K");
	b = tst_dmesg_find(sim, "Freeing initrd memory: 1008K");
	assert_true(a >= 0);
	assert_true(b > a);
	assert_false(tst_dmesg_has(sim, "Freeing SMP alternatives memory: 36K"));
	assert_false(tst_dmesg_has(sim, "Freeing SMP alternatives memory: 40K"));
	tst_sim_free(sim);
	cmasim_machine_destroy(m);
}

/* ---- Recorded steps ---- */

/*
 *   ops: add [1M, +1G) "e820__memblock_setup" | line "hello" | stage
 *        "dma_contiguous_reserve" | remove [4G, to the top)
 * Expect each step kept with its fields, its text copied, and the count
 * and index getters to follow.
 */
static void test_machine_add_op_kept(void **state)
{
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_X86_64);
	char text[32] = "e820__memblock_setup";
	struct cmasim_machine_op op = {
		.kind = CMASIM_OP_MEMBLOCK_ADD, .base = MiB, .size = GiB,
		.nid = -1, .text = text, .line = 7,
	};
	const struct cmasim_machine_op *got;

	(void)state;
	assert_int_equal(cmasim_machine_add_op(m, &op), 0);
	strcpy(text, "changed");
	op = (struct cmasim_machine_op){ .kind = CMASIM_OP_LOG_LINE,
					 .text = "hello" };
	assert_int_equal(cmasim_machine_add_op(m, &op), 0);
	op = (struct cmasim_machine_op){ .kind = CMASIM_OP_STAGE,
					 .text = "dma_contiguous_reserve" };
	assert_int_equal(cmasim_machine_add_op(m, &op), 0);
	/* memblock_remove(base, ULLONG_MAX) runs past the top: capped */
	op = (struct cmasim_machine_op){ .kind = CMASIM_OP_MEMBLOCK_REMOVE,
					 .base = 4 * GiB, .size = UINT64_MAX };
	assert_int_equal(cmasim_machine_add_op(m, &op), 0);
	assert_int_equal(cmasim_machine_nr_ops(m), 4);
	got = cmasim_machine_op(m, 0);
	assert_non_null(got);
	assert_int_equal(got->kind, CMASIM_OP_MEMBLOCK_ADD);
	assert_int_equal(got->base, MiB);
	assert_int_equal(got->size, GiB);
	assert_int_equal(got->nid, -1);
	assert_int_equal(got->line, 7);
	assert_string_equal(got->text, "e820__memblock_setup");
	assert_string_equal(cmasim_machine_op(m, 1)->text, "hello");
	assert_int_equal(cmasim_machine_op(m, 2)->kind, CMASIM_OP_STAGE);
	/* a step without text reads back as "" */
	assert_string_equal(cmasim_machine_op(m, 3)->text, "");
	assert_int_equal(cmasim_machine_op(m, 3)->size, UINT64_MAX);
	assert_null(cmasim_machine_op(m, 4));
	cmasim_machine_destroy(m);
}

/*
 *   kind 99 | NULL op | NULL machine | line/stage without text |
 *   memblock step of size 0 | dump region that wraps      -> -EINVAL
 * Expect each refused and nothing recorded.
 */
static void test_machine_add_op_bad_input(void **state)
{
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_X86_64);
	struct cmasim_machine_op op = { .kind = (enum cmasim_machine_op_kind)99,
					.base = 0, .size = MiB };

	(void)state;
	assert_errno(cmasim_machine_add_op(m, &op), -EINVAL);
	assert_errno(cmasim_machine_add_op(m, NULL), -EINVAL);
	op.kind = CMASIM_OP_MEMBLOCK_RESERVE;
	assert_errno(cmasim_machine_add_op(NULL, &op), -EINVAL);
	op.size = 0;
	assert_errno(cmasim_machine_add_op(m, &op), -EINVAL);
	op = (struct cmasim_machine_op){ .kind = CMASIM_OP_LOG_LINE };
	assert_errno(cmasim_machine_add_op(m, &op), -EINVAL);
	op.kind = CMASIM_OP_STAGE;
	assert_errno(cmasim_machine_add_op(m, &op), -EINVAL);
	op = (struct cmasim_machine_op){ .kind = CMASIM_OP_MEMBLOCK_STATE,
					 .base = UINT64_MAX - 0xfff,
					 .size = 0x2000 };
	assert_errno(cmasim_machine_add_op(m, &op), -EINVAL);
	assert_int_equal(cmasim_machine_nr_ops(m), 0);
	cmasim_machine_destroy(m);
}

/*
 *   "Linux version 6.1.192-cmaoracle ..." "Command line: quiet cma=64M"
 * Expect a machine read from a log to report the kernel version, the
 * release and the command line it recorded.
 */
static void test_machine_log_getters(void **state)
{
	static const char log[] =
		"[    0.000000] Linux version 6.1.192-cmaoracle (root@vm) (gcc) #1 SMP\n"
		"[    0.000000] Command line: quiet cma=64M\n"
		"[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
		"[    0.000000] BIOS-e820: [mem 0x0000000000100000-0x000000003ffdffff] usable\n";
	struct cmasim_machine *m = NULL;

	(void)state;
	assert_int_equal(cmasim_machine_from_log(log, strlen(log), &m, NULL,
						 NULL, NULL), 0);
	assert_int_equal(cmasim_machine_get_arch(m), CMASIM_ARCH_X86_64);
	assert_string_equal(cmasim_machine_kernel_version(m), "6.1");
	assert_string_equal(cmasim_machine_kernel_release(m),
			    "6.1.192-cmaoracle");
	assert_string_equal(cmasim_machine_cmdline(m), "quiet cma=64M");
	assert_int_equal(cmasim_machine_nr_e820(m), 2);
	cmasim_machine_destroy(m);
}

/* ---- qemu "pc" layouts ---- */

/*
 *   0    640K 1M                    512M-128K 512M    4G-256K 4G   1T-12G 1T
 *   [usable][r][r][usable............][ACPI]  ....... [BIOS]  ...  [HT hole]
 * Expect s01's seven entries (-m 512M), no SRAT, and RAMDISK and ACPI
 * table reservations just below 512 MiB.
 */
static void test_qemu_pc_512m(void **state)
{
	static const struct e820 want[] = {
		{ 0, 0x9fbff, RAM }, { 0x9fc00, 0x9ffff, RES },
		{ 0xf0000, 0xfffff, RES }, { 0x100000, 0x1ffdffff, RAM },
		{ 0x1ffe0000, 0x1fffffff, RES },
		{ 0xfffc0000, 0xffffffff, RES },
		{ 0xfd00000000, 0xffffffffff, RES },
	};
	struct cmasim_machine *m = pc(512 * MiB, 1);
	struct cmasim *sim;

	assert_int_equal(cmasim_machine_get_arch(m), CMASIM_ARCH_X86_64);
	assert_e820_table(m, want, NR_OF(want));
	assert_int_equal(cmasim_machine_nr_numa_ranges(m), 0);
	assert_int_equal(cmasim_machine_nr_ops(m), 0);
	sim = boot(state, m, "");
	assert_true(tst_dmesg_has(sim, "RAMDISK: [mem 0x1fee4000-0x1ffdffff]"));
	assert_true(tst_dmesg_has(sim, "ACPI: Reserving FACP table memory at [mem 0x1ffe198c-0x1ffe19ff]"));
	assert_true(tst_dmesg_has(sim, "ACPI: Reserving DSDT table memory at [mem 0x1ffe0040-0x1ffe198b]"));
	assert_true(tst_dmesg_has(sim, "ACPI: Reserving FACS table memory at [mem 0x1ffe0000-0x1ffe003f]"));
	assert_true(tst_dmesg_has(sim, "ACPI: Reserving APIC table memory at [mem 0x1ffe1a00-0x1ffe1a77]"));
	assert_true(tst_dmesg_has(sim, "ACPI: Reserving HPET table memory at [mem 0x1ffe1a78-0x1ffe1aaf]"));
	assert_true(tst_dmesg_has(sim, "ACPI: Reserving WAET table memory at [mem 0x1ffe1ab0-0x1ffe1ad7]"));
	assert_true(tst_dmesg_has(sim, "Faking a node at [mem 0x0000000000000000-0x000000001ffdffff]"));
	tst_sim_free(sim);
	cmasim_machine_destroy(m);
}

/*
 *   3.5G - 1M: all of it below 4G           [1M .. 3.5G-1M-128K][ACPI]
 *   3.5G: 3G below, 512M from 4G      [1M .. 3G-128K][ACPI] .. [4G, 4.5G)
 * Expect qemu's 3.5 GiB rule: below it the RAM stays under 4 GiB, at it
 * the RAM above 3 GiB moves to 4 GiB.
 */
static void test_qemu_pc_3_5g_boundary(void **state)
{
	static const struct e820 low[] = {
		{ 0, 0x9fbff, RAM }, { 0x9fc00, 0x9ffff, RES },
		{ 0xf0000, 0xfffff, RES }, { 0x100000, 0xdfedffff, RAM },
		{ 0xdfee0000, 0xdfefffff, RES },
		{ 0xfffc0000, 0xffffffff, RES },
		{ 0xfd00000000, 0xffffffffff, RES },
	};
	static const struct e820 high[] = {
		{ 0, 0x9fbff, RAM }, { 0x9fc00, 0x9ffff, RES },
		{ 0xf0000, 0xfffff, RES }, { 0x100000, 0xbffdffff, RAM },
		{ 0xbffe0000, 0xbfffffff, RES },
		{ 0xfffc0000, 0xffffffff, RES },
		{ 0x100000000, 0x11fffffff, RAM },
		{ 0xfd00000000, 0xffffffffff, RES },
	};
	struct cmasim_machine *a = pc(3584 * MiB - MiB, 1);
	struct cmasim_machine *b = pc(3584 * MiB, 1);

	(void)state;
	assert_e820_table(a, low, NR_OF(low));
	assert_e820_table(b, high, NR_OF(high));
	cmasim_machine_destroy(a);
	cmasim_machine_destroy(b);
}

/*
 *   -m 3G (s36): [1M .. 3G-128K)[ACPI]        nothing above 4G
 *   -m 4G (s22): [1M .. 3G-128K)[ACPI] .. [4G, 5G)
 *   -m 5G (s24): [1M .. 3G-128K)[ACPI] .. [4G, 6G)
 * Expect the captures' e820 tables for 3, 4 and 5 GiB, and their
 * RAMDISK just below the ACPI area.
 */
static void test_qemu_pc_3g_4g_5g(void **state)
{
	static const struct e820 g3[] = {
		{ 0, 0x9fbff, RAM }, { 0x9fc00, 0x9ffff, RES },
		{ 0xf0000, 0xfffff, RES }, { 0x100000, 0xbffdffff, RAM },
		{ 0xbffe0000, 0xbfffffff, RES },
		{ 0xfffc0000, 0xffffffff, RES },
		{ 0xfd00000000, 0xffffffffff, RES },
	};
	static const struct e820 g4[] = {
		{ 0, 0x9fbff, RAM }, { 0x9fc00, 0x9ffff, RES },
		{ 0xf0000, 0xfffff, RES }, { 0x100000, 0xbffdffff, RAM },
		{ 0xbffe0000, 0xbfffffff, RES },
		{ 0xfffc0000, 0xffffffff, RES },
		{ 0x100000000, 0x13fffffff, RAM },
		{ 0xfd00000000, 0xffffffffff, RES },
	};
	static const struct e820 g5[] = {
		{ 0, 0x9fbff, RAM }, { 0x9fc00, 0x9ffff, RES },
		{ 0xf0000, 0xfffff, RES }, { 0x100000, 0xbffdffff, RAM },
		{ 0xbffe0000, 0xbfffffff, RES },
		{ 0xfffc0000, 0xffffffff, RES },
		{ 0x100000000, 0x17fffffff, RAM },
		{ 0xfd00000000, 0xffffffffff, RES },
	};
	struct cmasim_machine *m3 = pc(3 * GiB, 1);
	struct cmasim_machine *m4 = pc(4 * GiB, 1);
	struct cmasim_machine *m5 = pc(5 * GiB, 1);
	struct cmasim *sim;

	assert_e820_table(m3, g3, NR_OF(g3));
	assert_e820_table(m4, g4, NR_OF(g4));
	assert_e820_table(m5, g5, NR_OF(g5));
	sim = boot(state, m5, "");
	assert_true(tst_dmesg_has(sim, "RAMDISK: [mem 0xbfee4000-0xbffdffff]"));
	assert_true(tst_dmesg_has(sim, "Faking a node at [mem 0x0000000000000000-0x000000017fffffff]"));
	tst_sim_free(sim);
	cmasim_machine_destroy(m3);
	cmasim_machine_destroy(m4);
	cmasim_machine_destroy(m5);
}

/*
 *   -m 2G, two nodes (s29):
 *   node 0: [0, 640K) [1M, 1G)      node 1: [1G, 2G)
 * Expect s29's SRAT ranges and its e820 table (all RAM below 2 GiB), and
 * the boot's "ACPI: SRAT: Node" lines for them.
 */
static void test_qemu_pc_two_nodes_2g(void **state)
{
	static const struct srat want[] = {
		{ 0, 0, 0x9ffff }, { 0, 0x100000, 0x3fffffff },
		{ 1, 0x40000000, 0x7fffffff },
	};
	static const struct e820 e[] = {
		{ 0, 0x9fbff, RAM }, { 0x9fc00, 0x9ffff, RES },
		{ 0xf0000, 0xfffff, RES }, { 0x100000, 0x7ffdffff, RAM },
		{ 0x7ffe0000, 0x7fffffff, RES },
		{ 0xfffc0000, 0xffffffff, RES },
		{ 0xfd00000000, 0xffffffffff, RES },
	};
	struct cmasim_machine *m = pc(2 * GiB, 2);
	struct cmasim *sim;

	assert_e820_table(m, e, NR_OF(e));
	assert_srat(m, want, NR_OF(want));
	sim = boot(state, m, "");
	assert_true(tst_dmesg_has(sim, "ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x0009ffff]"));
	assert_true(tst_dmesg_has(sim, "ACPI: SRAT: Node 0 PXM 0 [mem 0x00100000-0x3fffffff]"));
	assert_true(tst_dmesg_has(sim, "ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0x7fffffff]"));
	assert_true(tst_dmesg_has(sim, "RAMDISK: [mem 0x7fee4000-0x7ffdffff]"));
	tst_sim_free(sim);
	cmasim_machine_destroy(m);
}

/*
 *   -m 6G, two nodes (s48, s55):
 *   node 0: [0, 640K) [1M, 3G)      node 1: [4G, 7G)
 * Expect node 1 wholly above the PCI hole.
 */
static void test_qemu_pc_two_nodes_6g(void **state)
{
	static const struct srat want[] = {
		{ 0, 0, 0x9ffff }, { 0, 0x100000, 0xbfffffff },
		{ 1, 0x100000000, 0x1bfffffff },
	};
	struct cmasim_machine *m = pc(6 * GiB, 2);

	(void)state;
	assert_srat(m, want, NR_OF(want));
	cmasim_machine_destroy(m);
}

/*
 *   -m 4G, two nodes (build_srat rule):
 *   node 0: [0, 640K) [1M, 2G)     node 1: [2G, 3G) + [4G, 5G)
 * Expect node 1 cut at the PCI hole and continued at 4 GiB.
 */
static void test_qemu_pc_two_nodes_straddle_pci_hole(void **state)
{
	static const struct srat want[] = {
		{ 0, 0, 0x9ffff }, { 0, 0x100000, 0x7fffffff },
		{ 1, 0x80000000, 0xbfffffff },
		{ 1, 0x100000000, 0x13fffffff },
	};
	struct cmasim_machine *m = pc(4 * GiB, 2);

	(void)state;
	assert_srat(m, want, NR_OF(want));
	cmasim_machine_destroy(m);
}

/*
 *   -m 4G, four nodes of 1G (build_srat rule):
 *   0: [0, 640K) [1M, 1G)   1: [1G, 2G)   2: [2G, 3G)   3: [4G, 5G)
 * Expect node 3, which starts exactly at the 3 GiB end of low RAM, to
 * have no empty range below the hole and all of its RAM at 4 GiB.
 */
static void test_qemu_pc_four_nodes(void **state)
{
	static const struct srat want[] = {
		{ 0, 0, 0x9ffff }, { 0, 0x100000, 0x3fffffff },
		{ 1, 0x40000000, 0x7fffffff },
		{ 2, 0x80000000, 0xbfffffff },
		{ 3, 0x100000000, 0x13fffffff },
	};
	struct cmasim_machine *m = pc(4 * GiB, 4);
	struct cmasim *sim;

	assert_srat(m, want, NR_OF(want));
	sim = boot(state, m, "");
	assert_true(tst_dmesg_has(sim, "ACPI: SRAT: Node 3 PXM 3 [mem 0x100000000-0x13fffffff]"));
	tst_sim_free(sim);
	cmasim_machine_destroy(m);
}

/*
 *   mem < 64M | not a MiB multiple | nodes 0 or 65 | a node < 64M |
 *   NULL out                                           -> -EINVAL
 *   64M, 1 node | 4G over 64 nodes (64M each)          -> 0
 * Expect the documented bounds, and *out untouched on failure.
 */
static void test_qemu_pc_bad_input(void **state)
{
	static char sentinel;
	struct cmasim_machine *m = (struct cmasim_machine *)&sentinel;
	struct cmasim_machine *ok = NULL;

	(void)state;

	assert_errno(cmasim_machine_qemu_pc(63 * MiB, 1, &m), -EINVAL);
	assert_errno(cmasim_machine_qemu_pc(GiB + 4096, 1, &m), -EINVAL);
	assert_errno(cmasim_machine_qemu_pc(GiB, 0, &m), -EINVAL);
	assert_errno(cmasim_machine_qemu_pc(8 * GiB, 65, &m), -EINVAL);
	assert_errno(cmasim_machine_qemu_pc(4 * GiB - MiB, 64, &m), -EINVAL);
	assert_errno(cmasim_machine_qemu_pc(GiB, 1, NULL), -EINVAL);
	assert_ptr_equal(m, (struct cmasim_machine *)&sentinel);
	assert_int_equal(cmasim_machine_qemu_pc(64 * MiB, 1, &ok), 0);
	cmasim_machine_destroy(ok);
	assert_int_equal(cmasim_machine_qemu_pc(4 * GiB, 64, &ok), 0);
	assert_int_equal(cmasim_machine_nr_numa_ranges(ok), 65);
	cmasim_machine_destroy(ok);
}

/* Expect node range @idx of @m to be [@base, @base + @size) of @nid. */
static void assert_node(const struct cmasim_machine *m, size_t idx, int nid,
			uint64_t base, uint64_t size)
{
	cmasim_phys_addr_t b, sz;
	int n;

	assert_int_equal(cmasim_machine_numa_range(m, idx, &n, &b, &sz), 0);
	assert_int_equal(n, nid);
	assert_true(b == base);
	assert_true(sz == size);
}

/*
 * qemu virt -m 2G (oracle-arm64* base-2g):
 *   1G [ RAM ............................................. ] 3G
 *        initrd 1G+128M (964 KiB + 64 B)   dtb 1G+130M (0x8814)
 * Expect one RAM range, no node ranges, the boot loader's initrd and
 * device tree where the captures show them, one CPU.
 */
static void test_qemu_virt_2g(void **state)
{
	struct cmasim_machine *m = NULL;

	(void)state;
	assert_int_equal(cmasim_machine_qemu_virt(2 * GiB, 1, &m), 0);
	{
		static const struct e820 want[] = {
			{ GiB, 3 * GiB - 1, CMASIM_E820_RAM },
		};

		assert_e820_table(m, want, NR_OF(want));
	}
	assert_int_equal(cmasim_machine_nr_numa_ranges(m), 0);
	assert_true(m->initrd_base == 0x48000000);
	assert_true(m->initrd_size == 987200);
	assert_true(m->fdt_base == 0x48200000);
	assert_true(m->fdt_size == 0x8814);
	assert_int_equal(m->nr_cpus, 1);
	cmasim_machine_destroy(m);
}

/*
 * qemu virt -m 4G with two memory backends of 2G (the numa-* scenarios):
 *   node 0 [1G, 3G)   node 1 [3G, 5G)
 * and three nodes of 1 GiB + 1 MiB: whole MiB each, the last the rest.
 * Expect those node ranges, the tree 0x28e bytes larger per node, and a
 * small machine's initrd halfway into RAM.
 */
static void test_qemu_virt_nodes(void **state)
{
	struct cmasim_machine *m = NULL;

	(void)state;
	assert_int_equal(cmasim_machine_qemu_virt(4 * GiB, 2, &m), 0);
	assert_int_equal(cmasim_machine_nr_numa_ranges(m), 2);
	assert_node(m, 0, 0, GiB, 2 * GiB);
	assert_node(m, 1, 1, 3 * GiB, 2 * GiB);
	assert_true(m->fdt_size == 0x8aa2);
	assert_int_equal(m->nr_cpus, 2);
	cmasim_machine_destroy(m);

	assert_int_equal(cmasim_machine_qemu_virt(3 * GiB + 3 * MiB, 3, &m), 0);
	assert_node(m, 0, 0, GiB, GiB + MiB);
	assert_node(m, 1, 1, 2 * GiB + MiB, GiB + MiB);
	assert_node(m, 2, 2, 3 * GiB + 2 * MiB, GiB + MiB);
	cmasim_machine_destroy(m);

	assert_int_equal(cmasim_machine_qemu_virt(128 * MiB, 1, &m), 0);
	assert_true(m->initrd_base == GiB + 64 * MiB);
	cmasim_machine_destroy(m);
}

/*
 * The virt machine's default device tree, two nodes of 2 GiB:
 *   /memory@40000000 [1G, 3G) numa-node-id 0
 *   /memory@c0000000 [3G, 5G) numa-node-id 1
 * Expect a tree the kernel can read with those two memory nodes, no
 * /reserved-memory, and the length of qemu's own blob (0x8814 + 0x28e
 * per extra node), the size the boot reserves.
 */
static void test_qemu_virt_default_dt(void **state)
{
	struct cmasim_machine *m = NULL;
	struct cms_fdt *t = NULL;

	(void)state;
	assert_int_equal(cmasim_machine_qemu_virt(4 * GiB, 2, &m), 0);
	assert_non_null(m->dtb);
	assert_int_equal(m->dtb_size, 0x8aa2);
	assert_int_equal(cms_fdt_read_blob(m->dtb, m->dtb_size, "virt", &t,
					   NULL, NULL), 0);
	assert_int_equal(t->nr_memory, 2);
	assert_int_equal(t->memory[0].reg.range[0].base, GiB);
	assert_int_equal(t->memory[0].reg.range[0].size, 2 * GiB);
	assert_int_equal(t->memory[1].reg.range[0].base, 3 * GiB);
	assert_int_equal(t->memory[1].nid, 1);
	assert_false(t->has_reserved_memory);
	cms_fdt_free(t);
	cmasim_machine_destroy(m);
}

/* Expect the pc's bounds on the virt machine too, *out untouched. */
static void test_qemu_virt_bad_input(void **state)
{
	static char sentinel;
	struct cmasim_machine *m = (struct cmasim_machine *)&sentinel;

	(void)state;
	assert_errno(cmasim_machine_qemu_virt(63 * MiB, 1, &m), -EINVAL);
	assert_errno(cmasim_machine_qemu_virt(GiB + 4096, 1, &m), -EINVAL);
	assert_errno(cmasim_machine_qemu_virt(GiB, 0, &m), -EINVAL);
	assert_errno(cmasim_machine_qemu_virt(8 * GiB, 65, &m), -EINVAL);
	assert_errno(cmasim_machine_qemu_virt(GiB, 1, NULL), -EINVAL);
	assert_ptr_equal(m, (struct cmasim_machine *)&sentinel);
}

/*
 *   BIOS gives: [1M, 1G) usable, [1G-2M, 1G) reserved (overlap)
 *   kernel prints (e820__update_table(), the higher type wins):
 *     [0x100000-0x3fdfffff] usable, [0x3fe00000-0x3fffffff] reserved
 * Expect the BIOS-e820 lines sanitised and last_pfn 0x3fe00.
 */
static void test_boot_e820_overlap_sanitised(void **state)
{
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_X86_64);
	struct cmasim *sim;

	assert_int_equal(cmasim_machine_add_e820(m, 0, 0x9fc00, RAM), 0);
	assert_int_equal(cmasim_machine_add_e820(m, MiB, GiB - MiB, RAM), 0);
	assert_int_equal(cmasim_machine_add_e820(m, GiB - 2 * MiB, 2 * MiB,
						 RES), 0);
	sim = boot(state, m, "");
	assert_true(tst_dmesg_has(sim, "BIOS-e820: [mem 0x0000000000100000-0x000000003fdfffff] usable"));
	assert_true(tst_dmesg_has(sim, "BIOS-e820: [mem 0x000000003fe00000-0x000000003fffffff] reserved"));
	assert_true(tst_dmesg_has(sim, "last_pfn = 0x3fe00 max_arch_pfn = 0x400000000"));
	tst_sim_free(sim);
	cmasim_machine_destroy(m);
}

/*
 *   BIOS gives: [1M, 512M) usable, [0, 640K) usable, [512M, 1G) usable
 *   kernel prints them sorted, touching usable entries merged:
 *     [0x0-0x9ffff] usable, [0x100000-0x3fffffff] usable
 * Expect the sanitised table (sorted and merged) in the BIOS-e820 lines.
 */
static void test_boot_e820_sorted_and_merged(void **state)
{
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_X86_64);
	struct cmasim *sim;

	assert_int_equal(cmasim_machine_add_e820(m, MiB, 511 * MiB, RAM), 0);
	assert_int_equal(cmasim_machine_add_e820(m, 0, 0xa0000, RAM), 0);
	assert_int_equal(cmasim_machine_add_e820(m, 512 * MiB, 512 * MiB,
						 RAM), 0);
	sim = boot(state, m, "");
	assert_string_equal(cmasim_dmesg_line(sim, 2, NULL),
			    "BIOS-e820: [mem 0x0000000000000000-0x000000000009ffff] usable");
	assert_string_equal(cmasim_dmesg_line(sim, 3, NULL),
			    "BIOS-e820: [mem 0x0000000000100000-0x000000003fffffff] usable");
	tst_sim_free(sim);
	cmasim_machine_destroy(m);
}

/*
 *   SRAT: node 0 [0, 512M), node 1 [256M, 1G)      (overlap)
 *   kernel: "node 0 [mem ...] overlaps with node 1 [mem ...]", the ACPI
 *   NUMA init fails, x86_numa_init() falls back to dummy_numa_init():
 *   "No NUMA configuration found", "Faking a node at [mem 0-...]"
 * Expect the boot to succeed with one faked node.
 */
static void test_boot_srat_overlap_fakes_a_node(void **state)
{
	struct cmasim_machine *m = pc(GiB, 1);
	struct cmasim *sim = tst_sim_new(NULL, tst_kernel_name(*state), NULL);

	assert_int_equal(cmasim_machine_add_numa_range(m, 0, 0, 512 * MiB), 0);
	assert_int_equal(cmasim_machine_add_numa_range(m, 1, 256 * MiB,
						       768 * MiB), 0);
	assert_int_equal(cmasim_boot(sim, m, ""), 0);
	assert_true(tst_dmesg_has(sim, "No NUMA configuration found"));
	assert_true(tst_dmesg_has(sim, "Faking a node at [mem 0x0000000000000000-0x000000003ffdffff]"));
	tst_sim_free(sim);
	cmasim_machine_destroy(m);
}

/*
 *   -m 2G, two nodes (s29): SeaBIOS adds an SRAT table and the DSDT grows
 *   FACP 0x7ffe1992 | DSDT 0x7ffe0040 +0x1952 | APIC 0x7ffe1a06 |
 *   HPET 0x7ffe1a7e | SRAT 0x7ffe1ab6 +0xe0 | WAET 0x7ffe1b96
 * Expect the two-node pc's ACPI table reservations of s29.
 */
static void test_qemu_pc_two_nodes_acpi_tables(void **state)
{
	struct cmasim_machine *m = pc(2 * GiB, 2);
	struct cmasim *sim = boot(state, m, "");

	assert_true(tst_dmesg_has(sim, "ACPI: Reserving FACP table memory at [mem 0x7ffe1992-0x7ffe1a05]"));
	assert_true(tst_dmesg_has(sim, "ACPI: Reserving DSDT table memory at [mem 0x7ffe0040-0x7ffe1991]"));
	assert_true(tst_dmesg_has(sim, "ACPI: Reserving APIC table memory at [mem 0x7ffe1a06-0x7ffe1a7d]"));
	assert_true(tst_dmesg_has(sim, "ACPI: Reserving HPET table memory at [mem 0x7ffe1a7e-0x7ffe1ab5]"));
	assert_true(tst_dmesg_has(sim, "ACPI: Reserving SRAT table memory at [mem 0x7ffe1ab6-0x7ffe1b95]"));
	assert_true(tst_dmesg_has(sim, "ACPI: Reserving WAET table memory at [mem 0x7ffe1b96-0x7ffe1bbd]"));
	tst_sim_free(sim);
	cmasim_machine_destroy(m);
}

/* ---- The qemu "pc" as the boot tests first described it ---- */

static void assert_e820(const struct cmasim_machine *m, size_t idx,
			uint64_t base, uint64_t last, unsigned int type)
{
	cmasim_phys_addr_t b, s;
	unsigned int t;

	assert_int_equal(cmasim_machine_e820(m, idx, &b, &s, &t), 0);
	assert_int_equal(b, base);
	assert_int_equal(b + s - 1, last);
	assert_int_equal(t, type);
}

/*
 *   0     640K  1M                     1G-128K 1G        4G-256K 4G
 *   [usable][r]  [usable..............][res]  ......... [res]
 * Expect the seven entries of the 1 GiB captures, in order.
 */
static void test_machine_qemu_pc_1g(void **state)
{
	struct cmasim_machine *m = pc(GiB, 1);

	assert_int_equal(cmasim_machine_nr_e820(m), 7);
	assert_e820(m, 0, 0, 0x9fbff, CMASIM_E820_RAM);
	assert_e820(m, 1, 0x9fc00, 0x9ffff, CMASIM_E820_RESERVED);
	assert_e820(m, 2, 0xf0000, 0xfffff, CMASIM_E820_RESERVED);
	assert_e820(m, 3, 0x100000, 0x3ffdffff, CMASIM_E820_RAM);
	assert_e820(m, 4, 0x3ffe0000, 0x3fffffff, CMASIM_E820_RESERVED);
	assert_e820(m, 5, 0xfffc0000, 0xffffffff, CMASIM_E820_RESERVED);
	assert_e820(m, 6, 0xfd00000000, 0xffffffffff, CMASIM_E820_RESERVED);
	assert_int_equal(cmasim_machine_nr_numa_ranges(m), 0);
	cmasim_machine_destroy(m);
}

/* Expect 4 GiB to keep 3 GiB below the PCI hole and 1 GiB above 4 GiB. */
static void test_machine_qemu_pc_4g(void **state)
{
	struct cmasim_machine *m = pc(4 * GiB, 1);

	assert_int_equal(cmasim_machine_nr_e820(m), 8);
	assert_e820(m, 3, 0x100000, 0xbffdffff, CMASIM_E820_RAM);
	assert_e820(m, 4, 0xbffe0000, 0xbfffffff, CMASIM_E820_RESERVED);
	assert_e820(m, 6, 0x100000000, 0x13fffffff, CMASIM_E820_RAM);
	cmasim_machine_destroy(m);
}

/* Expect 3 GiB (below 3.5 GiB) to stay entirely below 4 GiB. */
static void test_machine_qemu_pc_3g_stays_low(void **state)
{
	struct cmasim_machine *m = pc(3 * GiB, 1);

	assert_int_equal(cmasim_machine_nr_e820(m), 7);
	assert_e820(m, 3, 0x100000, 0xbffdffff, CMASIM_E820_RAM);
	cmasim_machine_destroy(m);
}

/* Expect qemu's SRAT for -numa with two 1 GiB nodes (the s29 captures). */
static void test_machine_qemu_pc_two_nodes_srat(void **state)
{
	struct cmasim_machine *m = pc(2 * GiB, 2);
	cmasim_phys_addr_t b, s;
	int nid;

	assert_int_equal(cmasim_machine_nr_numa_ranges(m), 3);
	assert_int_equal(cmasim_machine_numa_range(m, 0, &nid, &b, &s), 0);
	assert_int_equal(nid, 0);
	assert_int_equal(b, 0);
	assert_int_equal(s, 0xa0000);
	assert_int_equal(cmasim_machine_numa_range(m, 1, &nid, &b, &s), 0);
	assert_int_equal(nid, 0);
	assert_int_equal(b, 0x100000);
	assert_int_equal(b + s, 0x40000000);
	assert_int_equal(cmasim_machine_numa_range(m, 2, &nid, &b, &s), 0);
	assert_int_equal(nid, 1);
	assert_int_equal(b, 0x40000000);
	assert_int_equal(b + s, 0x80000000);
	assert_int_equal(cmasim_machine_numa_range(m, 3, &nid, &b, &s), -ERANGE);
	cmasim_machine_destroy(m);
}

/* Expect node 1 of 2x3 GiB to start at 4 GiB (the s48/s55 captures). */
static void test_machine_qemu_pc_two_nodes_above_4g(void **state)
{
	struct cmasim_machine *m = pc(6 * GiB, 2);
	cmasim_phys_addr_t b, s;
	int nid;

	assert_int_equal(cmasim_machine_nr_numa_ranges(m), 3);
	assert_int_equal(cmasim_machine_numa_range(m, 1, &nid, &b, &s), 0);
	assert_int_equal(b + s, 0xc0000000);
	assert_int_equal(cmasim_machine_numa_range(m, 2, &nid, &b, &s), 0);
	assert_int_equal(nid, 1);
	assert_int_equal(b, 0x100000000);
	assert_int_equal(b + s, 0x1c0000000);
	cmasim_machine_destroy(m);
}

/* Expect bad sizes and node counts refused with -EINVAL. */
static void test_machine_qemu_pc_invalid(void **state)
{
	struct cmasim_machine *m = NULL;

	assert_errno(cmasim_machine_qemu_pc(32 * MiB, 1, &m), -EINVAL);
	assert_errno(cmasim_machine_qemu_pc(GiB + 1, 1, &m), -EINVAL);
	assert_errno(cmasim_machine_qemu_pc(GiB, 0, &m), -EINVAL);
	assert_errno(cmasim_machine_qemu_pc(GiB, 65, &m), -EINVAL);
	assert_errno(cmasim_machine_qemu_pc(128 * MiB, 4, &m), -EINVAL);
	assert_errno(cmasim_machine_qemu_pc(GiB, 1, NULL), -EINVAL);
	assert_null(m);
}

/* Expect the default machine to be the 4 GiB pc; none for arm64. */
static void test_machine_default_is_the_4g_pc(void **state)
{
	struct cmasim_machine *m = NULL;

	assert_int_equal(cmasim_machine_qemu_pc(4 * CMS_SZ_1G, 1, &m), 0);
	assert_int_equal(cmasim_machine_get_arch(m), CMASIM_ARCH_X86_64);
	assert_int_equal(cmasim_machine_nr_e820(m), 8);
	assert_e820(m, 6, 0x100000000, 0x13fffffff, CMASIM_E820_RAM);
	assert_null(cmasim_machine_cmdline(m));
	assert_null(cmasim_machine_kernel_version(m));
	cmasim_machine_destroy(m);
}

/*
 * Appending to a machine's tables (cms_boot_grow) doubles their room when
 * it runs out: 100,000 appends reallocate 15 times, not 100,000 (which,
 * where realloc copies, as under valgrind and ASan, is quadratic).
 * Expect zeroed elements, room below twice the count, few reallocations.
 */
static void test_machine_grow_doubles(void **state)
{
	struct cms_e820_entry *arr = NULL, *e;
	size_t n = 0, cap = 0, grows = 0;

	(void)state;
	for (unsigned int i = 0; i < 100000; i++) {
		size_t before = cap;

		e = cms_boot_grow((void **)&arr, &n, &cap, sizeof(*arr));
		assert_non_null(e);
		assert_int_equal(e->addr | e->size | e->type, 0);
		e->addr = i;
		grows += cap != before;
	}
	assert_int_equal(n, 100000);
	assert_int_equal(arr[99999].addr, 99999);
	assert_true(cap >= n && cap < 2 * n);
	assert_true(grows <= 15);
	g_free(arr);
}

/* Expect the builders to refuse empty or wrapping ranges. */
static void test_machine_add_invalid(void **state)
{
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_X86_64);
	struct cmasim_machine_op op = { .kind = CMASIM_OP_MEMBLOCK_ADD };

	assert_errno(cmasim_machine_add_e820(m, 0, 0, 1), -EINVAL);
	assert_errno(cmasim_machine_add_e820(m, UINT64_MAX, 2, 1), -EINVAL);
	assert_errno(cmasim_machine_add_numa_range(m, -1, 0, 4096), -EINVAL);
	assert_errno(cmasim_machine_add_numa_range(m, 1024, 0, 4096), -EINVAL);
	assert_errno(cmasim_machine_add_reservation(m, 0, 4096, NULL, true),
		     -EINVAL);
	assert_errno(cmasim_machine_set_initrd(m, 0, 0), -EINVAL);
	assert_errno(cmasim_machine_add_op(m, &op), -EINVAL);
	op.kind = CMASIM_OP_LOG_LINE;
	assert_errno(cmasim_machine_add_op(m, &op), -EINVAL);
	op.text = "RAMDISK: [mem 0x0-0xfff]";
	assert_int_equal(cmasim_machine_add_op(m, &op), 0);
	assert_int_equal(cmasim_machine_nr_ops(m), 1);
	assert_null(cmasim_machine_new((enum cmasim_arch)CMASIM_ARCH_COUNT));
	cmasim_machine_destroy(m);
	cmasim_machine_destroy(NULL);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

static const struct CMUnitTest tests[] = {
	T(test_machine_new_is_empty),
	T(test_machine_new_unknown_arch),
	T(test_machine_add_e820_kept_as_given),
	T(test_machine_add_e820_overlap_accepted),
	T(test_machine_add_e820_bad_input),
	T(test_machine_add_numa_range_kept_as_given),
	T(test_machine_add_numa_range_bad_input),
	T(test_machine_add_reservation_copies_caller),
	T(test_machine_add_reservation_bad_input),
	T(test_machine_set_initrd),
	T(test_machine_set_dma_zone_limit),
	T(test_machine_set_kernel_image),
	T(test_machine_add_late_free),
	T(test_machine_add_op_kept),
	T(test_machine_add_op_bad_input),
	T(test_machine_log_getters),
	T(test_qemu_pc_512m),
	T(test_qemu_pc_3_5g_boundary),
	T(test_qemu_pc_3g_4g_5g),
	T(test_qemu_pc_two_nodes_2g),
	T(test_qemu_pc_two_nodes_6g),
	T(test_qemu_pc_two_nodes_straddle_pci_hole),
	T(test_qemu_pc_four_nodes),
	T(test_qemu_pc_bad_input),
	T(test_qemu_virt_2g),
	T(test_qemu_virt_nodes),
	T(test_qemu_virt_bad_input),
	T(test_qemu_virt_default_dt),
	T(test_machine_qemu_pc_1g),
	T(test_machine_qemu_pc_4g),
	T(test_machine_qemu_pc_3g_stays_low),
	T(test_machine_qemu_pc_two_nodes_srat),
	T(test_machine_qemu_pc_two_nodes_above_4g),
	T(test_machine_qemu_pc_invalid),
	T(test_machine_default_is_the_4g_pc),
	T(test_machine_add_invalid),
	T(test_machine_grow_doubles),
	T(test_boot_e820_overlap_sanitised),
	T(test_boot_e820_sorted_and_merged),
	T(test_boot_srat_overlap_fakes_a_node),
	T(test_qemu_pc_two_nodes_acpi_tables),
};

int main(void)
{
	return tst_run_per_version("machine", tests, NR_OF(tests));
}
