// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/core/random.c: the per-instance generator (xoshiro256**
 * seeded through splitmix64) and Lemire's bounded draw.  The reference
 * values are those of the published algorithms (splitmix64 from seed 0
 * gives 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, ... as in every
 * SplittableRandom test vector); the bounded draw is checked by its rule
 * and by chi-square tests with a fixed seed, so the result never varies.
 * Every table runs once per kernel version, on a fresh instance of it.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "helpers.h"
#include "core/instance.h"
#include "core/random.h"

#define NR_OF(a) (sizeof(a) / sizeof((a)[0]))

static int setup(void **state)
{
	return tst_setup_version(state);
}

static int teardown(void **state)
{
	return tst_teardown_checked(state);
}

/*
 *   seed 0 --splitmix64--> s[0] s[1] s[2] s[3]
 * Expect the state to be splitmix64's first four outputs from 0.
 */
static void test_random_init_seed0_is_splitmix64(void **state)
{
	struct cms_random r;

	(void)state;
	cms_random_init(&r, 0);
	assert_int_equal(r.s[0], UINT64_C(0xe220a8397b1dcdaf));
	assert_int_equal(r.s[1], UINT64_C(0x6e789e6aa1b965f4));
	assert_int_equal(r.s[2], UINT64_C(0x06c45d188009454f));
	assert_int_equal(r.s[3], UINT64_C(0xf88bb8a8724c81ec));
}

/*
 *   s[] --xoshiro256**--> 0x99ec5f36cb75f2b4 0xbf6e1f784956452a ...
 * Expect the first outputs from seed 0 and seed 1 to be the reference
 * algorithm's: rotl(s[1] * 5, 7) * 9, then the xorshift state update.
 */
static void test_rand_u64_reference_outputs(void **state)
{
	static const uint64_t seed0[] = {
		UINT64_C(0x99ec5f36cb75f2b4), UINT64_C(0xbf6e1f784956452a),
		UINT64_C(0x1a5f849d4933e6e0), UINT64_C(0x6aa594f1262d2d2c),
	};
	static const uint64_t seed1[] = {
		UINT64_C(0xb3f2af6d0fc710c5), UINT64_C(0x853b559647364cea),
		UINT64_C(0x92f89756082a4514), UINT64_C(0x642e1c7bc266a3a7),
	};
	struct cms_random r;

	(void)state;
	cms_random_init(&r, 0);
	for (size_t i = 0; i < NR_OF(seed0); i++)
		assert_int_equal(cms_rand_u64(&r), seed0[i]);
	cms_random_init(&r, 1);
	for (size_t i = 0; i < NR_OF(seed1); i++)
		assert_int_equal(cms_rand_u64(&r), seed1[i]);
}

/*
 *   seed 42: a0 a1 a2 ... a9999
 *   seed 42: a0 a1 a2 ... a9999   (a second generator)
 * Expect two generators of one seed to give the same sequence, unbounded
 * and bounded.
 */
static void test_random_same_seed_same_sequence(void **state)
{
	struct cms_random a, b;

	(void)state;
	cms_random_init(&a, 42);
	cms_random_init(&b, 42);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(cms_rand_u64(&a), cms_rand_u64(&b));
	for (uint64_t i = 1; i < 10000; i++)
		assert_int_equal(cms_rand_below(&a, i), cms_rand_below(&b, i));
	assert_memory_equal(a.s, b.s, sizeof(a.s));
}

/*
 *   seed s:   x0 x1 ... x15
 *   seed s+1: y0 y1 ... y15      xi != yi for every i
 * Expect neighbouring seeds 0..255 to give different sequences from the
 * first draw on, and different first draws across all 256 seeds.
 */
static void test_random_different_seeds_differ(void **state)
{
	uint64_t first[256];

	(void)state;
	for (uint64_t seed = 0; seed < 256; seed++) {
		struct cms_random a, b;

		cms_random_init(&a, seed);
		cms_random_init(&b, seed + 1);
		for (int i = 0; i < 16; i++)
			assert_int_not_equal(cms_rand_u64(&a),
					     cms_rand_u64(&b));
		cms_random_init(&a, seed);
		first[seed] = cms_rand_u64(&a);
		for (uint64_t k = 0; k < seed; k++)
			assert_int_not_equal(first[k], first[seed]);
	}
}

/*
 *   [0 ...................... bound)
 *    ^ every draw lands here
 * Expect every draw below its bound, for small, odd, 32-bit-edge and
 * 64-bit-edge bounds; bound 1 always gives 0.
 */
static void test_rand_below_in_range(void **state)
{
	static const uint64_t bounds[] = {
		1, 2, 3, 7, 10, 1000, UINT32_MAX, UINT64_C(1) << 32,
		(UINT64_C(1) << 32) + 1, UINT64_C(1) << 63,
		(UINT64_C(1) << 63) + 1, UINT64_MAX - 1, UINT64_MAX,
	};
	struct cms_random r;

	(void)state;
	cms_random_init(&r, 7);
	for (size_t b = 0; b < NR_OF(bounds); b++) {
		for (int i = 0; i < 5000; i++) {
			uint64_t v = cms_rand_below(&r, bounds[b]);

			if (v >= bounds[b])
				fail_msg("draw %llu of bound %llu",
					 (unsigned long long)v,
					 (unsigned long long)bounds[b]);
		}
	}
	for (int i = 0; i < 100; i++)
		assert_int_equal(cms_rand_below(&r, 1), 0);
}

/*
 *   x = next u64    bound = 2^k
 *   draw = high word of x * 2^k = x >> (64 - k)
 * Expect a power-of-two bound never to reject (2^64 mod 2^k is 0): each
 * draw is the top k bits of the twin generator's next output.
 */
static void test_rand_below_power_of_two_is_top_bits(void **state)
{
	struct cms_random r, twin;

	(void)state;
	cms_random_init(&r, 3);
	cms_random_init(&twin, 3);
	for (unsigned int k = 1; k < 64; k++) {
		for (int i = 0; i < 64; i++) {
			uint64_t x = cms_rand_u64(&twin);

			assert_int_equal(cms_rand_below(&r, UINT64_C(1) << k),
					 x >> (64 - k));
		}
	}
	assert_memory_equal(r.s, twin.s, sizeof(r.s));
}

/*
 *   x * bound = [ high | low ]      low < 2^64 mod bound: draw again
 * Expect Lemire's rule for bound 3 * 2^62, where a quarter of the words
 * are rejected: the draw is the high word of the first accepted x, and
 * the generator advances once per word looked at.
 */
static void test_rand_below_rejects_low_words(void **state)
{
	const uint64_t bound = UINT64_C(3) << 62;
	const uint64_t threshold = UINT64_C(1) << 62;	/* 2^64 mod bound */
	struct cms_random r, twin;
	unsigned int rejected = 0;

	(void)state;
	cms_random_init(&r, 11);
	cms_random_init(&twin, 11);
	for (int i = 0; i < 4000; i++) {
		unsigned __int128 m;

		for (;;) {
			m = (unsigned __int128)cms_rand_u64(&twin) * bound;
			if ((uint64_t)m >= threshold)
				break;
			rejected++;
		}
		assert_int_equal(cms_rand_below(&r, bound),
				 (uint64_t)(m >> 64));
	}
	assert_memory_equal(r.s, twin.s, sizeof(r.s));
	/* about 1000 of 4000 + rejections; fixed by the seed */
	assert_in_range(rejected, 1000, 1700);
}

/* Pearson's statistic of @n buckets expected to hold @expected each. */
static double chi_square(const uint64_t *count, unsigned int n,
			 double expected)
{
	double chi = 0;

	for (unsigned int i = 0; i < n; i++) {
		double d = (double)count[i] - expected;

		chi += d * d / expected;
	}
	return chi;
}

/*
 *   bucket:  0     1     2   ...   9
 *          10000 10000 10000 ... 10000   expected of 100000 draws
 * Expect seed 42's 100000 draws below 10 to pass a chi-square test at
 * p = 0.001 (9 degrees of freedom: below 27.877).
 */
static void test_rand_below_chi_square_bound10(void **state)
{
	uint64_t count[10] = { 0 };
	struct cms_random r;
	double chi;

	(void)state;
	cms_random_init(&r, 42);
	for (int i = 0; i < 100000; i++)
		count[cms_rand_below(&r, 10)]++;
	chi = chi_square(count, 10, 10000.0);
	if (chi >= 27.877)
		fail_msg("chi-square %.3f >= 27.877 for bound 10", chi);
}

/*
 *   [0, 2^62) [2^62, 2^63) [2^63, 3*2^62)
 *    10000       10000        10000        expected of 30000 draws
 * Expect the thirds of bound 3 * 2^62, the bound that rejects most,
 * equally likely: chi-square below 13.816 (2 degrees of freedom, p =
 * 0.001) for seed 42.
 */
static void test_rand_below_chi_square_rejecting_bound(void **state)
{
	const uint64_t bound = UINT64_C(3) << 62;
	uint64_t count[3] = { 0 };
	struct cms_random r;
	double chi;

	(void)state;
	cms_random_init(&r, 42);
	for (int i = 0; i < 30000; i++)
		count[cms_rand_below(&r, bound) >> 62]++;
	chi = chi_square(count, 3, 10000.0);
	if (chi >= 13.816)
		fail_msg("chi-square %.3f >= 13.816 for bound 3 * 2^62", chi);
}

/*
 *   config seed 0 (default) -> instance generator == init(0)
 *   config seed 99          -> instance generator == init(99)
 * Expect an instance's generator to be seeded from its configuration:
 * the default seed is 0, and cmasim_config_set_seed() sets it.
 */
static void test_random_instance_seeded_from_config(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_config *cfg = cmasim_config_new();
	struct cmasim *other = NULL;
	struct cms_random want;

	cms_random_init(&want, 0);
	assert_memory_equal(sim->rng.s, want.s, sizeof(want.s));

	assert_non_null(cfg);
	assert_int_equal(cmasim_config_set_kernel(cfg, tst_kernel_name(sim)),
			 0);
	cmasim_config_set_seed(cfg, 99);
	assert_int_equal(cmasim_create(cfg, &other), 0);
	cmasim_config_destroy(cfg);
	cms_random_init(&want, 99);
	assert_memory_equal(other->rng.s, want.s, sizeof(want.s));
	tst_sim_free(other);
}

/*
 *   instance A (seed 5): a0 a1 ...     instance B (seed 5): a0 a1 ...
 * Expect two instances of one seed to draw the same numbers, and drawing
 * from one to leave the other's generator alone.
 */
static void test_random_instances_independent(void **state)
{
	struct cmasim *a = tst_sim_new(NULL, tst_kernel_name(*state), NULL);
	struct cmasim *b = tst_sim_new(NULL, tst_kernel_name(*state), NULL);
	struct cms_random before;

	cms_random_init(&a->rng, 5);
	cms_random_init(&b->rng, 5);
	for (int i = 0; i < 100; i++)
		assert_int_equal(cms_rand_u64(&a->rng), cms_rand_u64(&b->rng));
	before = b->rng;
	for (int i = 0; i < 100; i++)
		(void)cms_rand_below(&a->rng, 1000);
	assert_memory_equal(b->rng.s, before.s, sizeof(before.s));
	tst_sim_free(a);
	tst_sim_free(b);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

static const struct CMUnitTest tests[] = {
	T(test_random_init_seed0_is_splitmix64),
	T(test_rand_u64_reference_outputs),
	T(test_random_same_seed_same_sequence),
	T(test_random_different_seeds_differ),
	T(test_rand_below_in_range),
	T(test_rand_below_power_of_two_is_top_bits),
	T(test_rand_below_rejects_low_words),
	T(test_rand_below_chi_square_bound10),
	T(test_rand_below_chi_square_rejecting_bound),
	T(test_random_instance_seeded_from_config),
	T(test_random_instances_independent),
};

int main(void)
{
	return tst_run_per_version("random", tests, NR_OF(tests));
}
