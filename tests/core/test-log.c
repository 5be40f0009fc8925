// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/core/log.c (the record store under it, printk_ringbuffer.c,
 * has core/test-printk_ringbuffer.c): the two channels (the simulated
 * dmesg and the simulator's diagnostics) that never mix, printk levels as
 * the kernel numbers them (KERN_ERR 3 ...
 * KERN_DEBUG 7), the per-file pr_fmt() prefix, messages split per line,
 * already formatted messages (cms_printk_text), the ring bounded by
 * 2^LOG_BUF_SHIFT bytes (Kconfig range 12..25,
 * default 17) dropping its oldest records, the user handler that sees
 * every message of both channels, and the public accessors
 * (cmasim_dmesg_print/_write/_line/_count/_clear, cmasim_diag_*).
 * Every table runs once per kernel version, on a fresh instance of it.
 */
#include "config.h"

#define pr_fmt(fmt) "tst: " fmt

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "core/instance.h"
#include "core/log.h"

#define NR_OF(a) (sizeof(a) / sizeof((a)[0]))

static int setup(void **state)
{
	return tst_setup_version(state);
}

static int teardown(void **state)
{
	return tst_teardown_checked(state);
}

/* A fresh instance of the group's version with @knob ("NAME=VALUE"). */
static struct cmasim *with_shift(void **state, const char *knob)
{
	return tst_sim_new(NULL, tst_kernel_name(*state), knob, NULL);
}

/* "rec 0007 ...": @n as a record of exactly @len characters. */
static void record_text(char *buf, size_t len, unsigned int n)
{
	int k = snprintf(buf, len + 1, "rec %04u ", n);

	memset(buf + k, 'x', len - (size_t)k);
	buf[len] = '\0';
}

/* ---- Channels ---- */

/*
 *   cms_printk --> [dmesg ring]      cms_diag --> [diag ring]
 * Expect a kernel message in dmesg only, with its level, and the
 * diagnostics untouched.
 */
static void test_printk_goes_to_dmesg_only(void **state)
{
	struct cmasim *sim = *state;
	int level = -1;

	cms_printk(sim, CMASIM_LOG_INFO, "hello %d", 42);
	assert_int_equal(cmasim_dmesg_count(sim), 1);
	assert_string_equal(cmasim_dmesg_line(sim, 0, &level), "hello 42");
	assert_int_equal(level, CMASIM_LOG_INFO);
	assert_int_equal(cmasim_diag_count(sim), 0);
}

/*
 *   cms_diag --> [diag ring]         dmesg: nothing
 * Expect a diagnostic in the diagnostics only, with its level.
 */
static void test_diag_goes_to_diag_only(void **state)
{
	struct cmasim *sim = *state;
	int level = -1;

	cms_diag(sim, CMASIM_LOG_WARNING, "note %s", "this");
	assert_int_equal(cmasim_diag_count(sim), 1);
	assert_string_equal(cmasim_diag_line(sim, 0, &level), "note this");
	assert_int_equal(level, CMASIM_LOG_WARNING);
	assert_int_equal(cmasim_dmesg_count(sim), 0);
}

/*
 *   cmasim_memblock_find_in_range_node(align 3) --> -EINVAL
 *       diag:  "client bug: ... align 0x3 is not a power of two"
 *       dmesg: nothing (the kernel prints nothing: it is not a kernel event)
 * Expect a caller's misuse reported on the diagnostics channel only.
 */
static void test_client_bug_is_a_diagnostic(void **state)
{
	struct cmasim *sim = *state;
	cmasim_phys_addr_t base = 0;
	int level = -1;

	assert_errno(cmasim_memblock_find_in_range_node(sim, 4096, 3, 0, 0,
							CMASIM_NUMA_NO_NODE,
							0, &base), -EINVAL);
	assert_int_equal(cmasim_dmesg_count(sim), 0);
	assert_int_equal(cmasim_diag_count(sim), 1);
	assert_non_null(strstr(cmasim_diag_line(sim, 0, &level),
			       "client bug: memblock_find_in_range_node(): align 0x3 is not a power of two"));
	assert_int_equal(level, CMASIM_LOG_ERR);
}

/*
 *   memblock=debug on: "memblock_reserve: [...] cmasim_memblock_reserve"
 *   in dmesg; the diagnostics stay empty
 * Expect a kernel debug line of a public call in dmesg only.
 */
static void test_kernel_line_of_a_call_in_dmesg_only(void **state)
{
	struct cmasim *sim = *state;

	assert_int_equal(cmasim_memblock_set_debug(sim, true), 0);
	assert_int_equal(cmasim_memblock_reserve(sim, 0x100000, 0x1000), 0);
	assert_int_equal(cmasim_dmesg_count(sim), 1);
	assert_string_equal(cmasim_dmesg_line(sim, 0, NULL),
			    "memblock_reserve: [0x0000000000100000-0x0000000000100fff] cmasim_memblock_reserve");
	assert_int_equal(cmasim_diag_count(sim), 0);
}

/* ---- Levels and prefixes ---- */

/*
 *   pr_err 3 | pr_warn 4 | pr_notice 5 | pr_info 6 | pr_debug 7
 * Expect each helper at the kernel's level, the file's pr_fmt() prefix
 * on each, and pr_debug only when the file is built with DEBUG.
 */
static void test_levels_and_pr_fmt(void **state)
{
	static const struct {
		const char *text;
		int level;
	} want[] = {
		{ "tst: err 1", CMASIM_LOG_ERR },
		{ "tst: warn 2", CMASIM_LOG_WARNING },
		{ "tst: notice 3", CMASIM_LOG_NOTICE },
		{ "tst: info 4", CMASIM_LOG_INFO },
		{ "tst: debug 5", CMASIM_LOG_DEBUG },
		{ "raw emerg", CMASIM_LOG_EMERG },
	};
	struct cmasim *sim = *state;

	cms_pr_err(sim, "err %d", 1);
	cms_pr_warn(sim, "warn %d", 2);
	cms_pr_notice(sim, "notice %d", 3);
	cms_pr_info(sim, "info %d", 4);
	cms_pr_debug_if(sim, true, "debug %d", 5);
	cms_pr_debug_if(sim, false, "debug %d", 6);
	cms_printk(sim, CMASIM_LOG_EMERG, "raw emerg");
	assert_int_equal(cmasim_dmesg_count(sim), NR_OF(want));
	for (size_t i = 0; i < NR_OF(want); i++) {
		int level = -1;

		assert_string_equal(cmasim_dmesg_line(sim, i, &level),
				    want[i].text);
		assert_int_equal(level, want[i].level);
	}
	assert_int_equal(CMASIM_LOG_EMERG, 0);
	assert_int_equal(CMASIM_LOG_DEBUG, 7);
}

/*
 *   client bug -> ERR (3)   cmasim bug -> CRIT (2)   explanation -> INFO (6)
 * Expect the three kinds of diagnostics with their documented prefixes
 * and levels, and none of them in dmesg.
 */
static void test_diag_kinds(void **state)
{
	struct cmasim *sim = *state;
	int level = -1;

	cms_client_bug(sim, "bad %s", "input");
	cms_sim_bug(sim, "broken %d", 7);
	cms_explain(sim, "because %s", "so");
	assert_int_equal(cmasim_diag_count(sim), 3);
	assert_string_equal(cmasim_diag_line(sim, 0, &level),
			    "client bug: bad input");
	assert_int_equal(level, CMASIM_LOG_ERR);
	assert_string_equal(cmasim_diag_line(sim, 1, &level),
			    "cmasim bug: broken 7");
	assert_int_equal(level, CMASIM_LOG_CRIT);
	assert_string_equal(cmasim_diag_line(sim, 2, &level), "because so");
	assert_int_equal(level, CMASIM_LOG_INFO);
	assert_int_equal(cmasim_dmesg_count(sim), 0);
}

/*
 *   "Kernel command line: ..."   pr_notice (init/main.c) -> 5
 *   "cma: Reserved 64 MiB ..."   pr_info (mm/cma.c)       -> 6
 *   "e820: update [mem ...]"     KERN_DEBUG (e820.c)     -> 7
 * Expect a booted machine's kernel lines at their kernel levels.
 */
static void test_boot_lines_levels(void **state)
{
	struct cmasim *sim = tst_boot_pc(tst_kernel_name(*state),
					 UINT64_C(1) << 30, 1, "cma=64M", NULL);
	long k = tst_dmesg_find(sim, "Kernel command line: cma=64M");
	long c = tst_dmesg_find(sim, "e820: update [mem 0x00000000-0x00000fff] usable ==> reserved");
	int level = -1;

	assert_true(k >= 0);
	assert_non_null(cmasim_dmesg_line(sim, (size_t)k, &level));
	assert_int_equal(level, CMASIM_LOG_NOTICE);
	assert_true(c >= 0);
	assert_non_null(cmasim_dmesg_line(sim, (size_t)c, &level));
	assert_int_equal(level, CMASIM_LOG_DEBUG);
	for (size_t i = 0; i < cmasim_dmesg_count(sim); i++) {
		const char *l = cmasim_dmesg_line(sim, i, &level);

		if (!strncmp(l, "cma: Reserved 64 MiB at ", 24))
			assert_int_equal(level, CMASIM_LOG_INFO);
	}
	tst_sim_free(sim);
}

/* ---- Lines ---- */

/*
 *   printk("first\nsecond\nthird\n") --> "first" | "second" | "third"
 * Expect one record per line, each at the message's level, and no empty
 * record for the final newline.
 */
static void test_multiline_split_per_line(void **state)
{
	struct cmasim *sim = *state;
	int level = -1;

	cms_printk(sim, CMASIM_LOG_WARNING, "first\nsecond\nthird\n");
	assert_int_equal(cmasim_dmesg_count(sim), 3);
	assert_string_equal(cmasim_dmesg_line(sim, 0, &level), "first");
	assert_int_equal(level, CMASIM_LOG_WARNING);
	assert_string_equal(cmasim_dmesg_line(sim, 1, &level), "second");
	assert_int_equal(level, CMASIM_LOG_WARNING);
	assert_string_equal(cmasim_dmesg_line(sim, 2, &level), "third");
	assert_int_equal(level, CMASIM_LOG_WARNING);
	assert_null(cmasim_dmesg_line(sim, 3, NULL));
}

/*
 *   "a\n\nb" --> "a" | "" | "b"       "tail\n" --> "tail"
 * Expect an empty line kept in the middle, a final newline dropped, and
 * the same rule on the diagnostics channel.
 */
static void test_multiline_empty_middle_line(void **state)
{
	struct cmasim *sim = *state;

	cms_printk(sim, CMASIM_LOG_INFO, "a\n\nb");
	cms_printk(sim, CMASIM_LOG_INFO, "tail\n");
	assert_int_equal(cmasim_dmesg_count(sim), 4);
	assert_string_equal(cmasim_dmesg_line(sim, 0, NULL), "a");
	assert_string_equal(cmasim_dmesg_line(sim, 1, NULL), "");
	assert_string_equal(cmasim_dmesg_line(sim, 2, NULL), "b");
	assert_string_equal(cmasim_dmesg_line(sim, 3, NULL), "tail");
	cms_diag(sim, CMASIM_LOG_INFO, "x\ny\n");
	assert_int_equal(cmasim_diag_count(sim), 2);
	assert_string_equal(cmasim_diag_line(sim, 0, NULL), "x");
	assert_string_equal(cmasim_diag_line(sim, 1, NULL), "y");
}

/*
 *   cms_printk_text("one")          --> "one"
 *   cms_printk_text("x\ny\n")        --> "x" | "y"
 *   cms_printk_text("")             --> ""
 *   cms_printk("%s", 600 characters) --> one record of 600
 * Expect an already formatted message to make the records
 * cms_printk(sim, level, "%s", text) makes, at its level, and a message
 * longer than the formatting buffer on the stack to be kept whole.
 */
static void test_printk_text_same_records(void **state)
{
	struct cmasim *sim = *state;
	char big[601];
	int level = -1;

	cms_printk_text(sim, CMASIM_LOG_NOTICE, "one");
	cms_printk_text(sim, CMASIM_LOG_INFO, "x\ny\n");
	cms_printk_text(sim, CMASIM_LOG_INFO, "");
	record_text(big, 600, 7);
	cms_printk(sim, CMASIM_LOG_INFO, "%s", big);
	assert_int_equal(cmasim_dmesg_count(sim), 5);
	assert_string_equal(cmasim_dmesg_line(sim, 0, &level), "one");
	assert_int_equal(level, CMASIM_LOG_NOTICE);
	assert_string_equal(cmasim_dmesg_line(sim, 1, NULL), "x");
	assert_string_equal(cmasim_dmesg_line(sim, 2, NULL), "y");
	assert_string_equal(cmasim_dmesg_line(sim, 3, NULL), "");
	assert_string_equal(cmasim_dmesg_line(sim, 4, NULL), big);
	assert_int_equal(cmasim_diag_count(sim), 0);
}

/* ---- The ring and LOG_BUF_SHIFT ---- */

/*
 *   LOG_BUF_SHIFT 12 = 4096 bytes; 200 records of 56 characters
 *   [rec 0000 ... dropped ... | rec k ... rec 0199]
 *                               ^ oldest kept     ^ newest
 * Expect the ring to drop its oldest records: what is kept is the newest
 * run, in order, ending with the last record, with no more than 4096
 * bytes of text.
 */
static void test_ring_drops_oldest_records(void **state)
{
	struct cmasim *sim = with_shift(state, "LOG_BUF_SHIFT=12");
	char text[57];
	size_t n, bytes = 0;
	unsigned int first;

	for (unsigned int i = 0; i < 200; i++) {
		record_text(text, 56, i);
		cms_printk(sim, CMASIM_LOG_INFO, "%s", text);
	}
	n = cmasim_dmesg_count(sim);
	assert_in_range(n, 1, 199);
	first = 200 - (unsigned int)n;
	for (size_t i = 0; i < n; i++) {
		record_text(text, 56, first + (unsigned int)i);
		assert_string_equal(cmasim_dmesg_line(sim, i, NULL), text);
		bytes += strlen(text);
	}
	assert_true(bytes <= 4096);
	tst_sim_free(sim);
}

/*
 *   LOG_BUF_SHIFT 17 (default) = 128 KiB: a whole boot with memblock=debug
 *   [Command line: ... | ... | Kernel command line: ... | Memory: ...]
 * Expect nothing of a 1 GiB boot dropped (the real boot's dmesg, s04,
 * still begins with its first line): the first record is the first line.
 */
static void test_ring_default_holds_a_boot(void **state)
{
	struct cmasim *sim = tst_boot_pc(tst_kernel_name(*state),
					 UINT64_C(1) << 30, 1,
					 "memblock=debug cma=64M", NULL);
	int64_t shift = 0;

	assert_int_equal(cmasim_get_knob(sim, "LOG_BUF_SHIFT", &shift), 0);
	assert_int_equal(shift, 17);
	assert_true(cmasim_dmesg_count(sim) > 150);
	assert_string_equal(cmasim_dmesg_line(sim, 0, NULL),
			    "Command line: memblock=debug cma=64M");
	tst_sim_free(sim);
}

/*
 *   LOG_BUF_SHIFT: Kconfig "range 12 25"
 * Expect 12 and 25 accepted, 11 and 26 refused with -EINVAL.
 */
static void test_log_buf_shift_range(void **state)
{
	struct cmasim_config *cfg = cmasim_config_new();

	(void)state;
	assert_non_null(cfg);
	assert_int_equal(cmasim_config_set(cfg, "LOG_BUF_SHIFT", "12"), 0);
	assert_int_equal(cmasim_config_set(cfg, "LOG_BUF_SHIFT", "25"), 0);
	assert_errno(cmasim_config_set(cfg, "LOG_BUF_SHIFT", "11"), -EINVAL);
	assert_errno(cmasim_config_set(cfg, "LOG_BUF_SHIFT", "26"), -EINVAL);
	cmasim_config_destroy(cfg);
}

/* ---- Channels and ring through one instance ---- */

static int handler_calls[2];

static void count_handler(enum cmasim_log_channel ch, int level,
			  const char *text, void *data)
{
	handler_calls[ch]++;
}

/* Expect dmesg and diagnostics to stay apart, and the handler to see both. */
static void test_log_channels_are_separate(void **state)
{
	struct cmasim_config *cfg = cmasim_config_new();
	struct cmasim *sim;

	memset(handler_calls, 0, sizeof(handler_calls));
	assert_int_equal(cmasim_config_set_kernel(cfg, tst_kernel_name(*state)),
			 0);
	cmasim_config_set_log_handler(cfg, count_handler, NULL);
	assert_int_equal(cmasim_create(cfg, &sim), 0);
	cms_printk(sim, CMASIM_LOG_INFO, "cma: one\ncma: two\n");
	cms_client_bug(sim, "bad input %d", 7);
	assert_int_equal(cmasim_dmesg_count(sim), 2);
	assert_string_equal(cmasim_dmesg_line(sim, 1, NULL), "cma: two");
	assert_int_equal(cmasim_diag_count(sim), 1);
	assert_string_equal(cmasim_diag_line(sim, 0, NULL), "client bug: bad input 7");
	assert_int_equal(handler_calls[CMASIM_CHANNEL_DMESG], 2);
	assert_int_equal(handler_calls[CMASIM_CHANNEL_DIAG], 1);
	cmasim_dmesg_clear(sim);
	assert_int_equal(cmasim_dmesg_count(sim), 0);
	cmasim_destroy(sim);
	cmasim_config_destroy(cfg);
}

/*
 *   LOG_BUF_SHIFT 12: "message number 0042" (19 characters) reserves
 *   19 + 4 bytes (level prefix, newline, NUL): blocks of ALIGN(8 + 23, 8)
 *   = 32.  128 fill a lap, but a block that would end at the ring's end
 *   goes to the next lap (get_next_lpos), pushing one more out: 127.
 * Expect the newest 127 of 1000 messages, with their level.
 */
static void test_ring_drops_oldest_exact_count(void **state)
{
	struct cmasim *sim = with_shift(state, "LOG_BUF_SHIFT=12");
	int level;

	for (int i = 0; i < 1000; i++)
		cms_printk(sim, CMASIM_LOG_WARNING, "message number %04d", i);
	assert_int_equal(cmasim_dmesg_count(sim), 127);
	assert_string_equal(cmasim_dmesg_line(sim, 126, &level), "message number 0999");
	assert_int_equal(level, CMASIM_LOG_WARNING);
	assert_string_equal(cmasim_dmesg_line(sim, 0, NULL), "message number 0873");
	assert_null(cmasim_dmesg_line(sim, 127, NULL));
	tst_sim_free(sim);
}

/* ---- The user's handler ---- */

struct seen {
	unsigned int n;
	enum cmasim_log_channel channel[16];
	int level[16];
	char text[16][64];
	unsigned int dmesg, diag;
};

static void handler(enum cmasim_log_channel channel, int level,
		    const char *text, void *data)
{
	struct seen *s = data;

	if (channel == CMASIM_CHANNEL_DMESG)
		s->dmesg++;
	else
		s->diag++;
	if (s->n < NR_OF(s->channel)) {
		s->channel[s->n] = channel;
		s->level[s->n] = level;
		snprintf(s->text[s->n], sizeof(s->text[0]), "%s", text);
	}
	s->n++;
}

static struct cmasim *with_handler(void **state, struct seen *s,
				   const char *knob)
{
	struct cmasim_config *cfg = cmasim_config_new();
	struct cmasim *sim = NULL;

	assert_non_null(cfg);
	assert_int_equal(cmasim_config_set_kernel(cfg, tst_kernel_name(*state)),
			 0);
	if (knob)
		assert_int_equal(cmasim_config_set(cfg, "LOG_BUF_SHIFT", knob),
				 0);
	cmasim_config_set_log_handler(cfg, handler, s);
	assert_int_equal(cmasim_create(cfg, &sim), 0);
	cmasim_config_destroy(cfg);
	return sim;
}

/*
 *   printk "k1" | diag "d1\nd2" | printk "k2"
 *   handler: (DMESG,6,"k1") (DIAG,4,"d1") (DIAG,4,"d2") (DMESG,3,"k2")
 * Expect the handler to see every line of both channels, in order, with
 * its channel and level.
 */
static void test_handler_sees_both_channels(void **state)
{
	struct seen s = { 0 };
	struct cmasim *sim = with_handler(state, &s, NULL);

	cms_printk(sim, CMASIM_LOG_INFO, "k1");
	cms_diag(sim, CMASIM_LOG_WARNING, "d1\nd2");
	cms_printk(sim, CMASIM_LOG_ERR, "k2");
	assert_int_equal(s.n, 4);
	assert_int_equal(s.channel[0], CMASIM_CHANNEL_DMESG);
	assert_int_equal(s.level[0], CMASIM_LOG_INFO);
	assert_string_equal(s.text[0], "k1");
	assert_int_equal(s.channel[1], CMASIM_CHANNEL_DIAG);
	assert_int_equal(s.level[1], CMASIM_LOG_WARNING);
	assert_string_equal(s.text[1], "d1");
	assert_int_equal(s.channel[2], CMASIM_CHANNEL_DIAG);
	assert_string_equal(s.text[2], "d2");
	assert_int_equal(s.channel[3], CMASIM_CHANNEL_DMESG);
	assert_int_equal(s.level[3], CMASIM_LOG_ERR);
	assert_string_equal(s.text[3], "k2");
	assert_int_equal(cmasim_dmesg_count(sim), 2);
	assert_int_equal(cmasim_diag_count(sim), 2);
	tst_sim_free(sim);
}

/*
 *   LOG_BUF_SHIFT 12, 300 records: ring [....kept....]  handler: all 300
 * Expect the handler (the console) to see records the ring drops.
 */
static void test_handler_sees_dropped_records(void **state)
{
	struct seen s = { 0 };
	struct cmasim *sim = with_handler(state, &s, "12");
	char text[57];

	for (unsigned int i = 0; i < 300; i++) {
		record_text(text, 56, i);
		cms_printk(sim, CMASIM_LOG_INFO, "%s", text);
	}
	assert_int_equal(s.dmesg, 300);
	assert_int_equal(s.diag, 0);
	assert_true(cmasim_dmesg_count(sim) < 300);
	tst_sim_free(sim);
}

/*
 *   handler installed in the config --> sees the boot from "Command line:"
 * Expect the handler to see a whole boot, line for line as the ring
 * keeps it (nothing is dropped at the default size).
 */
static void test_handler_sees_a_boot(void **state)
{
	struct seen s = { 0 };
	struct cmasim *sim = with_handler(state, &s, NULL);
	struct cmasim_machine *m = NULL;

	assert_int_equal(cmasim_machine_qemu_pc(UINT64_C(1) << 30, 1, &m), 0);
	assert_int_equal(cmasim_boot(sim, m, "cma=64M"), 0);
	cmasim_machine_destroy(m);
	assert_int_equal(s.dmesg, cmasim_dmesg_count(sim));
	assert_int_equal(s.diag, cmasim_diag_count(sim));
	assert_string_equal(s.text[0], "Command line: cma=64M");
	tst_sim_free(sim);
}

/* ---- Public accessors ---- */

static void collect(const char *text, void *data)
{
	char *buf = data;

	strncat(buf, text, 4095 - strlen(buf));
}

/*
 *   ring: "one" "two" "three"  -->  "one\ntwo\nthree\n"
 * Expect cmasim_dmesg_print() and cmasim_dmesg_write() to give the same
 * text, one line per record, as `dmesg -t` prints it.
 */
static void test_dmesg_print_and_write(void **state)
{
	struct cmasim *sim = *state;
	char buf[4096] = "";
	char *mem = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&mem, &len);

	assert_non_null(fp);
	cms_printk(sim, CMASIM_LOG_INFO, "one\ntwo");
	cms_printk(sim, CMASIM_LOG_ERR, "three");
	cms_diag(sim, CMASIM_LOG_INFO, "not in dmesg");
	cmasim_dmesg_print(sim, fp);
	fclose(fp);
	assert_string_equal(mem, "one\ntwo\nthree\n");
	free(mem);
	cmasim_dmesg_write(sim, collect, buf);
	assert_string_equal(buf, "one\ntwo\nthree\n");
	buf[0] = '\0';
	cmasim_diag_write(sim, collect, buf);
	assert_string_equal(buf, "not in dmesg\n");
}

/*
 *   [0] [1] [2] | 3 = count -> NULL
 * Expect count to follow each record, NULL past the end with the level
 * left alone, and NULL for any index of an empty ring.
 */
static void test_dmesg_count_and_line_bounds(void **state)
{
	struct cmasim *sim = *state;
	int level = 99;

	assert_int_equal(cmasim_dmesg_count(sim), 0);
	assert_null(cmasim_dmesg_line(sim, 0, &level));
	assert_null(cmasim_diag_line(sim, 0, &level));
	assert_int_equal(level, 99);
	for (int i = 0; i < 3; i++) {
		cms_printk(sim, CMASIM_LOG_INFO, "line %d", i);
		assert_int_equal(cmasim_dmesg_count(sim), (size_t)i + 1);
	}
	assert_string_equal(cmasim_dmesg_line(sim, 2, NULL), "line 2");
	assert_null(cmasim_dmesg_line(sim, 3, &level));
	assert_null(cmasim_dmesg_line(sim, (size_t)-1, &level));
	assert_int_equal(level, 99);
}

/*
 *   dmesg -C: [a b c] -> []  then "d" is record 0; diagnostics stay
 * Expect cmasim_dmesg_clear() to empty the ring only.
 */
static void test_dmesg_clear(void **state)
{
	struct cmasim *sim = *state;
	char buf[4096] = "";

	cms_printk(sim, CMASIM_LOG_INFO, "a\nb\nc");
	cms_diag(sim, CMASIM_LOG_INFO, "kept");
	cmasim_dmesg_clear(sim);
	assert_int_equal(cmasim_dmesg_count(sim), 0);
	cmasim_dmesg_write(sim, collect, buf);
	assert_string_equal(buf, "");
	cms_printk(sim, CMASIM_LOG_INFO, "d");
	assert_int_equal(cmasim_dmesg_count(sim), 1);
	assert_string_equal(cmasim_dmesg_line(sim, 0, NULL), "d");
	assert_int_equal(cmasim_diag_count(sim), 1);
	assert_string_equal(cmasim_diag_line(sim, 0, NULL), "kept");
}

/*
 * The log calls crashed on NULL while their siblings returned -EINVAL.
 * Expect NULL and 0 from the getters, nothing from the void calls, and
 * the instance's rings untouched.
 */
static void test_log_null_arguments(void **state)
{
	struct cmasim *sim = *state;

	cms_printk(sim, CMASIM_LOG_INFO, "kept");
	assert_null(cmasim_diag_line(NULL, 0, NULL));
	assert_null(cmasim_dmesg_line(NULL, 0, NULL));
	assert_int_equal(cmasim_diag_count(NULL), 0);
	assert_int_equal(cmasim_dmesg_count(NULL), 0);
	cmasim_dmesg_print(sim, NULL);
	cmasim_dmesg_print(NULL, stdout);
	cmasim_dmesg_write(sim, NULL, NULL);
	cmasim_dmesg_write(NULL, collect, NULL);
	cmasim_diag_write(sim, NULL, NULL);
	cmasim_diag_write(NULL, NULL, NULL);
	cmasim_dmesg_clear(NULL);
	assert_int_equal(cmasim_dmesg_count(sim), 1);
	assert_string_equal(cmasim_dmesg_line(sim, 0, NULL), "kept");
}

/*
 *   kernel: data ring 2^12 bytes; vprintk_store() reserves the level
 *   prefix, the text, the newline and the NUL: 56 characters -> 60;
 *   to_blk_size(): ALIGN(8-byte id + 60, 8) = 72 bytes a block
 *   56 blocks = 4032 bytes; the 57th would cross the end of the ring, so
 *   it starts the next lap (get_next_lpos) and the ring keeps 56
 * Expect the newest 56 of 200 such records, rec 0144 the oldest.
 */
static void test_ring_kernel_record_cost(void **state)
{
	struct cmasim *sim = with_shift(state, "LOG_BUF_SHIFT=12");
	char text[57];

	for (unsigned int i = 0; i < 200; i++) {
		record_text(text, 56, i);
		cms_printk(sim, CMASIM_LOG_INFO, "%s", text);
	}
	assert_int_equal(cmasim_dmesg_count(sim), 56);
	record_text(text, 56, 144);
	assert_string_equal(cmasim_dmesg_line(sim, 0, NULL), text);
	tst_sim_free(sim);
}

/*
 *   kernel: 2^(LOG_BUF_SHIFT - PRB_AVGBITS) = 2^(12 - 5) = 128 descriptors
 *   300 one-character records (16 data bytes each) -> 128 kept
 * Expect the descriptor ring to bound the number of records, whatever
 * room the text ring has left.
 */
static void test_ring_descriptor_limit(void **state)
{
	struct cmasim *sim = with_shift(state, "LOG_BUF_SHIFT=12");

	for (unsigned int i = 0; i < 300; i++)
		cms_printk(sim, CMASIM_LOG_INFO, "%c", 'a' + i % 26);
	assert_int_equal(cmasim_dmesg_count(sim), 128);
	tst_sim_free(sim);
}

/*
 *   arch/x86/kernel/setup.c: printk(KERN_INFO "Command line: %s\n", ...)
 * Expect x86's first line at KERN_INFO (6).
 */
static void test_boot_command_line_level(void **state)
{
	struct cmasim *sim = tst_boot_pc(tst_kernel_name(*state),
					 UINT64_C(1) << 30, 1, "cma=64M", NULL);
	int level = -1;

	assert_string_equal(cmasim_dmesg_line(sim, 0, &level),
			    "Command line: cma=64M");
	assert_int_equal(level, CMASIM_LOG_INFO);
	tst_sim_free(sim);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

static const struct CMUnitTest tests[] = {
	T(test_printk_goes_to_dmesg_only),
	T(test_diag_goes_to_diag_only),
	T(test_client_bug_is_a_diagnostic),
	T(test_kernel_line_of_a_call_in_dmesg_only),
	T(test_levels_and_pr_fmt),
	T(test_diag_kinds),
	T(test_boot_lines_levels),
	T(test_multiline_split_per_line),
	T(test_multiline_empty_middle_line),
	T(test_printk_text_same_records),
	T(test_ring_drops_oldest_records),
	T(test_ring_default_holds_a_boot),
	T(test_log_buf_shift_range),
	T(test_handler_sees_both_channels),
	T(test_handler_sees_dropped_records),
	T(test_handler_sees_a_boot),
	T(test_dmesg_print_and_write),
	T(test_dmesg_count_and_line_bounds),
	T(test_dmesg_clear),
	T(test_log_null_arguments),
	T(test_log_channels_are_separate),
	T(test_ring_drops_oldest_exact_count),
	T(test_boot_command_line_level),
	T(test_ring_kernel_record_cost),
	T(test_ring_descriptor_limit),
};

int main(void)
{
	return tst_run_per_version("log", tests, NR_OF(tests));
}
