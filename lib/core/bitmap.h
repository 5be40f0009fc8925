/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel's bitmap helpers that CMA needs, with the kernel's exact
 * return conventions (include/linux/find.h, include/linux/bitmap.h,
 * lib/bitmap.c).  Words are 64 bits, as unsigned long is on the 64-bit
 * arches we model; bit i lives in word i / 64 at position i % 64, so the
 * u32 view that debugfs prints is the little-endian split of each word.
 */
#ifndef CMS_BITMAP_H
#define CMS_BITMAP_H

#include <stdbool.h>
#include <stdint.h>

#define CMS_BITS_PER_LONG 64u

/* BITS_TO_LONGS(): words needed for @nbits bits. */
static inline uint64_t cms_bits_to_longs(uint64_t nbits)
{
	return (nbits + CMS_BITS_PER_LONG - 1) / CMS_BITS_PER_LONG;
}

static inline bool cms_test_bit(const uint64_t *map, uint64_t nr)
{
	return (map[nr / CMS_BITS_PER_LONG] >> (nr % CMS_BITS_PER_LONG)) & 1u;
}

/*
 * find_next_bit() / find_next_zero_bit(): the first set (clear) bit at or
 * after @start and below @size; @size when there is none, including when
 * @start >= @size.
 */
uint64_t cms_find_next_bit(const uint64_t *map, uint64_t size,
			   uint64_t start);
uint64_t cms_find_next_zero_bit(const uint64_t *map, uint64_t size,
				uint64_t start);

/* bitmap_set() / bitmap_clear(): set or clear bits [start, start+nr). */
void cms_bitmap_set(uint64_t *map, uint64_t start, uint64_t nr);
void cms_bitmap_clear(uint64_t *map, uint64_t start, uint64_t nr);

/* bitmap_weight(): set bits among the first @nbits. */
uint64_t cms_bitmap_weight(const uint64_t *map, uint64_t nbits);
/* Set bits in [start, end); 0 when start >= end. */
uint64_t cms_bitmap_weight_range(const uint64_t *map, uint64_t start,
				 uint64_t end);

/*
 * bitmap_find_next_zero_area_off(): the first index >= @start with @nr
 * clear bits [index, index+nr) below @size such that index+@align_offset
 * is a multiple of @align_mask+1.  As in the kernel, failure returns the
 * candidate's end (index + nr), which is > @size: callers test
 * "result >= size" (cma_alloc) or "result + nr > size".  @nr is an
 * unsigned int in the kernel and so here; arithmetic wraps as unsigned
 * long does.
 */
uint64_t cms_bitmap_find_next_zero_area_off(const uint64_t *map,
					    uint64_t size, uint64_t start,
					    uint32_t nr, uint64_t align_mask,
					    uint64_t align_offset);

/* bitmap_find_next_zero_area(): the same with no offset. */
static inline uint64_t cms_bitmap_find_next_zero_area(const uint64_t *map,
						      uint64_t size,
						      uint64_t start,
						      uint32_t nr,
						      uint64_t align_mask)
{
	return cms_bitmap_find_next_zero_area_off(map, size, start, nr,
						  align_mask, 0);
}

/*
 * Word @idx of the bitmap seen as an array of u32, as debugfs's
 * u32_array prints the CMA bitmap on a little-endian machine.
 */
static inline uint32_t cms_bitmap_u32(const uint64_t *map, uint64_t idx)
{
	return (uint32_t)(map[idx / 2] >> (32 * (idx % 2)));
}

/* u32 elements debugfs shows for @nbits bits: DIV_ROUND_UP(nbits, 32). */
static inline uint64_t cms_bitmap_words_u32(uint64_t nbits)
{
	return (nbits + 31) / 32;
}

#endif /* CMS_BITMAP_H */
