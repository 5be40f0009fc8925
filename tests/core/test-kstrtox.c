// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/core/kstrtox.c: kstrtoull() as lib/kstrtox.c parses, and
 * as simple_attr_write() (fs/libfs.c) calls it on what is written to a
 * debugfs attribute (base 0).  Tables of {input, base, expected ret,
 * expected value}; the result is untouched on failure.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "helpers.h"
#include "core/util.h"
#include "core/fs_attr.h"

struct kstr_case {
	const char *s;
	int ret;
	uint64_t val;
};

/* Expect base detection, '+', one newline, and the kernel's errnos. */
static void test_kstrtoull_table(void **state)
{
	static const struct kstr_case cases[] = {
		{ "0", 0, 0 }, { "42", 0, 42 }, { "42\n", 0, 42 },
		{ "+7", 0, 7 }, { "0x10", 0, 16 }, { "0X1f", 0, 31 },
		{ "010", 0, 8 }, { "08", -EINVAL, 0 }, { "0x", -EINVAL, 0 },
		{ "", -EINVAL, 0 }, { "\n", -EINVAL, 0 }, { "-1", -EINVAL, 0 },
		{ "12a", -EINVAL, 0 }, { "1\n\n", -EINVAL, 0 }, { " 1", -EINVAL, 0 },
		{ "18446744073709551615", 0, UINT64_MAX },
		{ "18446744073709551616", -ERANGE, 0 },
		{ "99999999999999999999x", -ERANGE, 0 },
		{ "0xffffffffffffffff", 0, UINT64_MAX },
	};

	(void)state;
	for (size_t i = 0; i < CMS_ARRAY_SIZE(cases); i++) {
		uint64_t v = 12345;
		int ret = cms_kstrtoull(cases[i].s, 0, &v);

		if (ret != cases[i].ret)
			fail_msg("kstrtoull(\"%s\") = %d, expected %d", cases[i].s,
				 ret, cases[i].ret);
		assert_int_equal(v, ret ? 12345 : cases[i].val);
	}
}

struct kstr_base_case {
	const char *s;
	unsigned int base;
	int ret;
	uint64_t val;
};

/*
 * An explicit base: no detection, digits of that base only; base 16
 * still skips a "0x" prefix (_parse_integer_fixup_radix()).
 * Expect the values and errnos below.
 */
static void test_kstrtoull_explicit_base(void **state)
{
	static const struct kstr_base_case cases[] = {
		{ "010", 10, 0, 10 }, { "0x10", 10, -EINVAL, 0 },
		{ "ff", 16, 0, 255 }, { "0xff", 16, 0, 255 },
		{ "0XFF\n", 16, 0, 255 }, { "+0x1", 16, 0, 1 },
		{ "0x", 16, -EINVAL, 0 }, { "fg", 16, -EINVAL, 0 },
		{ "777", 8, 0, 511 }, { "8", 8, -EINVAL, 0 },
		{ "101", 2, 0, 5 }, { "2", 2, -EINVAL, 0 },
		{ "ffffffffffffffff", 16, 0, UINT64_MAX },
		{ "10000000000000000", 16, -ERANGE, 0 },
		{ "1777777777777777777777", 8, 0, UINT64_MAX },
		{ "2000000000000000000000", 8, -ERANGE, 0 },
	};

	(void)state;
	for (size_t i = 0; i < CMS_ARRAY_SIZE(cases); i++) {
		uint64_t v = 12345;
		int ret = cms_kstrtoull(cases[i].s, cases[i].base, &v);

		if (ret != cases[i].ret)
			fail_msg("kstrtoull(\"%s\", %u) = %d, expected %d",
				 cases[i].s, cases[i].base, ret, cases[i].ret);
		assert_int_equal(v, ret ? 12345 : cases[i].val);
	}
}

/*
 * -ERANGE wins over a later bad character: the overflow is found while
 * the digits are read, before the tail is looked at.  Expect -ERANGE for
 * an overflowing number followed by garbage, -EINVAL for the same
 * garbage after a number that fits.
 */
static void test_kstrtoull_overflow_before_tail(void **state)
{
	uint64_t v = 7;

	(void)state;
	assert_errno(cms_kstrtoull("18446744073709551616 x", 0, &v), -ERANGE);
	assert_errno(cms_kstrtoull("18446744073709551615 x", 0, &v), -EINVAL);
	assert_errno(cms_kstrtoull("0x1ffffffffffffffff\n", 0, &v), -ERANGE);
	assert_int_equal(v, 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kstrtoull_table),
		cmocka_unit_test(test_kstrtoull_explicit_base),
		cmocka_unit_test(test_kstrtoull_overflow_before_tail),
	};

	return cmocka_run_group_tests_name("kstrtox", tests, NULL, NULL);
}
