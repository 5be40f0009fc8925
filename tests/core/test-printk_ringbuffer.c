// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/core/printk_ringbuffer.c: the record store behind both
 * log channels.  Records (level, text) kept oldest first in a circular
 * array that grows, under a byte budget (text + NUL per record) that
 * drops the oldest records, as the kernel's ring overwrites them; the
 * texts are copied into chunks recycled as their records drop.  The
 * store is used directly, without an instance.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "core/printk_ringbuffer.h"

/* Store the record "rec%04d" (7 characters + NUL = 8 bytes) at @level. */
static void store(struct cms_log *log, int level, int i)
{
	char t[8];
	const char *kept;

	snprintf(t, sizeof(t), "rec%04d", i);
	kept = cms_log_store(log, level, t, 7);
	assert_string_equal(kept, t);
	assert_ptr_not_equal(kept, t);
}

/*
 *   max 32 bytes: "aaaaaaa" (8) x 4 fills it; the 5th drops the 1st
 *   head moves round the circular array; growth keeps the order
 * Expect the record store to keep the newest records in order as the
 * head wraps and the array grows, counting the dropped ones.
 */
static void test_ringbuffer_store_wraps_and_grows(void **state)
{
	struct cms_log log;
	int level = -1;

	(void)state;
	cms_log_init(&log, 32);
	for (int i = 0; i < 10; i++)
		store(&log, i, i);
	assert_int_equal(log.count, 4);
	assert_int_equal(log.dropped, 6);
	assert_int_equal(log.bytes, 32);
	assert_string_equal(cms_log_line(&log, 0, &level), "rec0006");
	assert_int_equal(level, 6);
	assert_string_equal(cms_log_line(&log, 3, &level), "rec0009");
	assert_int_equal(level, 9);
	assert_null(cms_log_line(&log, 4, &level));
	cms_log_fini(&log);

	/* a budget that keeps everything: 200 records grow the array */
	cms_log_init(&log, 1 << 20);
	for (int i = 0; i < 200; i++)
		store(&log, 0, i);
	assert_int_equal(log.count, 200);
	assert_int_equal(log.dropped, 0);
	for (int i = 0; i < 200; i++) {
		char want[8];

		snprintf(want, sizeof(want), "rec%04d", i);
		assert_string_equal(cms_log_line(&log, (size_t)i, NULL), want);
	}
	cms_log_clear(&log);
	assert_int_equal(log.count, 0);
	assert_int_equal(log.bytes, 0);
	cms_log_fini(&log);
}

/*
 *   cap 64 after the first store; a budget of 60 records (480 bytes)
 *   100 stores: head at 40, the 60 kept records wrap round the end
 *   then a budget raised past 64 records makes the array grow while
 *   the head is not 0:
 *   [rec0064 .. rec0099 | rec0040 .. rec0063]  ->  [rec0040 .. rec0099 ..]
 * Expect the growth to unroll the ring oldest first, head back at 0.
 */
static void test_ringbuffer_grows_while_wrapped(void **state)
{
	struct cms_log log;

	(void)state;
	cms_log_init(&log, 60 * 8);
	for (int i = 0; i < 100; i++)
		store(&log, 1, i);
	assert_int_equal(log.cap, 64);
	assert_int_equal(log.count, 60);
	assert_int_equal(log.head, 40);
	assert_int_equal(log.dropped, 40);
	log.max_bytes = 1 << 20;
	for (int i = 100; i < 110; i++)
		store(&log, 2, i);
	assert_int_equal(log.cap, 128);
	assert_int_equal(log.head, 0);
	assert_int_equal(log.count, 70);
	for (int i = 0; i < 70; i++) {
		char want[8];
		int level = 0;

		snprintf(want, sizeof(want), "rec%04d", 40 + i);
		assert_string_equal(cms_log_line(&log, (size_t)i, &level), want);
		assert_int_equal(level, 40 + i < 100 ? 1 : 2);
	}
	cms_log_fini(&log);
}

/*
 *   budget 16 bytes, one record of 40: nothing older to drop
 * Expect a record larger than the whole budget to be kept alone (the
 * store never loses the newest record), then dropped by the next one.
 */
static void test_ringbuffer_oversized_record_kept_alone(void **state)
{
	struct cms_log log;
	char big[41];

	(void)state;
	memset(big, 'x', 40);
	big[40] = '\0';
	cms_log_init(&log, 16);
	store(&log, 3, 0);
	cms_log_store(&log, 4, big, 40);
	assert_int_equal(log.count, 1);
	assert_int_equal(log.dropped, 1);
	assert_int_equal(log.bytes, 41);
	assert_int_equal(strlen(cms_log_line(&log, 0, NULL)), 40);
	store(&log, 5, 1);
	assert_int_equal(log.count, 1);
	assert_int_equal(log.dropped, 2);
	assert_int_equal(log.bytes, 8);
	assert_string_equal(cms_log_line(&log, 0, NULL), "rec0001");
	cms_log_fini(&log);
}

/*
 * Expect an empty store to have no line 0, a cleared store to take
 * records again from the start with its capacity kept, and fini to
 * leave nothing behind (valgrind checks the frees).
 */
static void test_ringbuffer_empty_clear_reuse(void **state)
{
	struct cms_log log;
	size_t cap;
	int level = 77;

	(void)state;
	cms_log_init(&log, 64);
	assert_null(cms_log_line(&log, 0, &level));
	assert_int_equal(level, 77);
	for (int i = 0; i < 5; i++)
		store(&log, i, i);
	cap = log.cap;
	cms_log_clear(&log);
	assert_null(cms_log_line(&log, 0, NULL));
	assert_int_equal(log.cap, cap);
	store(&log, 7, 42);
	assert_int_equal(log.count, 1);
	assert_int_equal(log.bytes, 8);
	assert_string_equal(cms_log_line(&log, 0, &level), "rec0042");
	assert_int_equal(level, 7);
	cms_log_fini(&log);
	assert_null(log.recs);
	assert_int_equal(log.cap, 0);
	assert_int_equal(log.count, 0);
}

/* The chunks of @log, first to last. */
static size_t chunks(const struct cms_log *log)
{
	size_t n = 0;

	for (const struct cms_log_chunk *c = log->first; c; c = c->next)
		n++;
	return n;
}

/*
 *   budget 4 KiB, 100000 records of 8 bytes: 800 KiB stored in all
 *   then one record of 40000 bytes, larger than a chunk, then small ones
 * Expect the texts to stay right while chunks are recycled as their
 * records drop (never more than two chunks for the budget), the huge
 * record to get a chunk of its own, and the small ones after it to
 * push it out and leave the store as before.
 */
static void test_ringbuffer_chunks_recycled(void **state)
{
	struct cms_log log;
	char *huge = malloc(40001);

	(void)state;
	assert_non_null(huge);
	cms_log_init(&log, 4096);
	for (int i = 0; i < 100000; i++) {
		store(&log, i & 7, i % 10000);
		assert_true(chunks(&log) <= 2);
	}
	assert_int_equal(log.count, 512);
	assert_int_equal(log.bytes, 4096);
	for (int i = 0; i < 512; i++) {
		char want[8];
		int level;

		snprintf(want, sizeof(want), "rec%04d", (100000 - 512 + i) % 10000);
		assert_string_equal(cms_log_line(&log, (size_t)i, &level), want);
		assert_int_equal(level, (100000 - 512 + i) & 7);
	}
	memset(huge, 'y', 40000);
	huge[40000] = '\0';
	cms_log_store(&log, 6, huge, 40000);
	assert_int_equal(log.count, 1);
	assert_string_equal(cms_log_line(&log, 0, NULL), huge);
	for (int i = 0; i < 600; i++)
		store(&log, 1, i);
	assert_int_equal(log.count, 512);
	assert_string_equal(cms_log_line(&log, 511, NULL), "rec0599");
	assert_true(chunks(&log) <= 2);
	free(huge);
	cms_log_fini(&log);
	assert_null(log.first);
	assert_null(log.spare);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ringbuffer_store_wraps_and_grows),
		cmocka_unit_test(test_ringbuffer_grows_while_wrapped),
		cmocka_unit_test(test_ringbuffer_oversized_record_kept_alone),
		cmocka_unit_test(test_ringbuffer_empty_clear_reuse),
		cmocka_unit_test(test_ringbuffer_chunks_recycled),
	};

	return cmocka_run_group_tests_name("printk_ringbuffer", tests, NULL,
					   NULL);
}
