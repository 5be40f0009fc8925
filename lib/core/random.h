/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The instance's pseudo-random numbers: xoshiro256** seeded from the
 * config seed through splitmix64, so that the same seed gives the same
 * run, byte for byte.  The kernel's own randomness (get_random_*) plays
 * this role where the simulator needs a choice it does not model
 * (transient migration failures, seeded workloads).
 */
#ifndef CMS_RANDOM_H
#define CMS_RANDOM_H

#include <stdint.h>

struct cms_random {
	uint64_t s[4];
};

/* Seed @r from @seed. */
void cms_random_init(struct cms_random *r, uint64_t seed);
uint64_t cms_rand_u64(struct cms_random *r);
/* Uniform in [0, bound); bound > 0. */
uint64_t cms_rand_below(struct cms_random *r, uint64_t bound);

#endif /* CMS_RANDOM_H */
