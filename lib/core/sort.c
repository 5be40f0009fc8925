// SPDX-License-Identifier: GPL-2.0-only
/*
 * sort_r() of lib/sort.c, both versions: the bottom-up heapsort that
 * finds the sift-down path to a leaf with one compare per level, then
 * backtracks to where the element belongs.  The kernel works on byte
 * offsets with a parent() trick that equals (i - 1) / 2 on indexes; the
 * order of compares and swaps, which is all that decides where equal
 * elements end up, is the kernel's.
 */
#include "config.h"

#include <string.h>

#include "core/sort.h"

#define MAX_ELEMENT 256u

static void swap(char *base, size_t size, size_t i, size_t j)
{
	char tmp[MAX_ELEMENT];

	memcpy(tmp, base + i * size, size);
	memcpy(base + i * size, base + j * size, size);
	memcpy(base + j * size, tmp, size);
}

static int cmp_at(const char *base, size_t size, size_t i, size_t j,
		  cms_cmp_r_fn cmp, const void *priv)
{
	return cmp(base + i * size, base + j * size, priv);
}

/*
 * Sift element @a down the heap of the first @n elements: the path of
 * larger children to a leaf (6.1 prefers the left child on equality,
 * 6.12 the right one), then back up to the first element not below @a.
 */
static void sift_down(char *base, size_t size, size_t a, size_t n,
		      cms_cmp_r_fn cmp, const void *priv, bool strict)
{
	size_t b, c, d;

	for (b = a; c = 2 * b + 1, (d = c + 1) < n;) {
		int r = cmp_at(base, size, c, d, cmp, priv);

		b = (strict ? r > 0 : r >= 0) ? c : d;
	}
	if (d == n)		/* the last leaf has no sibling */
		b = c;
	while (b != a && cmp_at(base, size, a, b, cmp, priv) >= 0)
		b = (b - 1) / 2;
	c = b;
	while (b != a) {
		b = (b - 1) / 2;
		swap(base, size, b, c);
	}
}

void cms_sort_r(void *base, size_t num, size_t size, cms_cmp_r_fn cmp,
		const void *priv, bool extracts_two)
{
	char *p = base;
	size_t n = num, a = num / 2;
	size_t shift = 0;

	if (!a || !size || size > MAX_ELEMENT)
		return;
	for (;;) {
		if (a) {
			/* building the heap: sift down a - 1 (6.12: a - 1) */
			a -= (size_t)1 << shift;
		} else if (!extracts_two) {
			if (!--n)
				break;
			swap(p, size, 0, n);
		} else if (n > 3) {
			/* the two largest: the root, then its larger child */
			n--;
			swap(p, size, 0, n);
			shift = cmp_at(p, size, 1, 2, cmp, priv) <= 0;
			a = (size_t)1 << shift;
			n--;
			swap(p, size, a, n);
		} else {
			break;
		}
		sift_down(p, size, a, n, cmp, priv, extracts_two);
	}
	if (!extracts_two)
		return;
	n--;
	swap(p, size, 0, n);
	if (n == 2 && cmp_at(p, size, 0, 1, cmp, priv) > 0)
		swap(p, size, 0, 1);
}
