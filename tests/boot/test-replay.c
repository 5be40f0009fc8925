// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/boot/replay.c: replaying a log's recorded memblock steps.
 * Whether a machine carries steps to replay at all (a log read without
 * memblock=debug has text lines only), the steps applied in order with
 * their callers, a "MEMBLOCK configuration:" dump resetting memblock to
 * its regions once, the stage marks that hand the boot back its own
 * work (the CMA reservation, the zones), the text lines re-emitted, and
 * a whole capture booted from its log ending with memblock as its last
 * dump shows it.  Machines are built with cmasim_machine_add_op().
 * A boot whose CMA areas lie elsewhere than the log's (another command
 * line) keeps them reserved through the dumps and leaves out the log's
 * frees inside them; a step that changes memblock's memory after the
 * zones were built is refused.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "core/instance.h"
#include "mm/memblock.h"
#include "boot/setup.h"

#define MiB (UINT64_C(1) << 20)

static void add(struct cmasim_machine *m, enum cmasim_machine_op_kind kind,
		uint64_t base, uint64_t size, const char *text)
{
	struct cmasim_machine_op op = {
		.kind = kind, .base = base, .size = size, .nid = -1,
		.text = text,
	};

	assert_int_equal(cmasim_machine_add_op(m, &op), 0);
}

/* A region of dump @dump: memory or reserved [base, base + size). */
static void add_state(struct cmasim_machine *m, unsigned int dump,
		      bool reserved, uint64_t base, uint64_t size, int nid)
{
	struct cmasim_machine_op op = {
		.kind = CMASIM_OP_MEMBLOCK_STATE, .base = base, .size = size,
		.nid = nid, .reserved = reserved, .dump = dump, .text = "",
	};

	assert_int_equal(cmasim_machine_add_op(m, &op), 0);
}

static struct cmasim_machine *machine(void)
{
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_X86_64);

	assert_non_null(m);
	return m;
}

static void region_is(struct cmasim *sim, enum cmasim_memblock_type t,
		      unsigned long i, uint64_t base, uint64_t size)
{
	struct cmasim_memblock_region r;

	assert_int_equal(cmasim_memblock_get_region(sim, t, i, &r), 0);
	if (r.base != base || r.size != size)
		fail_msg("%s[%lu] is [0x%llx +0x%llx], expected [0x%llx +0x%llx]",
			 t == CMASIM_MEMBLOCK_MEMORY ? "memory" : "reserved", i,
			 (unsigned long long)r.base, (unsigned long long)r.size,
			 (unsigned long long)base, (unsigned long long)size);
}

/*
 * Expect no replay for a machine without ops, or with text lines and
 * stage marks only (a log without memblock=debug), and a replay as soon
 * as one memblock step is recorded.
 */
static void test_replays_needs_a_memblock_step(void **state)
{
	struct cmasim_machine *m = machine();

	(void)state;
	assert_false(cms_boot_replays(m));
	add(m, CMASIM_OP_LOG_LINE, 0, 0, "last_pfn = 0x3ffe0 max_arch_pfn = 0x400000000");
	add(m, CMASIM_OP_STAGE, 0, 0, "dma_contiguous_reserve");
	assert_false(cms_boot_replays(m));
	add(m, CMASIM_OP_MEMBLOCK_RESERVE, 0xf5ba0, 0x10, "smp_scan_config+0xa7/0xff");
	assert_true(cms_boot_replays(m));
	cmasim_machine_destroy(m);
}

/*
 *   add [1M, 65M)  reserve [2M, 3M)  reserve [3M, 4M)  free [2M, 3M)
 *   remove [33M, 65M)  "a text line"  | stage |  reserve [8M, 9M)
 * Expect the steps before the stage applied in order with their callers
 * (memblock=debug prints them), the text line re-emitted, the replay
 * stopped after the stage mark, and the next stage's call to apply the
 * rest.
 */
static void test_replay_ops_in_order_up_to_a_stage(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_machine *m = machine();

	add(m, CMASIM_OP_MEMBLOCK_ADD, MiB, 64 * MiB, "e820__memblock_setup+0x65/0x7d");
	add(m, CMASIM_OP_MEMBLOCK_RESERVE, 2 * MiB, MiB, "setup_arch+0x797/0xd70");
	add(m, CMASIM_OP_MEMBLOCK_RESERVE, 3 * MiB, MiB, "setup_arch+0x7e0/0xd70");
	add(m, CMASIM_OP_MEMBLOCK_PHYS_FREE, 2 * MiB, MiB, "init_mem_mapping+0x22e/0x31f");
	add(m, CMASIM_OP_MEMBLOCK_REMOVE, 33 * MiB, 32 * MiB, "test");
	add(m, CMASIM_OP_LOG_LINE, 0, 0, "a text line");
	add(m, CMASIM_OP_STAGE, 0, 0, "dma_contiguous_reserve");
	add(m, CMASIM_OP_MEMBLOCK_RESERVE, 8 * MiB, MiB, "sparse_init+0x9f/0x23c");
	assert_int_equal(cmasim_memblock_set_debug(sim, true), 0);

	assert_int_equal(cms_boot_replay_ops(sim, m), 0);
	assert_int_equal(sim->boot->replay_pos, 7);
	assert_string_equal(cmasim_dmesg_line(sim, 0, NULL),
			    "memblock_add: [0x0000000000100000-0x00000000040fffff] e820__memblock_setup+0x65/0x7d");
	assert_string_equal(cmasim_dmesg_line(sim, 1, NULL),
			    "memblock_reserve: [0x0000000000200000-0x00000000002fffff] setup_arch+0x797/0xd70");
	assert_string_equal(cmasim_dmesg_line(sim, 3, NULL),
			    "memblock_phys_free: [0x0000000000200000-0x00000000002fffff] init_mem_mapping+0x22e/0x31f");
	assert_string_equal(cmasim_dmesg_line(sim, 5, NULL), "a text line");
	assert_int_equal(cmasim_dmesg_count(sim), 6);
	region_is(sim, CMASIM_MEMBLOCK_MEMORY, 0, MiB, 32 * MiB);
	assert_int_equal(cmasim_memblock_region_count(sim, CMASIM_MEMBLOCK_RESERVED), 1);
	region_is(sim, CMASIM_MEMBLOCK_RESERVED, 0, 3 * MiB, MiB);

	assert_int_equal(cms_boot_replay_stage(sim, m), 0);
	assert_int_equal(sim->boot->replay_pos, 8);
	region_is(sim, CMASIM_MEMBLOCK_RESERVED, 1, 8 * MiB, MiB);
	/* nothing left: a further stage does nothing */
	assert_int_equal(cms_boot_replay_stage(sim, m), 0);
	assert_int_equal(cmasim_dmesg_count(sim), 7);
	cmasim_machine_destroy(m);
}

/*
 *   before: memory [1M, 65M), reserved [2M, 3M) (made before
 *   memblock=debug, so the log never showed them)
 *   dump 1: memory [1M, 33M) on node 0, reserved [0, 64K) and [4M, 5M)
 * Expect the first region of dump 1 to reset memblock to the dump's
 * regions, silently, and the dump's other regions not to reset it again.
 */
static void test_replay_dump_resets_memblock_once(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_machine *m = machine();
	struct cmasim_memblock_region r;

	assert_int_equal(cms_memblock_add(sim, MiB, 64 * MiB, "test"), 0);
	assert_int_equal(cms_memblock_reserve(sim, 2 * MiB, MiB, "test"), 0);
	assert_int_equal(cmasim_memblock_set_debug(sim, true), 0);
	add(m, CMASIM_OP_LOG_LINE, 0, 0, "MEMBLOCK configuration:");
	add_state(m, 1, false, MiB, 32 * MiB, 0);
	add_state(m, 1, true, 0, 0x10000, -1);
	add_state(m, 1, true, 4 * MiB, MiB, -1);

	assert_int_equal(cms_boot_replay_ops(sim, m), 0);
	assert_int_equal(sim->boot->replay_dump, 1);
	assert_int_equal(cmasim_memblock_region_count(sim, CMASIM_MEMBLOCK_MEMORY), 1);
	assert_int_equal(cmasim_memblock_get_region(sim, CMASIM_MEMBLOCK_MEMORY,
						    0, &r), 0);
	assert_int_equal(r.base, MiB);
	assert_int_equal(r.size, 32 * MiB);
	assert_int_equal(r.nid, 0);
	assert_int_equal(cmasim_memblock_region_count(sim, CMASIM_MEMBLOCK_RESERVED), 2);
	region_is(sim, CMASIM_MEMBLOCK_RESERVED, 0, 0, 0x10000);
	region_is(sim, CMASIM_MEMBLOCK_RESERVED, 1, 4 * MiB, MiB);
	/* the reset is silent: only the dump's own line was printed */
	assert_int_equal(cmasim_dmesg_count(sim), 1);
	assert_true(sim->memblock->debug);
	cmasim_machine_destroy(m);
}

/*
 * The real 6.1 1 GiB boot (oracle/s04) booted from its own log: its
 * memblock steps are replayed in stages around the CMA reservation and
 * the zones.  Expect the boot to succeed, every recorded memblock step
 * of the log to appear in our dmesg in the log's order, and the CMA
 * area where the capture has it.
 */
static void test_replay_capture_steps_in_order(void **state)
{
	struct cmasim *sim = *state;
	char *text = tst_capture_text("oracle", "s04_m1g_cma64M");
	struct cmasim_machine *m = NULL;
	size_t next = 0, steps = 0;

	assert_non_null(text);
	assert_int_equal(cmasim_machine_from_log(text, strlen(text), &m, NULL,
						 NULL, NULL), 0);
	free(text);
	assert_true(cms_boot_replays(m));
	assert_int_equal(cmasim_boot(sim, m, NULL), 0);
	for (size_t i = 0; i < cmasim_machine_nr_ops(m); i++) {
		const struct cmasim_machine_op *op = cmasim_machine_op(m, i);
		char want[160];

		if (op->kind != CMASIM_OP_MEMBLOCK_RESERVE)
			continue;
		snprintf(want, sizeof(want), "memblock_reserve: [0x%016llx-0x%016llx] %s",
			 (unsigned long long)op->base,
			 (unsigned long long)(op->base + op->size - 1), op->text);
		while (next < cmasim_dmesg_count(sim) &&
		       strcmp(cmasim_dmesg_line(sim, next, NULL), want))
			next++;
		if (next == cmasim_dmesg_count(sim))
			fail_msg("log line %u missing or out of order: %s",
				 op->line, want);
		steps++;
	}
	assert_true(steps > 20);
	assert_true(tst_dmesg_has(sim, "cma: Reserved 64 MiB at 0x000000003be00000"));
	assert_int_equal(sim->boot->replay_pos, cmasim_machine_nr_ops(m));
	cmasim_machine_destroy(m);
}

/* tests/data/NAME read as a machine. */
static struct cmasim_machine *data_machine(const char *name)
{
	const char *src = getenv("CMASIM_SRCDIR");
	char *path = g_build_filename(src ? src : "..", "tests", "data", name,
				      NULL);
	struct cmasim_machine *m = NULL;

	assert_int_equal(cmasim_machine_from_log_file(path, &m, NULL, NULL,
						      NULL), 0);
	g_free(path);
	return m;
}

/*
 * The README's use: re-run a logged boot (memblock=debug) with another
 * command line.  s01 booted without CMA; with cma=64M this boot puts the
 * area at 0x1be00000, where the logged kernel later made allocations
 * (sparse memmap, hash tables) and memblock dumps that know no such
 * area.  Replayed as logged they handed the area's pages out twice and
 * broke the buddy lists.  Expect the boot to keep its area reserved
 * through the dumps, to leave out (and say so) the steps that land in
 * it, and a clean check; with the log's own command line nothing is
 * left out.
 */
static void test_boot_log_with_cma_moved(void **state)
{
	struct cmasim_machine *m = data_machine("s01-6.1-m512-memblock.log");
	struct cmasim *sim = tst_sim_new(NULL, "6.1", NULL);

	(void)state;
	assert_errno(cmasim_boot(sim, m, "console=ttyS0 memblock=debug cma=64M"),
		     0);
	assert_true(tst_dmesg_has(sim, "cma: Reserved 64 MiB at 0x000000001be00000"));
	assert_true(tst_diag_contains(sim, "inside this boot's CMA area at 0x1be00000: not replayed"));
	assert_true(cmasim_cma_total_pages(sim) == 16384);
	assert_int_equal(cmasim_check(sim), 0);
	tst_assert_pages_handed_out_once(sim);
	tst_sim_free(sim);

	sim = tst_sim_new(NULL, "6.1", NULL);
	assert_errno(cmasim_boot(sim, m, NULL), 0);
	assert_false(tst_diag_contains(sim, "not replayed"));
	assert_int_equal(cmasim_check(sim), 0);
	tst_sim_free(sim);
	cmasim_machine_destroy(m);
}

/*
 * A memblock dump after the CMA reservation that lacks this boot's area
 * (what the fuzzer made of an arm64 log: node ranges, a "cma:" line, a
 * dump of memory only).  The reset to the dump used to free the area's
 * reservation.  Expect the area kept reserved and a clean check.
 */
static void test_boot_log_dump_without_cma(void **state)
{
	static const char text[] =
		"Booting Linux on physical CPU 0x0\n"
		"Linux version 6.12.1 (x) #1\n"
		"Early memory node ranges\n"
		"  node   0: [mem 0x0000000040000000-0x00000000bfffffff]\n"
		"Zone ranges:\n"
		"cma: dma_contiguous_reserve(limit 100000000)\n"
		"MEMBLOCK configuration:\n"
		" memory[0x0]\t[0x0000000040000000-0x00000000bfffffff], 0x0000000080000000 bytes on node 0 flags: 0x0\n";
	struct cmasim_machine *m = NULL;
	struct cmasim *sim = tst_sim_new("arm64", "6.12", "CMA_SIZE_MBYTES=64",
					 NULL);

	(void)state;
	assert_int_equal(cmasim_machine_from_log(text, strlen(text), &m, NULL,
						 NULL, NULL), 0);
	assert_errno(cmasim_boot(sim, m, ""), 0);
	assert_true(cmasim_cma_total_pages(sim) == 16384);
	assert_int_equal(cmasim_check(sim), 0);
	tst_assert_pages_handed_out_once(sim);
	tst_sim_free(sim);
	cmasim_machine_destroy(m);
}

/*
 * The zones are sized on memblock's memory in free_area_init(); a dump
 * after the zone stage that shows 2 GiB where the zones were built on
 * 256 MiB cannot come from one boot, and replaying it handed pages
 * outside every zone to the buddy allocator.  Expect -EINVAL naming the
 * line, and a clean check.  (The same dump in an arm64 log right after
 * its bootmem_init() CMA lines comes before the zones: that boot builds
 * its zones on the 2 GiB and hands every page out once.)
 */
static void test_boot_log_memory_after_zones(void **state)
{
	static const char x86[] =
		"Linux version 6.12.1 (x) #1\n"
		"BIOS-e820: [mem 0x0000000000000000-0x000000000fffffff] usable\n"
		"memblock_add: [0x0000000000000000-0x000000000fffffff] x+0x0/0x1\n"
		"last_pfn = 0x10000 max_arch_pfn = 0x400000000\n"
		"cma: dma_contiguous_reserve(limit 100000000)\n"
		"Zone ranges:\n"
		"MEMBLOCK configuration:\n"
		" memory[0x0]\t[0x0000000000000000-0x000000007fffffff], 0x0000000080000000 bytes on node 0 flags: 0x0\n";
	static const char arm64[] =
		"Booting Linux on physical CPU 0x0\n"
		"Linux version 6.12.1 (x) #1\n"
		"memblock_add: [0x0000000040000000-0x000000004fffffff] x+0x0/0x1\n"
		"Early memory node ranges\n"
		"  node   0: [mem 0x0000000040000000-0x000000004fffffff]\n"
		"cma: dma_contiguous_reserve(limit 50000000)\n"
		"MEMBLOCK configuration:\n"
		" memory[0x0]\t[0x0000000040000000-0x00000000bfffffff], 0x0000000080000000 bytes on node 0 flags: 0x0\n";
	struct cmasim_machine *m = NULL;
	struct cmasim *sim = tst_sim_new(NULL, "6.12", NULL);

	(void)state;
	assert_int_equal(cmasim_machine_from_log(x86, strlen(x86), &m, NULL,
						 NULL, NULL), 0);
	assert_errno(cmasim_boot(sim, m, ""), -EINVAL);
	assert_true(tst_diag_contains(sim, "client bug: boot: log line 8 changes memblock's memory after the zones were built on it"));
	assert_int_equal(cmasim_check(sim), 0);
	tst_sim_free(sim);
	cmasim_machine_destroy(m);

	sim = tst_sim_new("arm64", "6.12", NULL);
	assert_int_equal(cmasim_machine_from_log(arm64, strlen(arm64), &m, NULL,
						 NULL, NULL), 0);
	assert_errno(cmasim_boot(sim, m, ""), 0);
	assert_int_equal(cmasim_check(sim), 0);
	tst_assert_pages_handed_out_once(sim);
	tst_sim_free(sim);
	cmasim_machine_destroy(m);
}

static int setup_61(void **state)
{
	*state = tst_sim_new(NULL, "6.1", "CMA_DEBUG=y", NULL);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replays_needs_a_memblock_step),
		cmocka_unit_test(test_boot_log_with_cma_moved),
		cmocka_unit_test(test_boot_log_dump_without_cma),
		cmocka_unit_test(test_boot_log_memory_after_zones),
	};
	const struct CMUnitTest capture[] = {
		cmocka_unit_test_setup_teardown(test_replay_capture_steps_in_order,
						setup_61, tst_teardown_checked),
	};
	const struct CMUnitTest per_version[] = {
		cmocka_unit_test_setup_teardown(test_replay_ops_in_order_up_to_a_stage,
						tst_setup_version,
						tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_replay_dump_resets_memblock_once,
						tst_setup_version,
						tst_teardown_checked),
	};
	static const struct tst_capture s04 = { "oracle", "s04_m1g_cma64M", 0, 0 };
	struct CMUnitTest plain[NR_OF(tests) + NR_OF(capture)];
	size_t np = NR_OF(tests);

	memcpy(plain, tests, sizeof(tests));
	if (tst_captures_present(&s04, 1)) {
		memcpy(plain + np, capture, sizeof(capture));
		np += NR_OF(capture);
	} else {
		printf("# capture replay left out: no captures under $CMASIM_SHARED\n");
	}
	return tst_run_groups("replay", plain, np, per_version,
			      NR_OF(per_version));
}
