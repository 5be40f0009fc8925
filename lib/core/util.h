/* SPDX-License-Identifier: GPL-2.0-only */
/* Alignment and rounding helpers (include/linux/align.h, math.h). */
#ifndef CMS_UTIL_H
#define CMS_UTIL_H

#include <stdint.h>
#include <stdbool.h>

#define CMS_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define CMS_SZ_1K  (UINT64_C(1) << 10)
#define CMS_SZ_1M  (UINT64_C(1) << 20)
#define CMS_SZ_1G  (UINT64_C(1) << 30)
#define CMS_SZ_4G  (UINT64_C(1) << 32)

static inline uint64_t cms_align_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) & ~(a - 1);
}

static inline uint64_t cms_align_down(uint64_t x, uint64_t a)
{
	return x & ~(a - 1);
}

static inline bool cms_is_aligned(uint64_t x, uint64_t a)
{
	return (x & (a - 1)) == 0;
}

static inline bool cms_is_power_of_2(uint64_t x)
{
	return x != 0 && (x & (x - 1)) == 0;
}

static inline uint64_t cms_min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static inline uint64_t cms_max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/* The kernel's min_not_zero(). */
static inline uint64_t cms_min_not_zero(uint64_t a, uint64_t b)
{
	return a == 0 ? b : (b == 0 ? a : cms_min_u64(a, b));
}

/* fls64: index of the highest set bit, 1-based; 0 for 0. */
static inline unsigned int cms_fls64(uint64_t x)
{
	return x ? 64u - (unsigned int)__builtin_clzll(x) : 0u;
}

/* get_order(size) for @page_shift. */
static inline unsigned int cms_get_order(uint64_t size, unsigned int page_shift)
{
	uint64_t pages;

	if (size <= (UINT64_C(1) << page_shift))
		return 0;
	pages = (size - 1) >> page_shift;
	return cms_fls64(pages);
}

#endif /* CMS_UTIL_H */
