// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/bitmap.c: the kernel's find_next_*, bitmap_set/clear,
 * bitmap_weight and bitmap_find_next_zero_area_off() with its exact
 * failure convention (index + nr).  Bit strings in the diagrams read
 * left to right from bit 0; '#' is set, '.' is clear.
 */
#include "config.h"

#include <string.h>

#include "helpers.h"
#include "core/bitmap.h"

#define NWORDS 8	/* 512 bits */

/* Fill @map from a diagram string ('#' set, anything else clear). */
static void from_string(uint64_t *map, const char *s)
{
	memset(map, 0, NWORDS * sizeof(*map));
	for (uint64_t i = 0; s[i]; i++)
		if (s[i] == '#')
			cms_bitmap_set(map, i, 1);
}

/* ---- find_next_bit / find_next_zero_bit ---- */

/* ..#.....#   Expect the set bits at 2 and 8, then size (9) at the end. */
static void test_find_next_bit_basic(void **state)
{
	uint64_t map[NWORDS];

	(void)state;
	from_string(map, "..#.....#");
	assert_int_equal(cms_find_next_bit(map, 9, 0), 2);
	assert_int_equal(cms_find_next_bit(map, 9, 2), 2);
	assert_int_equal(cms_find_next_bit(map, 9, 3), 8);
	assert_int_equal(cms_find_next_bit(map, 8, 3), 8);
	assert_int_equal(cms_find_next_bit(map, 9, 9), 9);
	assert_int_equal(cms_find_next_bit(map, 9, 100), 9);
}

/* A bit set past @size must not be found: Expect size. */
static void test_find_next_bit_ignores_bits_past_size(void **state)
{
	uint64_t map[NWORDS] = { 0 };

	(void)state;
	cms_bitmap_set(map, 70, 1);
	assert_int_equal(cms_find_next_bit(map, 70, 0), 70);
	assert_int_equal(cms_find_next_bit(map, 65, 0), 65);
	assert_int_equal(cms_find_next_bit(map, 71, 0), 70);
	assert_int_equal(cms_find_next_bit(map, 512, 71), 512);
}

/* Word boundaries: Expect bit 63, 64 and 127 found from each side. */
static void test_find_next_bit_word_boundaries(void **state)
{
	uint64_t map[NWORDS] = { 0 };

	(void)state;
	cms_bitmap_set(map, 63, 2);
	cms_bitmap_set(map, 127, 1);
	assert_int_equal(cms_find_next_bit(map, 512, 0), 63);
	assert_int_equal(cms_find_next_bit(map, 512, 64), 64);
	assert_int_equal(cms_find_next_bit(map, 512, 65), 127);
	assert_int_equal(cms_find_next_bit(map, 512, 128), 512);
}

/* ###.####   Expect the zero bits 3 then, past the end of ones, size. */
static void test_find_next_zero_bit_basic(void **state)
{
	uint64_t map[NWORDS];

	(void)state;
	from_string(map, "###.####");
	assert_int_equal(cms_find_next_zero_bit(map, 8, 0), 3);
	assert_int_equal(cms_find_next_zero_bit(map, 8, 4), 8);
	assert_int_equal(cms_find_next_zero_bit(map, 9, 4), 8);
	assert_int_equal(cms_find_next_zero_bit(map, 8, 8), 8);
}

/* Full words: Expect the first zero after two full words to be 128. */
static void test_find_next_zero_bit_full_words(void **state)
{
	uint64_t map[NWORDS] = { ~UINT64_C(0), ~UINT64_C(0), 0 };

	(void)state;
	assert_int_equal(cms_find_next_zero_bit(map, 512, 0), 128);
	assert_int_equal(cms_find_next_zero_bit(map, 100, 0), 100);
	assert_int_equal(cms_find_next_zero_bit(map, 128, 5), 128);
}

/* ---- bitmap_set / bitmap_clear / weight ---- */


/* Expect a run crossing two word boundaries to set exactly its bits. */
static void test_bitmap_set_crosses_words(void **state)
{
	uint64_t map[NWORDS] = { 0 };

	(void)state;
	cms_bitmap_set(map, 60, 72);	/* [60, 132) */
	assert_true(map[0] == UINT64_C(0xf000000000000000));
	assert_true(map[1] == ~UINT64_C(0));
	assert_true(map[2] == UINT64_C(0xf));
	assert_true(map[3] == 0);
	assert_int_equal(cms_bitmap_weight(map, 512), 72);
}

/* Expect clear to remove only [61, 131) of a full map. */
static void test_bitmap_clear_crosses_words(void **state)
{
	uint64_t map[NWORDS];

	(void)state;
	memset(map, 0xff, sizeof(map));
	cms_bitmap_clear(map, 61, 70);
	assert_int_equal(cms_bitmap_weight(map, 512), 512 - 70);
	assert_true(cms_test_bit(map, 60));
	assert_false(cms_test_bit(map, 61));
	assert_false(cms_test_bit(map, 130));
	assert_true(cms_test_bit(map, 131));
}

/* Expect set/clear of zero bits to change nothing. */
static void test_bitmap_set_zero_length(void **state)
{
	uint64_t map[NWORDS] = { 0 };

	(void)state;
	cms_bitmap_set(map, 5, 0);
	cms_bitmap_clear(map, 5, 0);
	assert_int_equal(cms_bitmap_weight(map, 512), 0);
}

/* Expect weight to count only below nbits and only inside a range. */
static void test_bitmap_weight_ranges(void **state)
{
	uint64_t map[NWORDS] = { 0 };

	(void)state;
	cms_bitmap_set(map, 0, 200);
	assert_int_equal(cms_bitmap_weight(map, 0), 0);
	assert_int_equal(cms_bitmap_weight(map, 1), 1);
	assert_int_equal(cms_bitmap_weight(map, 64), 64);
	assert_int_equal(cms_bitmap_weight(map, 100), 100);
	assert_int_equal(cms_bitmap_weight(map, 512), 200);
	assert_int_equal(cms_bitmap_weight_range(map, 190, 300), 10);
	assert_int_equal(cms_bitmap_weight_range(map, 3, 5), 2);
	assert_int_equal(cms_bitmap_weight_range(map, 5, 5), 0);
	assert_int_equal(cms_bitmap_weight_range(map, 9, 3), 0);
}

/* Expect the u32 view to split each 64-bit word low half first. */
static void test_bitmap_u32_view_little_endian(void **state)
{
	uint64_t map[NWORDS] = { 0 };

	(void)state;
	cms_bitmap_set(map, 0, 64);
	cms_bitmap_set(map, 64, 1);
	cms_bitmap_set(map, 127, 1);
	assert_int_equal(cms_bitmap_u32(map, 0), 4294967295u);
	assert_int_equal(cms_bitmap_u32(map, 1), 4294967295u);
	assert_int_equal(cms_bitmap_u32(map, 2), 1);
	assert_int_equal(cms_bitmap_u32(map, 3), 0x80000000u);
	assert_int_equal(cms_bitmap_words_u32(130), 5);
}

/* ---- bitmap_find_next_zero_area_off ---- */

/* ....   Expect an empty map to give index 0 for any fitting nr. */
static void test_find_area_empty(void **state)
{
	uint64_t map[NWORDS] = { 0 };

	(void)state;
	assert_int_equal(cms_bitmap_find_next_zero_area_off(map, 16, 0, 16, 0, 0), 0);
	assert_int_equal(cms_bitmap_find_next_zero_area_off(map, 16, 0, 1, 0, 0), 0);
}

/* ##..#.....   nr 3: Expect the hole at 2 (too small) skipped: index 5. */
static void test_find_area_skips_small_hole(void **state)
{
	uint64_t map[NWORDS];

	(void)state;
	from_string(map, "##..#.....");
	assert_int_equal(cms_bitmap_find_next_zero_area_off(map, 10, 0, 3, 0, 0), 5);
	assert_int_equal(cms_bitmap_find_next_zero_area_off(map, 10, 0, 2, 0, 0), 2);
}

/* nr larger than the map: Expect the kernel's failure value index+nr. */
static void test_find_area_failure_returns_end(void **state)
{
	uint64_t map[NWORDS] = { 0 };

	(void)state;
	assert_int_equal(cms_bitmap_find_next_zero_area_off(map, 16, 0, 17, 0, 0), 17);
	/* 16 set bits then nothing: the zero search returns size */
	cms_bitmap_set(map, 0, 16);
	assert_int_equal(cms_bitmap_find_next_zero_area_off(map, 16, 0, 1, 0, 0), 17);
	/* ...and the start past the end gives size + nr */
	memset(map, 0, sizeof(map));
	assert_int_equal(cms_bitmap_find_next_zero_area_off(map, 16, 20, 4, 0, 0), 20);
}

/* #.......  (size 8) nr 4 mask 3: Expect 4, the first multiple of 4. */
static void test_find_area_aligned_mask(void **state)
{
	uint64_t map[NWORDS];

	(void)state;
	from_string(map, "#.......");
	assert_int_equal(cms_bitmap_find_next_zero_area_off(map, 8, 0, 4, 3, 0), 4);
	assert_int_equal(cms_bitmap_find_next_zero_area_off(map, 8, 0, 5, 3, 0), 9);
	assert_int_equal(cms_bitmap_find_next_zero_area_off(map, 8, 0, 1, 3, 0), 4);
}

/*
 * An offset moves the alignment grid: with mask 3 and offset 1 the
 * candidates are 3, 7, 11 (index + 1 multiple of 4).
 * Expect 3 on an empty map, 7 when bit 3 is set.
 */
static void test_find_area_offset_shifts_grid(void **state)
{
	uint64_t map[NWORDS] = { 0 };

	(void)state;
	assert_int_equal(cms_bitmap_find_next_zero_area_off(map, 32, 0, 2, 3, 1), 3);
	cms_bitmap_set(map, 3, 1);
	assert_int_equal(cms_bitmap_find_next_zero_area_off(map, 32, 0, 2, 3, 1), 7);
	/* offset equal to a full period: same grid as no offset */
	assert_int_equal(cms_bitmap_find_next_zero_area_off(map, 32, 0, 2, 3, 4), 0);
}

/*
 * The offset may push the first candidate below start: index 0, offset
 * 2, mask 3 gives ALIGN(2, 4) - 2 = 2.  Expect 2.
 */
static void test_find_area_offset_from_zero(void **state)
{
	uint64_t map[NWORDS] = { 0 };

	(void)state;
	assert_int_equal(cms_bitmap_find_next_zero_area_off(map, 32, 0, 4, 3, 2), 2);
	assert_int_equal(cms_bitmap_find_next_zero_area_off(map, 32, 2, 4, 3, 2), 2);
	assert_int_equal(cms_bitmap_find_next_zero_area_off(map, 32, 3, 4, 3, 2), 6);
}

/*
 * ....#...........  nr 4, mask 3: the first candidate [0,4) fits.
 * Starting at 1 the zero at 1 aligns to 4, which is busy; the restart
 * is at 5, aligned to 8.  Expect 0 then 8.
 */
static void test_find_area_restart_after_busy_bit(void **state)
{
	uint64_t map[NWORDS];

	(void)state;
	from_string(map, "....#...........");
	assert_int_equal(cms_bitmap_find_next_zero_area_off(map, 16, 0, 4, 3, 0), 0);
	assert_int_equal(cms_bitmap_find_next_zero_area_off(map, 16, 1, 4, 3, 0), 8);
	assert_int_equal(cms_bitmap_find_next_zero_area_off(map, 16, 9, 4, 3, 0), 12);
	assert_int_equal(cms_bitmap_find_next_zero_area_off(map, 16, 13, 4, 3, 0), 20);
}

/*
 * The restart is at the busy bit + 1, not past the whole window:
 * ..#.#.......   nr 3, no alignment.  Expect 5.
 */
static void test_find_area_restart_from_last_busy_bit(void **state)
{
	uint64_t map[NWORDS];

	(void)state;
	from_string(map, "..#.#.......");
	assert_int_equal(cms_bitmap_find_next_zero_area_off(map, 12, 0, 3, 0, 0), 5);
	assert_int_equal(cms_bitmap_find_next_zero_area_off(map, 12, 0, 7, 0, 0), 5);
	assert_int_equal(cms_bitmap_find_next_zero_area_off(map, 12, 0, 8, 0, 0), 13);
}

/* nr 0: Expect the first clear (aligned) index, as the kernel returns. */
static void test_find_area_zero_length(void **state)
{
	uint64_t map[NWORDS];

	(void)state;
	from_string(map, "###.");
	assert_int_equal(cms_bitmap_find_next_zero_area_off(map, 4, 0, 0, 0, 0), 3);
	from_string(map, "####");
	assert_int_equal(cms_bitmap_find_next_zero_area_off(map, 4, 0, 0, 0, 0), 4);
}

/*
 * The CMA debugfs capture (s04): 64 bits used at the start of a
 * 16384-bit map, then "alloc 1", "alloc 512", "alloc 1000".
 * Expect 64, 65, 577, then 16385 for the 16384-bit request.
 */
static void test_find_area_cma_capture_sequence(void **state)
{
	uint64_t *map = test_calloc(16384 / 64, sizeof(uint64_t));

	(void)state;
	cms_bitmap_set(map, 0, 64);
	assert_int_equal(cms_bitmap_find_next_zero_area_off(map, 16384, 0, 1, 0, 0), 64);
	cms_bitmap_set(map, 64, 1);
	assert_int_equal(cms_bitmap_find_next_zero_area_off(map, 16384, 0, 512, 0, 0), 65);
	cms_bitmap_set(map, 65, 512);
	assert_int_equal(cms_bitmap_find_next_zero_area_off(map, 16384, 0, 1000, 0, 0), 577);
	assert_int_equal(cms_bitmap_find_next_zero_area_off(map, 16384, 0, 16384, 0, 0), 16961);
	assert_int_equal(cms_bitmap_weight(map, 16384), 577);
	test_free(map);
}

/* A long random cross-check against a bit-by-bit reference. */
static uint64_t ref_find_area(const uint64_t *map, uint64_t size,
			      uint64_t start, uint32_t nr, uint64_t mask,
			      uint64_t off)
{
	for (;;) {
		uint64_t index = start, end, i;

		while (index < size && cms_test_bit(map, index))
			index++;
		if (index > size)	/* find_next_zero_bit() caps at size */
			index = size;
		index = ((index + off + mask) & ~mask) - off;
		end = index + nr;
		if (end > size)
			return end;
		for (i = index; i < end; i++)
			if (cms_test_bit(map, i))
				break;
		if (i == end)
			return index;
		start = i + 1;
	}
}

static uint64_t ref_next_bit(const uint64_t *map, uint64_t size,
			     uint64_t start, bool set)
{
	while (start < size && cms_test_bit(map, start) != set)
		start++;
	return start < size ? start : size;
}

static uint64_t ref_weight(const uint64_t *map, uint64_t start, uint64_t end)
{
	uint64_t w = 0;

	for (; start < end; start++)
		w += cms_test_bit(map, start);
	return w;
}

/* Expect 20000 random searches to agree with the reference exactly. */
static void test_find_area_random_matches_reference(void **state)
{
	uint64_t map[NWORDS];
	uint64_t x = 12345;

	(void)state;
	for (int round = 0; round < 20000; round++) {
		uint64_t size, start, mask, off;
		uint32_t nr;

		x = x * 6364136223846793005u + 1442695040888963407u;
		memset(map, 0, sizeof(map));
		for (int k = 0; k < (int)(x >> 59); k++) {
			x = x * 6364136223846793005u + 1442695040888963407u;
			cms_bitmap_set(map, (x >> 33) % 480, (x >> 20) % 32);
		}
		x = x * 6364136223846793005u + 1442695040888963407u;
		size = 1 + (x >> 40) % 512;
		start = (x >> 20) % (size + 4);
		nr = (uint32_t)((x >> 10) % 70);
		mask = (UINT64_C(1) << ((x >> 5) % 6)) - 1;
		off = (x >> 2) % 8;
		assert_int_equal(cms_bitmap_find_next_zero_area_off(map, size, start, nr, mask, off),
				 ref_find_area(map, size, start, nr, mask, off));
		assert_int_equal(cms_find_next_bit(map, size, start),
				 ref_next_bit(map, size, start, true));
		assert_int_equal(cms_find_next_zero_bit(map, size, start),
				 ref_next_bit(map, size, start, false));
		assert_int_equal(cms_bitmap_weight_range(map, start, size),
				 ref_weight(map, start, size));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find_next_bit_basic),
		cmocka_unit_test(test_find_next_bit_ignores_bits_past_size),
		cmocka_unit_test(test_find_next_bit_word_boundaries),
		cmocka_unit_test(test_find_next_zero_bit_basic),
		cmocka_unit_test(test_find_next_zero_bit_full_words),
		cmocka_unit_test(test_bitmap_set_crosses_words),
		cmocka_unit_test(test_bitmap_clear_crosses_words),
		cmocka_unit_test(test_bitmap_set_zero_length),
		cmocka_unit_test(test_bitmap_weight_ranges),
		cmocka_unit_test(test_bitmap_u32_view_little_endian),
		cmocka_unit_test(test_find_area_empty),
		cmocka_unit_test(test_find_area_skips_small_hole),
		cmocka_unit_test(test_find_area_failure_returns_end),
		cmocka_unit_test(test_find_area_aligned_mask),
		cmocka_unit_test(test_find_area_offset_shifts_grid),
		cmocka_unit_test(test_find_area_offset_from_zero),
		cmocka_unit_test(test_find_area_restart_after_busy_bit),
		cmocka_unit_test(test_find_area_restart_from_last_busy_bit),
		cmocka_unit_test(test_find_area_zero_length),
		cmocka_unit_test(test_find_area_cma_capture_sequence),
		cmocka_unit_test(test_find_area_random_matches_reference),
	};

	return cmocka_run_group_tests_name("bitmap", tests, NULL, NULL);
}
