// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/core/sort.c (lib/sort.c's sort_r(), 6.1 and 6.12): the
 * output is sorted, and elements that compare equal come out in the
 * order the kernel's heapsort leaves them, which decides the order in
 * which 6.1 places its dynamic reserved-memory regions (docs/devicetree.md,
 * capture dt-two-dyn-plus-static).  Each element is a key and its
 * original index; equal keys tell the algorithms apart.
 */
#include "config.h"

#include <string.h>

#include "helpers.h"
#include "core/sort.h"

/* 56 bytes, as 6.1's struct reserved_mem (the size changes nothing) */
struct el {
	uint64_t key;
	uint64_t id;
	uint64_t pad[5];
};

static int cmp(const void *a, const void *b, const void *priv)
{
	const struct el *x = a, *y = b;

	(void)priv;
	return x->key < y->key ? -1 : x->key > y->key;
}

/* Sort @keys (@n of them) and return the original indexes in order. */
static void sort_ids(const uint64_t *keys, size_t n, bool two, uint64_t *ids)
{
	struct el a[16] = { { 0 } };

	for (size_t i = 0; i < n; i++) {
		a[i].key = keys[i];
		a[i].id = i;
	}
	cms_sort_r(a, n, sizeof(a[0]), cmp, NULL, two);
	for (size_t i = 0; i < n; i++)
		ids[i] = a[i].id;
}

/*
 * 6.1, three regions: two dynamic (base 0, size 0) then a static one:
 *   [linux,cma 0/0, pool2 0/0, cma@60000000]
 * Expect [pool2, linux,cma, cma@60000000]: pool2 is placed first.
 */
static void test_sort_61_two_dynamic_then_static(void **state)
{
	const uint64_t keys[] = { 0, 0, 0x60000000 };
	uint64_t ids[3];

	(void)state;
	sort_ids(keys, 3, false, ids);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[1], 0);
	assert_int_equal(ids[2], 2);
}

/* 6.1, equal keys: Expect [b, a]; [b, c, a]; [b, c, d, a]. */
static void test_sort_61_equal_keys(void **state)
{
	const uint64_t zero[4] = { 0 };
	uint64_t ids[4];

	(void)state;
	sort_ids(zero, 2, false, ids);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[1], 0);
	sort_ids(zero, 3, false, ids);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[1], 2);
	assert_int_equal(ids[2], 0);
	sort_ids(zero, 4, false, ids);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[1], 2);
	assert_int_equal(ids[2], 3);
	assert_int_equal(ids[3], 0);
}

/* 6.1, four dynamic and one static: Expect [a, c, d, b, s]. */
static void test_sort_61_four_dynamic_and_static(void **state)
{
	const uint64_t keys[] = { 0, 0, 0, 0, 0x60000000 };
	uint64_t ids[5];

	(void)state;
	sort_ids(keys, 5, false, ids);
	assert_int_equal(ids[0], 0);
	assert_int_equal(ids[1], 2);
	assert_int_equal(ids[2], 3);
	assert_int_equal(ids[3], 1);
	assert_int_equal(ids[4], 4);
}

/*
 * Both versions on every array of up to 8 keys from {0, 1, 2}: Expect
 * sorted output holding each element once (6.12 extracts two elements
 * per step and finishes with a compare of the last two).
 */
static void test_sort_sorts_every_small_array(void **state)
{
	(void)state;
	for (size_t n = 0; n <= 8; n++) {
		size_t combos = 1;

		for (size_t i = 0; i < n; i++)
			combos *= 3;
		for (size_t c = 0; c < combos; c++) {
			for (int two = 0; two < 2; two++) {
				uint64_t keys[8], ids[8], seen = 0;
				size_t v = c;

				for (size_t i = 0; i < n; i++, v /= 3)
					keys[i] = v % 3;
				sort_ids(keys, n, two, ids);
				for (size_t i = 0; i < n; i++) {
					seen |= UINT64_C(1) << ids[i];
					if (i)
						assert_true(keys[ids[i - 1]] <=
							    keys[ids[i]]);
				}
				assert_int_equal(seen, (UINT64_C(1) << n) - 1);
			}
		}
	}
}

/* 6.12 on ties: Expect [b, a] for two and [c, b, a] for three. */
static void test_sort_612_equal_keys(void **state)
{
	const uint64_t zero[3] = { 0 };
	uint64_t ids[3];

	(void)state;
	sort_ids(zero, 2, true, ids);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[1], 0);
	sort_ids(zero, 3, true, ids);
	assert_int_equal(ids[0], 2);
	assert_int_equal(ids[1], 1);
	assert_int_equal(ids[2], 0);
}

/* Fewer than two elements, or elements too large: Expect nothing moved. */
static void test_sort_leaves_trivial_input(void **state)
{
	struct el a[2] = { { 5, 0, { 0 } }, { 1, 1, { 0 } } };
	char big[2][300];

	(void)state;
	cms_sort_r(a, 1, sizeof(a[0]), cmp, NULL, false);
	assert_int_equal(a[0].key, 5);
	memset(big, 0, sizeof(big));
	big[0][0] = 9;
	cms_sort_r(big, 2, sizeof(big[0]), cmp, NULL, true);
	assert_int_equal(big[0][0], 9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sort_61_two_dynamic_then_static),
		cmocka_unit_test(test_sort_61_equal_keys),
		cmocka_unit_test(test_sort_61_four_dynamic_and_static),
		cmocka_unit_test(test_sort_sorts_every_small_array),
		cmocka_unit_test(test_sort_612_equal_keys),
		cmocka_unit_test(test_sort_leaves_trivial_input),
	};

	return cmocka_run_group_tests_name("sort", tests, NULL, NULL);
}
