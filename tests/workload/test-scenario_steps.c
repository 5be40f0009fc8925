// SPDX-License-Identifier: GPL-2.0-only
/*
 * The step language of scenario files (lib/workload/scenario_steps.c):
 * a table of lines and the one error each gives ("FILE:LINE: ..."), as
 * libinput tests its parsers, then what the good lines parse into (verb,
 * arguments, guard, text, loop pairing).  The steps run in
 * test-scenario_run.c.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib.h>

#include "helpers.h"
#include "workload/scenario.h"

static void collect(const char *text, void *data)
{
	g_string_append(data, text);
}

/* Load "[steps]\n@line\n": the errors, or "" when it loads. */
static char *load_line(const char *line, int *ret)
{
	char *text = g_strdup_printf("[steps]\n%s\n", line);
	GString *err = g_string_new(NULL);
	struct cmasim_scenario *sc = NULL;

	*ret = cmasim_scenario_load_data(text, strlen(text), "t.scn", &sc,
					 collect, err);
	cmasim_scenario_destroy(sc);
	g_free(text);
	return g_string_free(err, FALSE);
}

/* clang-format off */
static const struct {
	const char *line;
	const char *error;	/* without "t.scn:2: " and the newline */
} bad_lines[] = {
	{ "frobnicate", "frobnicate: unknown step (expected alloc, free, pin, unpin, cache, random, fragment, cma_alloc, cma_release, device, dma_alloc, dma_free, drain, migrate_failure, sysctl, read, write, print, note, snapshot, trace, check, expect, loop or end)" },
	{ "[scenario]", "[scenario]: a group after [steps]: [steps] is the last group of a scenario" },
	{ "6.2: note \"x\"", "6.2: expected a kernel version (6.1, 6.12) or an arch (x86_64, arm64, ...) before ':'" },
	{ "6.1:", "expected a step after the guard 6.1:" },
	{ "note \"open", "a quote \" is not closed: expected \"TEXT\"" },
	{ "alloc", "alloc: expected the allocation's NAME" },
	{ "alloc a b", "alloc: unexpected word \"b\" (expected the allocation's NAME)" },
	{ "alloc a ordr=1", "alloc: unknown key ordr= (expected order, count, as, gfp, type, node)" },
	{ "alloc a order=x", "alloc: order=x: expected a number from 0 to 30" },
	{ "alloc a count=0", "alloc: count=0: expected a number above 0 or until-fail" },
	{ "alloc a as=user", "alloc: as=user: expected anon, clean-cache, dirty-cache or kernel" },
	{ "alloc a gfp=GFP_KERNEL type=movable", "alloc: gfp= and type= both say what to allocate: give one" },
	{ "alloc a gfp=GFP_BOGUS", "alloc: gfp=GFP_BOGUS: expected flags such as GFP_KERNEL|__GFP_DMA32; not understood: GFP_BOGUS" },
	{ "alloc a gfp=GFP_KERNEL|", "alloc: gfp=GFP_KERNEL|: expected flags such as GFP_KERNEL|__GFP_DMA32" },
	{ "alloc a type=huge", "alloc: type=huge: expected movable, unmovable or reclaimable" },
	{ "alloc a node=-1", "alloc: node=-1: expected a number from 0 to 1023" },
	{ "free", "free: expected the allocation's NAME" },
	{ "free a count=0", "free: count=0: expected a number above 0 or all" },
	{ "free a pick=middle", "free: pick=middle: expected oldest, newest, spread or random" },
	{ "pin a count=x", "pin: count=x: expected a number above 0 or all" },
	{ "cache a", "cache: expected NAME and clean, dirty or anon" },
	{ "cache a warm", "cache: warm: expected clean, dirty or anon" },
	{ "random r", "random: expected ops=N, the allocations to make" },
	{ "random r ops=0", "random: ops=0: expected a number from 1 to 10000000" },
	{ "random r ops=9 orders=0:1,40:1", "random: orders=0:1,40:1: expected up to 16 ORDER:WEIGHT pairs such as 0:70,3:20,9:10" },
	{ "random r ops=9 movable=101", "random: movable=101: expected a number from 0 to 100" },
	{ "random r ops=9 life=5-2", "random: life=5-2: expected MIN-MAX ops (1 or more, MIN <= MAX), N ops or forever" },
	{ "fragment f", "fragment: expected a target: index=FRACTION or free-pageblocks=N" },
	{ "fragment f index=0.9", "fragment: index= needs order=O, the order the index is taken at" },
	{ "fragment f order=9 index=1.5", "fragment: index=1.5: expected a fraction from 0 to 1 with at most 3 decimals, such as 0.9" },
	{ "fragment f order=9 index=0", "fragment: index=0: a target of 0 holds from the start" },
	{ "fragment f free-pageblocks=1 type=huge", "fragment: type=huge: expected movable, unmovable, reclaimable, highatomic or cma" },
	{ "cma_alloc b", "cma_alloc: expected area=AREA, the CMA area's name" },
	{ "cma_alloc b area=r", "cma_alloc: expected count=PAGES or size=BYTES (one of them)" },
	{ "cma_alloc b area=r count=1 size=4K", "cma_alloc: expected count=PAGES or size=BYTES (one of them)" },
	{ "cma_alloc b area=r size=0", "cma_alloc: size=0: expected a size in bytes such as 16M, 4K or 4096" },
	{ "cma_alloc b area=r count=1 align=64", "cma_alloc: align=64: expected a number from 0 to 63" },
	{ "cma_alloc b area=r count=1 fast", "cma_alloc: unexpected word \"fast\" (expected the allocation's NAME)" },
	{ "device d mask=65", "device: mask=65: expected a number from 1 to 64" },
	{ "dma_alloc x", "dma_alloc: expected dev=DEVICE, a device made by a device step" },
	{ "dma_alloc x dev=d", "dma_alloc: expected size=BYTES" },
	{ "drain now", "drain: unexpected word \"now\" (expected nothing after it)" },
	{ "migrate_failure ppm=2000000", "migrate_failure: ppm=2000000: expected a number from 0 to 1000000" },
	{ "sysctl vm.swappiness=1", "sysctl: unknown key vm.swappiness= (expected vm.min_free_kbytes, vm.watermark_scale_factor)" },
	{ "read proc/meminfo", "read: proc/meminfo: expected an absolute PATH such as /proc/buddyinfo" },
	{ "write /proc/x", "write: expected PATH VALUE, such as /sys/kernel/debug/cma/reserved/alloc 256" },
	{ "print slabinfo", "print: slabinfo: expected buddyinfo, pagetypeinfo, zoneinfo, meminfo, vmstat, dmesg, allocs, alloc NAME or a PATH" },
	{ "print alloc", "print: alloc: expected the allocation's NAME after it" },
	{ "snapshot a b", "snapshot: expected snapshot FILE" },
	{ "trace bogus on", "trace: bogus: no such event (expected all or an event such as cma_alloc_start, mm_page_alloc)" },
	{ "trace all maybe", "trace: maybe: expected on or off" },
	{ "expect", "expect: expected what to check: ret, value, stat, free, file, log, diag, blocks, pages, pinned, migrated, dropped or unusable" },
	{ "expect ret = 0", "expect: ret: expected ret OP VALUE, OP one of ==, !=, <, <=, >, >=, contains, lacks" },
	{ "expect ret == 0 1", "expect: ret: expected ret OP VALUE, OP one of ==, !=, <, <=, >, >=, contains, lacks" },
	{ "expect ret == x", "expect: x: expected a number, such as 0, 12 or -EBUSY" },
	{ "expect ret contains \"x\"", "expect: ret: contains is for text: expected ==, !=, <, <=, > or >=" },
	{ "expect file proc == 1", "expect: proc: expected an absolute PATH" },
	{ "expect file /proc/x < abc", "expect: abc: < compares numbers: expected a number" },
	{ "expect log == \"x\"", "expect: log: expected contains or lacks \"TEXT\"" },
	{ "expect stat == 1", "expect: expected the vmstat counter's NAME" },
	{ "expect unusable < 0.5", "expect: unusable: expected order=O" },
	{ "expect unusable order=9 < 2", "expect: 2: expected a fraction from 0 to 1 with at most 3 decimals, such as 0.9" },
	{ "expect unusable order=9 < 4111111111111111111111", "expect: 4111111111111111111111: expected a fraction from 0 to 1 with at most 3 decimals, such as 0.9" },
	{ "fragment f order=9 index=99999999999999999999.5", "fragment: index=99999999999999999999.5: expected a fraction from 0 to 1 with at most 3 decimals, such as 0.9" },
	{ "expect pages a out=r == 1", "expect: unknown key out= (expected in)" },
	{ "expect free >= 16Q", "expect: 16Q: expected a number or a size such as 16M" },
	{ "\"\"", "\"\": unknown step (expected alloc, free, pin, unpin, cache, random, fragment, cma_alloc, cma_release, device, dma_alloc, dma_free, drain, migrate_failure, sysctl, read, write, print, note, snapshot, trace, check, expect, loop or end)" },
	{ "\"\" a", "\"\": unknown step (expected alloc, free, pin, unpin, cache, random, fragment, cma_alloc, cma_release, device, dma_alloc, dma_free, drain, migrate_failure, sysctl, read, write, print, note, snapshot, trace, check, expect, loop or end)" },
	{ "loop", "loop: expected loop N" },
	{ "loop 0", "loop: N=0: expected a number from 1 to 100000" },
	{ "end", "end: no loop to end" },
	{ "loop 2", "loop: expected an end for this loop" },
	{ "end now", "end: expected end alone" },
};
/* clang-format on */

/* Expect each bad line to give exactly its one error, at line 2. */
static void test_steps_bad_lines_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < NR_OF(bad_lines); i++) {
		char *want = g_strdup_printf("t.scn:2: %s\n", bad_lines[i].error);
		int ret;
		char *got = load_line(bad_lines[i].line, &ret);

		if (strcmp(got, want))
			fail_msg("line \"%s\":\n  got  %s  want %s", bad_lines[i].line,
				 got, want);
		assert_errno(ret, -EINVAL);
		g_free(got);
		g_free(want);
	}
}

/* Every error of a scenario is reported, each at its own line. */
static void test_steps_every_error_reported(void **state)
{
	static const char text[] =
		"[steps]\n"
		"alloc a order=99\n"
		"# a comment\n"
		"\n"
		"free\n"
		"note \"fine\"\n"
		"bogus\n";
	GString *err = g_string_new(NULL);
	struct cmasim_scenario *sc = NULL;

	(void)state;
	assert_errno(cmasim_scenario_load_data(text, strlen(text), "s", &sc,
					       collect, err), -EINVAL);
	assert_null(sc);
	assert_string_equal(err->str,
		"s:2: alloc: order=99: expected a number from 0 to 30\n"
		"s:5: free: expected the allocation's NAME\n"
		"s:7: bogus: unknown step (expected alloc, free, pin, unpin, cache, random, fragment, cma_alloc, cma_release, device, dma_alloc, dma_free, drain, migrate_failure, sysctl, read, write, print, note, snapshot, trace, check, expect, loop or end)\n");
	g_string_free(err, TRUE);
}

static struct cmasim_scenario *load_ok(const char *text)
{
	GString *err = g_string_new(NULL);
	struct cmasim_scenario *sc = NULL;

	if (cmasim_scenario_load_data(text, strlen(text), "ok.scn", &sc,
				      collect, err))
		fail_msg("%s", err->str);
	g_string_free(err, TRUE);
	return sc;
}

static const struct sc_step *step(const struct cmasim_scenario *sc, guint i)
{
	assert_true(i < sc->steps->len);
	return g_ptr_array_index(sc->steps, i);
}

/* Expect the words of good lines in their fields; comments and guards
 * out of the step's text. */
static void test_steps_fields(void **state)
{
	struct cmasim_scenario *sc = load_ok(
		"[steps]\n"
		"alloc a order=3 count=until-fail as=dirty-cache gfp=GFP_HIGHUSER_MOVABLE|__GFP_COMP node=1 # fill\n"
		"6.1: free a count=5 pick=spread\n"
		"random r ops=100 orders=0:70,3:20,9 movable=80% life=10-200 node=0\n"
		"fragment f order=9 index=0.875 zone=Normal type=cma free-pageblocks=3\n"
		"cma_alloc c area=reserved size=16M align=8 nowarn\n"
		"dma_alloc d dev=gpu size=1M count=3 atomic\n"
		"expect ret == -EBUSY\n"
		"arm64: expect file /sys/kernel/debug/cma/reserved/used contains \"4 0\"\n"
		"expect pages a in=reserved >= 1M\n"
		"note \"two  spaces\"   and more\n");
	const struct sc_step *s;

	(void)state;
	assert_int_equal(sc->steps->len, 10);
	s = step(sc, 0);
	assert_int_equal(s->verb, SC_ALLOC);
	assert_int_equal(s->line, 2);
	assert_string_equal(s->name, "a");
	assert_int_equal(s->order, 3);
	assert_true(s->count == CMASIM_WORKLOAD_UNTIL_FAIL);
	assert_int_equal(s->owner, CMASIM_WORKLOAD_CACHE_DIRTY);
	assert_string_equal(s->gfp_text, "GFP_HIGHUSER_MOVABLE|__GFP_COMP");
	assert_int_equal(s->nid, 1);
	assert_string_equal(s->text, "alloc a order=3 count=until-fail as=dirty-cache gfp=GFP_HIGHUSER_MOVABLE|__GFP_COMP node=1");
	assert_null(s->guard);
	s = step(sc, 1);
	assert_string_equal(s->guard, "6.1");
	assert_string_equal(s->text, "free a count=5 pick=spread");
	assert_int_equal(s->count, 5);
	assert_int_equal(s->pick, CMASIM_PICK_SPREAD);
	s = step(sc, 2);
	assert_int_equal(s->rnd.ops, 100);
	assert_int_equal(s->rnd.nr_orders, 3);
	assert_int_equal(s->rnd.orders[2], 9);
	assert_int_equal(s->rnd.weights[0], 70);
	assert_int_equal(s->rnd.weights[2], 1);
	assert_int_equal(s->rnd.movable_percent, 80);
	assert_int_equal(s->rnd.life_min, 10);
	assert_int_equal(s->rnd.life_max, 200);
	assert_int_equal(s->rnd.nid, 0);
	s = step(sc, 3);
	assert_int_equal(s->frag.order, 9);
	assert_int_equal(s->frag.index_milli, 875);
	assert_int_equal(s->frag.free_pageblocks, 3);
	assert_int_equal(s->frag.migratetype, CMASIM_MIGRATE_CMA);
	assert_string_equal(s->zone, "Normal");
	s = step(sc, 4);
	assert_string_equal(s->area, "reserved");
	assert_true(s->size_given);
	assert_int_equal(s->size, 16 << 20);
	assert_int_equal(s->align, 8);
	assert_true(s->nowarn);
	s = step(sc, 5);
	assert_string_equal(s->dev, "gpu");
	assert_int_equal(s->count, 3);
	assert_true(s->atomic);
	assert_false(s->nowarn);
	s = step(sc, 6);
	assert_int_equal(s->ex.what, EX_RET);
	assert_int_equal(s->ex.op, OP_EQ);
	assert_int_equal(s->ex.num, -EBUSY);
	s = step(sc, 7);
	assert_string_equal(s->guard, "arm64");
	assert_int_equal(s->ex.what, EX_FILE);
	assert_int_equal(s->ex.op, OP_CONTAINS);
	assert_string_equal(s->ex.str, "4 0");
	assert_string_equal(s->text, "expect file /sys/kernel/debug/cma/reserved/used contains \"4 0\"");
	s = step(sc, 8);
	assert_int_equal(s->ex.what, EX_PAGES);
	assert_string_equal(s->ex.area, "reserved");
	assert_true(s->ex.bytes);
	assert_int_equal(s->ex.num, 1 << 20);
	assert_int_equal(s->ex.op, OP_GE);
	s = step(sc, 9);
	assert_string_equal(s->name, "two  spaces and more");
	cmasim_scenario_destroy(sc);
}

/* Expect each loop paired with its end, nested loops too. */
static void test_steps_loops_pair(void **state)
{
	struct cmasim_scenario *sc = load_ok(
		"[steps]\n"
		"loop 3\n"		/* 0 */
		"  alloc a\n"		/* 1 */
		"  loop 2\n"		/* 2 */
		"    free a count=1\n"	/* 3 */
		"  end\n"		/* 4 */
		"end\n"			/* 5 */
		"drain\n");		/* 6 */

	(void)state;
	assert_int_equal(step(sc, 0)->match, 5);
	assert_int_equal(step(sc, 5)->match, 0);
	assert_int_equal(step(sc, 2)->match, 4);
	assert_int_equal(step(sc, 4)->match, 2);
	assert_int_equal(step(sc, 0)->loop_count, 3);
	cmasim_scenario_destroy(sc);
}

/* Expect a scenario that would run more than the bounded number of steps
 * to be refused when it loads, naming the step that crosses the bound. */
static void test_steps_run_bound(void **state)
{
	int ret;
	char *got = load_line("loop 1000\nloop 101\ndrain\nend\nend", &ret);

	(void)state;
	assert_errno(ret, -EINVAL);
	assert_string_equal(got, "t.scn:4: drain: the scenario would run more than 100000 steps: make its loops shorter\n");
	g_free(got);
	got = load_line("loop 1000\nloop 100\ndrain\nend\nend", &ret);
	assert_errno(ret, 0);
	g_free(got);
}

/* Expect loops nested nine deep to be refused. */
static void test_steps_loop_depth(void **state)
{
	GString *t = g_string_new(NULL);
	int ret;
	char *got;

	(void)state;
	for (int i = 0; i < 9; i++)
		g_string_append(t, "loop 1\n");
	got = load_line(t->str, &ret);
	assert_errno(ret, -EINVAL);
	assert_string_equal(got, "t.scn:10: loop: loops nest at most 8 deep\n");
	g_free(got);
	g_string_free(t, TRUE);
}

/* Expect the number readers: decimal and 0x, ranges, signs. */
static void test_steps_numbers(void **state)
{
	uint64_t u = 0;
	int64_t s = 0;

	(void)state;
	assert_true(sc_parse_u64("0x10", 0, 100, &u));
	assert_int_equal(u, 16);
	assert_false(sc_parse_u64("101", 0, 100, &u));
	assert_false(sc_parse_u64("-1", 0, 100, &u));
	assert_false(sc_parse_u64("", 0, 100, &u));
	assert_false(sc_parse_u64("12x", 0, 100, &u));
	assert_false(sc_parse_u64("99999999999999999999", 0, UINT64_MAX, &u));
	assert_true(sc_parse_s64("-16", &s));
	assert_int_equal(s, -16);
	assert_true(sc_parse_s64("-9223372036854775808", &s));
	assert_true(s == INT64_MIN);
	assert_false(sc_parse_s64("9223372036854775808", &s));
	assert_string_equal(sc_errno_name(-EBUSY), "-EBUSY");
	assert_null(sc_errno_name(-12345));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_steps_bad_lines_table),
		cmocka_unit_test(test_steps_every_error_reported),
		cmocka_unit_test(test_steps_fields),
		cmocka_unit_test(test_steps_loops_pair),
		cmocka_unit_test(test_steps_run_bound),
		cmocka_unit_test(test_steps_loop_depth),
		cmocka_unit_test(test_steps_numbers),
	};

	return tst_run_tables("scenario_steps", tests, NR_OF(tests), NULL, 0);
}
