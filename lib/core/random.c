// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-instance pseudo-random numbers (see random.h): xoshiro256**
 * (Blackman and Vigna) seeded with splitmix64, and Lemire's unbiased
 * bounded draw.  No global state: every instance has its own generator.
 */
#include "config.h"

#include "core/random.h"

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

void cms_random_init(struct cms_random *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

uint64_t cms_rand_u64(struct cms_random *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint64_t cms_rand_below(struct cms_random *r, uint64_t bound)
{
	/* Lemire's multiply-shift with rejection: unbiased and deterministic. */
	uint64_t threshold = -bound % bound;

	for (;;) {
		uint64_t x = cms_rand_u64(r);
		unsigned __int128 m = (unsigned __int128)x * bound;

		if ((uint64_t)m >= threshold)
			return (uint64_t)(m >> 64);
	}
}
