// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bitmap search and update helpers with the kernel's semantics: the
 * find_next_* family of lib/find_bit.c, bitmap_set/clear/weight and the
 * aligned free-area search bitmap_find_next_zero_area_off() of
 * lib/bitmap.c that cma_alloc() and the debugfs views rely on.
 */
#include "config.h"

#include "core/bitmap.h"

#define WORD_MASK_FROM(bit) (~UINT64_C(0) << ((bit) % CMS_BITS_PER_LONG))

/*
 * Scan for the first bit at or after @start whose value, after XOR with
 * @invert (0 or all ones), is 1.  Word-at-a-time, as _find_next_bit does.
 */
static uint64_t find_next(const uint64_t *map, uint64_t size, uint64_t start,
			  uint64_t invert)
{
	uint64_t idx, word;

	if (start >= size)
		return size;
	idx = start / CMS_BITS_PER_LONG;
	word = (map[idx] ^ invert) & WORD_MASK_FROM(start);
	while (!word) {
		idx++;
		if (idx * CMS_BITS_PER_LONG >= size)
			return size;
		word = map[idx] ^ invert;
	}
	start = idx * CMS_BITS_PER_LONG + (uint64_t)__builtin_ctzll(word);
	return start < size ? start : size;
}

uint64_t cms_find_next_bit(const uint64_t *map, uint64_t size, uint64_t start)
{
	return find_next(map, size, start, 0);
}

uint64_t cms_find_next_zero_bit(const uint64_t *map, uint64_t size,
				uint64_t start)
{
	return find_next(map, size, start, ~UINT64_C(0));
}

void cms_bitmap_set(uint64_t *map, uint64_t start, uint64_t nr)
{
	uint64_t end = start + nr;

	while (start < end && start % CMS_BITS_PER_LONG) {
		map[start / CMS_BITS_PER_LONG] |=
			UINT64_C(1) << (start % CMS_BITS_PER_LONG);
		start++;
	}
	while (end - start >= CMS_BITS_PER_LONG) {
		map[start / CMS_BITS_PER_LONG] = ~UINT64_C(0);
		start += CMS_BITS_PER_LONG;
	}
	while (start < end) {
		map[start / CMS_BITS_PER_LONG] |=
			UINT64_C(1) << (start % CMS_BITS_PER_LONG);
		start++;
	}
}

void cms_bitmap_clear(uint64_t *map, uint64_t start, uint64_t nr)
{
	uint64_t end = start + nr;

	while (start < end && start % CMS_BITS_PER_LONG) {
		map[start / CMS_BITS_PER_LONG] &=
			~(UINT64_C(1) << (start % CMS_BITS_PER_LONG));
		start++;
	}
	while (end - start >= CMS_BITS_PER_LONG) {
		map[start / CMS_BITS_PER_LONG] = 0;
		start += CMS_BITS_PER_LONG;
	}
	while (start < end) {
		map[start / CMS_BITS_PER_LONG] &=
			~(UINT64_C(1) << (start % CMS_BITS_PER_LONG));
		start++;
	}
}

uint64_t cms_bitmap_weight_range(const uint64_t *map, uint64_t start,
				 uint64_t end)
{
	uint64_t w = 0;

	while (start < end && start % CMS_BITS_PER_LONG) {
		w += cms_test_bit(map, start);
		start++;
	}
	while (end - start >= CMS_BITS_PER_LONG && start < end) {
		w += (uint64_t)__builtin_popcountll(
			map[start / CMS_BITS_PER_LONG]);
		start += CMS_BITS_PER_LONG;
	}
	while (start < end) {
		w += cms_test_bit(map, start);
		start++;
	}
	return w;
}

uint64_t cms_bitmap_weight(const uint64_t *map, uint64_t nbits)
{
	return cms_bitmap_weight_range(map, 0, nbits);
}

uint64_t cms_bitmap_find_next_zero_area_off(const uint64_t *map,
					    uint64_t size, uint64_t start,
					    uint32_t nr, uint64_t align_mask,
					    uint64_t align_offset)
{
	uint64_t index, end, busy;

	for (;;) {
		index = cms_find_next_zero_bit(map, size, start);
		/* round index+offset up to the mask, then take the offset off */
		index = ((index + align_offset + align_mask) & ~align_mask) -
			align_offset;
		end = index + nr;
		if (end > size)
			return end;
		busy = cms_find_next_bit(map, end, index);
		if (busy >= end)
			return index;
		start = busy + 1;
	}
}
