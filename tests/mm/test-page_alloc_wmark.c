// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/mm/page_alloc_wmark.c: min_free_kbytes, the per-zone
 * watermarks (min, low, high, promo) and lowmem_reserve, on
 * built machines (qemu "pc" and a 32-bit arm board) of both versions,
 * read through /proc/zoneinfo (cmasim_file_read) and the public zone
 * getters.
 *
 * Two kinds of expected figures:
 *  - the real captures' /proc/zoneinfo, for the modelled machine of the
 *    capture's size and node count booted with its command line (those
 *    tests are left out when $CMASIM_SHARED is absent);
 *  - hand computations with the kernel's rules (mm/page_alloc.c):
 *    calculate_min_free_kbytes() = clamp(int_sqrt(lowmem_kbytes * 16),
 *    128, 262144) over nr_free_buffer_pages(); khugepaged's
 *    set_recommended_min_free_kbytes() = min(pageblock_nr_pages *
 *    nr_zones * (2 + MIGRATE_PCPTYPES^2), nr_free_buffer_pages() / 20)
 *    pages when THP runs (totalram >= 512 MiB); __setup_per_zone_wmarks():
 *    min = pages_min * managed / lowmem (highmem, and on 6.12 movable:
 *    clamp(managed / 1024, 32, 128)), tmp = max(share / 4, managed *
 *    watermark_scale_factor / 10000), low = min + tmp, high = low + tmp,
 *    promo = high + tmp; setup_per_zone_lowmem_reserve() with the ratios
 *    256 (DMA, DMA32) and 32 (Normal).  The boot computes them before the
 *    late frees, so the hand-computed boots free a single known page
 *    late, and the sysctl tests compute from the managed counts as they
 *    are when the sysctl is written.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm-helpers.h"

static int setup(void **state)
{
	return tst_setup_version(state);
}

static int teardown(void **state)
{
	return tst_teardown_checked(state);
}

static bool is_v61(const struct cmasim *sim)
{
	return cmasim_get_kernel(sim) == CMASIM_KERNEL_6_1;
}

/* ---- /proc/zoneinfo, parsed ---- */

#define MAX_ZONES 16

struct zinfo {
	int nid;
	char name[16];
	long long min, low, high, promo, boost, spanned, present, managed;
	long long prot[8];
	int nprot;
};

struct zoneinfo {
	struct zinfo z[MAX_ZONES];
	int n;
};

static void parse_zoneinfo_line(struct zoneinfo *zi, const char *l)
{
	struct zinfo *z = zi->n ? &zi->z[zi->n - 1] : NULL;
	char name[16];
	long long v;
	int nid;

	if (sscanf(l, "Node %d, zone %15s", &nid, name) == 2) {
		assert_true(zi->n < MAX_ZONES);
		z = &zi->z[zi->n++];
		memset(z, 0, sizeof(*z));
		z->nid = nid;
		z->promo = -1;
		snprintf(z->name, sizeof(z->name), "%s", name);
		return;
	}
	if (!z)
		return;
	while (*l == ' ')
		l++;
	if (sscanf(l, "min %lld", &v) == 1)
		z->min = v;
	else if (sscanf(l, "low %lld", &v) == 1)
		z->low = v;
	else if (sscanf(l, "high %lld", &v) == 1)
		z->high = v;
	else if (sscanf(l, "promo %lld", &v) == 1)
		z->promo = v;
	else if (sscanf(l, "boost %lld", &v) == 1)
		z->boost = v;
	else if (sscanf(l, "spanned %lld", &v) == 1)
		z->spanned = v;
	else if (sscanf(l, "present %lld", &v) == 1)
		z->present = v;
	else if (sscanf(l, "managed %lld", &v) == 1)
		z->managed = v;
	else if (!strncmp(l, "protection: (", 13)) {
		const char *p = l + 13;
		char *end;

		z->nprot = 0;
		while (*p && *p != ')' && z->nprot < 8) {
			z->prot[z->nprot++] = strtoll(p, &end, 10);
			p = end;
			while (*p == ',' || *p == ' ')
				p++;
		}
	}
}

static void sim_zoneinfo(struct cmasim *sim, struct zoneinfo *zi)
{
	char *text = tst_file_text(sim, "/proc/zoneinfo", NULL);
	char *save = NULL;

	assert_non_null(text);
	memset(zi, 0, sizeof(*zi));
	for (char *l = strtok_r(text, "\n", &save); l;
	     l = strtok_r(NULL, "\n", &save))
		parse_zoneinfo_line(zi, l);
	free(text);
}

static const struct zinfo *zone_of(const struct zoneinfo *zi, int nid,
				   const char *name)
{
	for (int i = 0; i < zi->n; i++)
		if (zi->z[i].nid == nid && !strcmp(zi->z[i].name, name))
			return &zi->z[i];
	fail_msg("no zone %s on node %d in /proc/zoneinfo", name, nid);
	return NULL;
}

/*
 * The public getters agree with /proc/zoneinfo zone for zone (promo is
 * compared on 6.12, where the file shows it).
 */
static void assert_getters_match(struct cmasim *sim, const struct zoneinfo *zi)
{
	unsigned int n = cmasim_zone_count(sim);

	assert_int_equal(n, (unsigned int)zi->n);
	for (unsigned int i = 0; i < n; i++) {
		struct cmasim_zone_info info;
		const struct zinfo *z;

		assert_int_equal(cmasim_zone_get(sim, i, &info), 0);
		z = zone_of(zi, info.nid, info.name);
		assert_int_equal(info.wmark[CMASIM_WMARK_MIN], z->min);
		assert_int_equal(info.wmark[CMASIM_WMARK_LOW], z->low);
		assert_int_equal(info.wmark[CMASIM_WMARK_HIGH], z->high);
		if (z->promo >= 0)
			assert_int_equal(info.wmark[CMASIM_WMARK_PROMO],
					 z->promo);
		assert_int_equal(info.managed, z->managed);
		assert_int_equal(info.boost, z->boost);
	}
}

/* ---- The kernel's rules ---- */

static uint64_t int_sqrt(uint64_t x)
{
	uint64_t r = 0;

	while ((r + 1) * (r + 1) <= x)
		r++;
	return r;
}

static uint64_t mult_frac(uint64_t x, uint64_t n, uint64_t d)
{
	return (x / d) * n + ((x % d) * n) / d;
}

struct wm {
	uint64_t min, low, high, promo;
};

/* __setup_per_zone_wmarks() for one zone. */
static struct wm wmarks(uint64_t pages_min, uint64_t managed, uint64_t lowmem,
			bool capped, unsigned int scale_factor)
{
	uint64_t share = pages_min * managed / lowmem, tmp;
	struct wm w;

	if (capped) {
		w.min = managed / 1024;
		w.min = w.min < 32 ? 32 : w.min > 128 ? 128 : w.min;
	} else {
		w.min = share;
	}
	tmp = share >> 2;
	if (mult_frac(managed, scale_factor, 10000) > tmp)
		tmp = mult_frac(managed, scale_factor, 10000);
	w.low = w.min + tmp;
	w.high = w.low + tmp;
	w.promo = w.high + tmp;
	return w;
}

static void assert_wmarks(const struct zinfo *z, struct wm w, bool promo)
{
	if (z->min != (long long)w.min || z->low != (long long)w.low ||
	    z->high != (long long)w.high)
		fail_msg("node %d %s: min/low/high %lld/%lld/%lld, the kernel's rules give %llu/%llu/%llu",
			 z->nid, z->name, z->min, z->low, z->high,
			 (unsigned long long)w.min, (unsigned long long)w.low,
			 (unsigned long long)w.high);
	if (promo)
		assert_int_equal(z->promo, w.promo);
	else
		assert_int_equal(z->promo, -1);
}

/* A pc whose only late free is one kernel-image page (in DMA32). */
static struct cmasim *boot_one_late_page(const char *kernel, uint64_t mem,
					 const char *cmdline)
{
	struct cmasim *sim = tst_sim_new(NULL, kernel, NULL);
	struct cmasim_machine *m = NULL;

	assert_int_equal(cmasim_machine_qemu_pc(mem, 1, &m), 0);
	assert_int_equal(cmasim_machine_add_late_free(m,
			 "unused kernel image (initmem)", 4096), 0);
	assert_int_equal(cmasim_boot(sim, m, cmdline), 0);
	cmasim_machine_destroy(m);
	assert_true(tst_dmesg_has(sim, "Freeing unused kernel image (initmem) memory: 4K"));
	return sim;
}

/* ---- Hand-computed boots ---- */

/*
 *   256 MiB pc: DMA [4K, 16M) | DMA32 [16M, 256M - 128K)
 *   totalram < 512 MiB: hugepage_init() turns THP off, no khugepaged
 *   min_free_kbytes = int_sqrt((managed(DMA) + managed(DMA32)) * 4 * 16)
 * Expect calculate_min_free_kbytes() over the managed pages of the
 * watermark time (the final counts minus the one page freed late), the
 * per-zone shares, and DMA's protection = managed(DMA32) / 256.
 */
static void test_min_free_kbytes_without_thp(void **state)
{
	struct cmasim *sim = boot_one_late_page(tst_kernel_name(*state),
						256 * MiB, "");
	bool v61 = is_v61(sim);
	struct zoneinfo zi;
	const struct zinfo *dma, *dma32;
	uint64_t m_dma, m_dma32, lowmem, mfk;

	sim_zoneinfo(sim, &zi);
	dma = zone_of(&zi, 0, "DMA");
	dma32 = zone_of(&zi, 0, "DMA32");
	m_dma = (uint64_t)dma->managed;
	m_dma32 = (uint64_t)dma32->managed - 1;
	lowmem = m_dma + m_dma32;
	mfk = int_sqrt(lowmem * 4 * 16);
	assert_true(mfk > 128);
	assert_int_equal(cmasim_min_free_kbytes(sim), mfk);
	assert_wmarks(dma, wmarks(mfk >> 2, m_dma, lowmem, false, 10), !v61);
	assert_wmarks(dma32, wmarks(mfk >> 2, m_dma32, lowmem, false, 10),
		      !v61);
	assert_int_equal(dma->nprot, 5);
	assert_int_equal(dma->prot[0], 0);
	for (int j = 1; j < 5; j++)
		assert_int_equal(dma->prot[j], m_dma32 / 256);
	for (int j = 0; j < 5; j++)
		assert_int_equal(dma32->prot[j], 0);
	assert_false(tst_dmesg_has(sim, "raising min_free_kbytes"));
	assert_getters_match(sim, &zi);
	tst_sim_free(sim);
}

/*
 * The first pass of init_per_zone_wmark_min() (from @mfk) and khugepaged's
 * raise over @nz populated zones: the min_free_kbytes the boot ends with.
 */
static uint64_t thp_min_free_kbytes(const uint64_t *managed, int nz,
				    uint64_t mfk)
{
	uint64_t lowmem = 0, nfbp = 0, rec;

	for (int i = 0; i < nz; i++)
		lowmem += managed[i];
	for (int i = 0; i < nz; i++) {
		struct wm w = wmarks(mfk >> 2, managed[i], lowmem, false, 10);

		if (managed[i] > w.high)
			nfbp += managed[i] - w.high;
	}
	/* pageblock_nr_pages 512, MIGRATE_PCPTYPES 3: 2 + 3 * 3 */
	rec = 512 * (uint64_t)nz * (2 + 3 * 3);
	if (nfbp / 20 < rec)
		rec = nfbp / 20;
	rec <<= 2;
	return rec > mfk ? rec : mfk;
}

/*
 *   1 GiB pc: DMA + DMA32 populated (2 zones)
 *   recommended = 512 * 2 * 2 + 512 * 2 * 9 = 11264 pages = 45056 KiB
 *   (below 5% of nr_free_buffer_pages), above int_sqrt(...) ~ 3976
 * Expect khugepaged's recommendation to win, the watermarks to follow it,
 * and no "raising min_free_kbytes" line (user_min_free_kbytes is -1).
 */
static void test_min_free_kbytes_thp_recommended(void **state)
{
	struct cmasim *sim = boot_one_late_page(tst_kernel_name(*state), GiB,
						"");
	bool v61 = is_v61(sim);
	struct zoneinfo zi;
	const struct zinfo *dma, *dma32;
	uint64_t m[2], first;

	sim_zoneinfo(sim, &zi);
	dma = zone_of(&zi, 0, "DMA");
	dma32 = zone_of(&zi, 0, "DMA32");
	m[0] = (uint64_t)dma->managed;
	m[1] = (uint64_t)dma32->managed - 1;
	first = int_sqrt((m[0] + m[1]) * 4 * 16);
	assert_int_equal(thp_min_free_kbytes(m, 2, first), 45056);
	assert_int_equal(cmasim_min_free_kbytes(sim), 45056);
	assert_wmarks(dma, wmarks(11264, m[0], m[0] + m[1], false, 10), !v61);
	assert_wmarks(dma32, wmarks(11264, m[1], m[0] + m[1], false, 10),
		      !v61);
	assert_int_equal(dma->prot[1], m[1] / 256);
	assert_false(tst_dmesg_has(sim, "raising min_free_kbytes"));
	assert_getters_match(sim, &zi);
	tst_sim_free(sim);
}

/*
 *   640 MiB pc: nr_free_buffer_pages() / 20 < 11264
 *   min_free_kbytes = (nr_free_buffer_pages() / 20) << 2, with the high
 *   watermarks of the first pass subtracted
 * Expect the 5% cap of set_recommended_min_free_kbytes().
 */
static void test_min_free_kbytes_thp_capped(void **state)
{
	struct cmasim *sim = boot_one_late_page(tst_kernel_name(*state),
						640 * MiB, "");
	struct zoneinfo zi;
	uint64_t m[2], first, want;

	sim_zoneinfo(sim, &zi);
	m[0] = (uint64_t)zone_of(&zi, 0, "DMA")->managed;
	m[1] = (uint64_t)zone_of(&zi, 0, "DMA32")->managed - 1;
	first = int_sqrt((m[0] + m[1]) * 4 * 16);
	want = thp_min_free_kbytes(m, 2, first);
	assert_true(want < 45056);
	assert_true(want > first);
	assert_int_equal(cmasim_min_free_kbytes(sim), want);
	assert_wmarks(zone_of(&zi, 0, "DMA32"),
		      wmarks(want >> 2, m[1], m[0] + m[1], false, 10),
		      !is_v61(sim));
	tst_sim_free(sim);
}

/* ---- The sysctls ---- */

/*
 *   vm.min_free_kbytes = 20000 on a 2 GiB pc (DMA, DMA32):
 *   pages_min 5000 shared by managed pages; low/high/promo + tmp each
 * Expect the new value kept, every zone's watermarks recomputed from the
 * managed pages of now, and the protections left as they were.
 */
static void test_sysctl_min_free_kbytes(void **state)
{
	struct cmasim *sim = tst_boot_pc(tst_kernel_name(*state), 2 * GiB, 1,
					 "", NULL);
	bool v61 = is_v61(sim);
	struct zoneinfo before, zi;
	uint64_t lowmem = 0;

	sim_zoneinfo(sim, &before);
	assert_int_equal(cmasim_set_min_free_kbytes(sim, 20000), 0);
	assert_int_equal(cmasim_min_free_kbytes(sim), 20000);
	sim_zoneinfo(sim, &zi);
	for (int i = 0; i < zi.n; i++)
		lowmem += (uint64_t)zi.z[i].managed;
	for (int i = 0; i < zi.n; i++) {
		const struct zinfo *z = &zi.z[i];

		if (!z->managed)
			continue;
		assert_wmarks(z, wmarks(5000, (uint64_t)z->managed, lowmem,
					false, 10), !v61);
		assert_memory_equal(z->prot, before.z[i].prot, sizeof(z->prot));
		assert_int_equal(z->boost, 0);
	}
	assert_getters_match(sim, &zi);
	tst_sim_free(sim);
}

/*
 *   vm.watermark_scale_factor = 1000 (10% of each zone between marks)
 *   tmp = max(share / 4, managed * 1000 / 10000)
 * Expect the kswapd distances to grow with the factor while min stays.
 */
static void test_sysctl_watermark_scale_factor(void **state)
{
	struct cmasim *sim = tst_boot_pc(tst_kernel_name(*state), 2 * GiB, 1,
					 "", NULL);
	bool v61 = is_v61(sim);
	struct zoneinfo before, zi;
	uint64_t lowmem = 0, pages_min;

	sim_zoneinfo(sim, &before);
	pages_min = (uint64_t)cmasim_min_free_kbytes(sim) >> 2;
	assert_int_equal(cmasim_set_watermark_scale_factor(sim, 1000), 0);
	sim_zoneinfo(sim, &zi);
	for (int i = 0; i < zi.n; i++)
		lowmem += (uint64_t)zi.z[i].managed;
	for (int i = 0; i < zi.n; i++) {
		const struct zinfo *z = &zi.z[i];

		if (!z->managed)
			continue;
		assert_wmarks(z, wmarks(pages_min, (uint64_t)z->managed,
					lowmem, false, 1000), !v61);
		assert_true(z->low - z->min >
			    before.z[i].low - before.z[i].min);
	}
	assert_int_equal(cmasim_min_free_kbytes(sim), pages_min << 2);
	tst_sim_free(sim);
}

/*
 *   watermark_scale_factor: proc_dointvec_minmax 1..3000
 *   min_free_kbytes: proc_dointvec_minmax >= 0
 *   before the page allocator runs: nothing to set
 * Expect out-of-range values refused with -EINVAL and the watermarks
 * kept, NULL refused, and calls before the boot refused with -EPERM.
 */
static void test_sysctl_bad_values(void **state)
{
	struct cmasim *early = *state;
	struct cmasim *sim = tst_boot_pc(tst_kernel_name(early), GiB, 1, "",
					 NULL);
	struct zoneinfo before, after;

	sim_zoneinfo(sim, &before);
	assert_errno(cmasim_set_watermark_scale_factor(sim, 0), -EINVAL);
	assert_errno(cmasim_set_watermark_scale_factor(sim, 3001), -EINVAL);
	assert_errno(cmasim_set_watermark_scale_factor(sim, -1), -EINVAL);
	assert_errno(cmasim_set_min_free_kbytes(sim, -1), -EINVAL);
	assert_true(tst_diag_contains(sim, "the sysctl accepts 1..3000"));
	sim_zoneinfo(sim, &after);
	assert_memory_equal(&before, &after, sizeof(before));
	assert_int_equal(cmasim_min_free_kbytes(sim), 45056);
	assert_int_equal(cmasim_set_watermark_scale_factor(sim, 1), 0);
	assert_int_equal(cmasim_set_watermark_scale_factor(sim, 3000), 0);
	assert_int_equal(cmasim_set_min_free_kbytes(sim, 0), 0);
	assert_errno(cmasim_set_min_free_kbytes(NULL, 1024), -EINVAL);
	assert_errno(cmasim_set_watermark_scale_factor(NULL, 10), -EINVAL);
	assert_errno(cmasim_set_min_free_kbytes(early, 1024), -EPERM);
	assert_errno(cmasim_set_watermark_scale_factor(early, 10), -EPERM);
	assert_int_equal(cmasim_min_free_kbytes(early), 0);
	assert_int_equal(cmasim_min_free_kbytes(NULL), 0);
	tst_sim_free(sim);
}

/*
 *   movablecore=512M on a 2 GiB pc: DMA | DMA32 | Movable (top 512M)
 *   6.1:  ZONE_MOVABLE is lowmem on 64-bit: it takes its share of min
 *   6.12: ZONE_MOVABLE is left out: min = clamp(managed / 1024, 32, 128)
 * Expect each version's rule after vm.min_free_kbytes = 16000.
 */
static void test_movable_zone_per_version(void **state)
{
	struct cmasim *sim = tst_boot_pc(tst_kernel_name(*state), 2 * GiB, 1,
					 "movablecore=512M", NULL);
	bool v61 = is_v61(sim);
	struct zoneinfo zi;
	const struct zinfo *dma, *dma32, *mov;
	uint64_t lowmem;

	assert_int_equal(cmasim_set_min_free_kbytes(sim, 16000), 0);
	sim_zoneinfo(sim, &zi);
	dma = zone_of(&zi, 0, "DMA");
	dma32 = zone_of(&zi, 0, "DMA32");
	mov = zone_of(&zi, 0, "Movable");
	assert_true(mov->managed > 100000);
	lowmem = (uint64_t)(dma->managed + dma32->managed);
	if (v61)
		lowmem += (uint64_t)mov->managed;
	assert_wmarks(dma, wmarks(4000, (uint64_t)dma->managed, lowmem,
				  false, 10), !v61);
	assert_wmarks(dma32, wmarks(4000, (uint64_t)dma32->managed, lowmem,
				    false, 10), !v61);
	assert_wmarks(mov, wmarks(4000, (uint64_t)mov->managed, lowmem, !v61,
				  10), !v61);
	if (!v61)
		assert_int_equal(mov->min, mov->managed / 1024);
	tst_sim_free(sim);
}

/*
 *   32-bit arm, 2 GiB at 1 GiB: Normal (760 MiB lowmem) | HighMem | Movable
 *   highmem and movable: min = clamp(managed / 1024, 32, 128)
 *   low/high use the uncapped share: pages_min * managed / lowmem
 *   Normal's protection = managed(HighMem + Movable) / 32
 * Expect the highmem rule on both versions after vm.min_free_kbytes =
 * 4000, the empty Movable zone at 32 for every mark, and the Normal
 * zone's lowmem_reserve with the ratio 32.
 */
static void test_highmem_zones_arm(void **state)
{
	struct cmasim *sim = tst_sim_new("arm", tst_kernel_name(*state), NULL);
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_ARM);
	bool v61 = is_v61(sim);
	struct zoneinfo zi;
	const struct zinfo *nrm, *hi, *mov;

	assert_int_equal(cmasim_machine_add_e820(m, GiB, 2 * GiB,
						 CMASIM_E820_RAM), 0);
	assert_int_equal(cmasim_boot(sim, m, ""), 0);
	cmasim_machine_destroy(m);
	sim_zoneinfo(sim, &zi);
	nrm = zone_of(&zi, 0, "Normal");
	hi = zone_of(&zi, 0, "HighMem");
	assert_int_equal(nrm->prot[1], hi->managed / 32);
	assert_int_equal(cmasim_set_min_free_kbytes(sim, 4000), 0);
	sim_zoneinfo(sim, &zi);
	nrm = zone_of(&zi, 0, "Normal");
	hi = zone_of(&zi, 0, "HighMem");
	mov = zone_of(&zi, 0, "Movable");
	assert_wmarks(nrm, wmarks(1000, (uint64_t)nrm->managed,
				  (uint64_t)nrm->managed, false, 10), !v61);
	assert_int_equal(nrm->min, 1000);
	assert_wmarks(hi, wmarks(1000, (uint64_t)hi->managed,
				 (uint64_t)nrm->managed, true, 10), !v61);
	assert_int_equal(mov->managed, 0);
	assert_int_equal(mov->min, 32);
	assert_int_equal(mov->low, 32);
	assert_int_equal(mov->high, 32);
	assert_getters_match(sim, &zi);
	tst_sim_free(sim);
}

/*
 *   6.1 zoneinfo: min low high spanned ...      (no promo line)
 *   6.12 zoneinfo: min low high promo spanned ...
 * Expect the promo line on 6.12 only, at high + tmp.
 */
static void test_promo_line_per_version(void **state)
{
	struct cmasim *sim = tst_boot_pc(tst_kernel_name(*state), GiB, 1, "",
					 NULL);
	struct zoneinfo zi;
	const struct zinfo *z;

	sim_zoneinfo(sim, &zi);
	z = zone_of(&zi, 0, "DMA32");
	if (is_v61(sim))
		assert_int_equal(z->promo, -1);
	else
		assert_int_equal(z->promo, z->high + (z->high - z->low));
	tst_sim_free(sim);
}

/* ---- The real captures ---- */

/*
 * Boot the modelled pc of capture @c and compare every zone's min, low,
 * high, promo, managed and protection with the capture's /proc/zoneinfo.
 */
static void check_capture(const struct tst_capture *c)
{
	char *text = tst_capture_text(c->dir, c->name);
	struct zoneinfo want = { .n = 0 }, got;
	struct cmasim *sim;
	char **want_lines;

	assert_non_null(text);
	want_lines = tst_capture_section(text, "PROC_ZONEINFO");
	assert_non_null(want_lines);
	for (char **l = want_lines; *l; l++)
		parse_zoneinfo_line(&want, *l);
	tst_strv_free(want_lines);
	free(text);
	sim = tst_boot_capture_pc(c);

	sim_zoneinfo(sim, &got);
	assert_int_equal(got.n, want.n);
	for (int i = 0; i < want.n; i++) {
		const struct zinfo *w = &want.z[i];
		const struct zinfo *g = zone_of(&got, w->nid, w->name);

		if (g->min != w->min || g->low != w->low ||
		    g->high != w->high || g->promo != w->promo ||
		    g->managed != w->managed)
			fail_msg("%s node %d %s: min/low/high/promo/managed %lld/%lld/%lld/%lld/%lld, the kernel's %lld/%lld/%lld/%lld/%lld",
				 c->name, w->nid, w->name, g->min, g->low,
				 g->high, g->promo, g->managed, w->min, w->low,
				 w->high, w->promo, w->managed);
		assert_int_equal(g->nprot, w->nprot);
		assert_memory_equal(g->prot, w->prot, sizeof(w->prot));
	}
	assert_getters_match(sim, &got);
	tst_sim_free(sim);
}

static const struct tst_capture captures_61[] = {
	{ "oracle", "s01_m512_nocma", 512 * MiB, 1 },
	{ "oracle", "s04_m1g_cma64M", GiB, 1 },
	{ "oracle", "s22_m4g_cma1G", 4 * GiB, 1 },
	{ "oracle", "s24_m5g_cma64M", 5 * GiB, 1 },
};

static const struct tst_capture captures_612[] = {
	{ "oracle-612", "s04_m1g_cma64M", GiB, 1 },
	{ "oracle-612", "s19_m1g_cma_noval", GiB, 1 },
	{ "oracle-612", "s24_m5g_cma64M", 5 * GiB, 1 },
	{ "oracle-612", "s48_numa2x3g_numa_cma_1_16M", 6 * GiB, 2 },
	{ "oracle-612", "s55_numa2x3g_cma256M_cma_pernuma64M", 6 * GiB, 2 },
};

/*
 *   6.1: s01 (512M, THP off), s04 (1G), s22 (4G, cma=1G), s24 (5G)
 *   6.12: s04, s19 (1G), s24 (5G), s48 and s55 (2 x 3G)
 * Expect each capture's zone watermarks, managed pages and protections,
 * zone for zone, from the modelled machine of its size.
 */
static void test_zoneinfo_matches_captures(void **state)
{
	bool v61 = !strcmp(tst_kernel_name(*state), "6.1");
	const struct tst_capture *c = v61 ? captures_61 : captures_612;
	size_t n = v61 ? NR_OF(captures_61) : NR_OF(captures_612);

	for (size_t i = 0; i < n; i++)
		check_capture(&c[i]);
}

/*
 *   -m 2G, two nodes (s29 on 6.1 and 6.12, s43 on 6.12): node 1's DMA32
 *   6.1 min/low/high 8654/10817/12980
 *   The kernel frees "SMP alternatives" (36K/40K) in start_kernel(),
 *   before init_per_zone_wmark_min() shares pages_min out: its pages
 *   count in lowmem, and node 1's share is one page lower.
 * Expect the captures' watermarks.
 */
static void test_zoneinfo_matches_two_node_captures(void **state)
{
	static const struct tst_capture c61[] = {
		{ "oracle", "s29_numa2x1g_cma64M", 2 * GiB, 2 },
	};
	static const struct tst_capture c612[] = {
		{ "oracle-612", "s29_numa2x1g_cma64M", 2 * GiB, 2 },
		{ "oracle-612", "s43_numa2x1g_cma_pernuma16M", 2 * GiB, 2 },
	};
	bool v61 = !strcmp(tst_kernel_name(*state), "6.1");
	const struct tst_capture *c = v61 ? c61 : c612;
	size_t n = v61 ? NR_OF(c61) : NR_OF(c612);

	for (size_t i = 0; i < n; i++)
		check_capture(&c[i]);
}

/*
 *   6.1 __setup_per_zone_wmarks(): _watermark[WMARK_PROMO] = high + tmp
 *   (used by memory tiering; /proc/zoneinfo of 6.1 does not print it)
 * Expect the getter's promo mark at high + tmp on 6.1 too.
 */
static void test_promo_getter_61(void **state)
{
	struct cmasim *sim = tst_boot_pc(tst_kernel_name(*state), GiB, 1, "",
					 NULL);
	struct cmasim_zone_info info;

	for (unsigned int i = 0; i < cmasim_zone_count(sim); i++) {
		assert_int_equal(cmasim_zone_get(sim, i, &info), 0);
		if (!info.managed)
			continue;
		assert_int_equal(info.wmark[CMASIM_WMARK_PROMO],
				 info.wmark[CMASIM_WMARK_HIGH] +
				 (info.wmark[CMASIM_WMARK_HIGH] -
				  info.wmark[CMASIM_WMARK_LOW]));
	}
	tst_sim_free(sim);
}

/* ---- On machines built with memblock calls (mm-helpers) ----
 *
 * The watermark state read straight from the zones, on machines built
 * without the boot code: tst_small_x86()'s 64 MiB (DMA [4K, 16M), DMA32
 * [16M, 64M)) and a 2 GiB one with movablecore=1G.
 */

/*
 * min_free_kbytes = int_sqrt(lowmem_kb * 16), then THP's recommended
 * minimum (2 + 9 pageblocks per zone, at most 5% of lowmem).
 * Expect the computed values on the 64 MiB machine for both versions.
 */
static void test_watermarks_min_free_kbytes(void **state)
{
	struct cmasim *sim = *state;
	struct cms_zone *d32 = tst_zone(sim, 0, CMS_ZONE_DMA32);
	uint64_t lowmem = sim->mm->totalram_pages, pm, tmp;

	/* below 512 MiB THP is off: the square root stays */
	assert_true(cmasim_min_free_kbytes(sim) > 128);
	pm = (uint64_t)cmasim_min_free_kbytes(sim) >> 2;
	tmp = pm * d32->managed / lowmem;
	assert_int_equal(d32->wmark[CMASIM_WMARK_MIN], tmp);
	tmp = tmp / 4 > d32->managed * 10 / 10000 ?
	      tmp / 4 : d32->managed * 10 / 10000;
	assert_int_equal(d32->wmark[CMASIM_WMARK_LOW],
			 d32->wmark[CMASIM_WMARK_MIN] + tmp);
	assert_int_equal(d32->wmark[CMASIM_WMARK_HIGH],
			 d32->wmark[CMASIM_WMARK_MIN] + 2 * tmp);
	assert_int_equal(d32->wmark[CMASIM_WMARK_PROMO],
			 d32->wmark[CMASIM_WMARK_MIN] + 3 * tmp);
	/* lowmem_reserve: DMA protects DMA32 pages / 256 */
	assert_int_equal(tst_zone(sim, 0, CMS_ZONE_DMA)->lowmem_reserve[1],
			 d32->managed / 256);
}

/*
 * hugepage_init() turns THP off below 512 MiB of totalram, so khugepaged
 * never raises min_free_kbytes there:
 *   64 MiB: min_free_kbytes = int_sqrt(lowmem_kb * 16)
 *   1 GiB:  THP's 2 + 9 pageblocks for DMA and DMA32 = 11264 pages
 * Expect the square root on 64 MiB and 45056 KiB on 1 GiB,
 * on both versions.
 */
static void test_watermarks_thp_min_free_kbytes_needs_512m(void **state)
{
	static const struct tst_range big[] = { { 0x100000, GiB, 0 } };
	struct cmasim *sim = *state;
	uint64_t x = sim->mm->totalram_pages * 4 * 16, r = 0;
	struct cmasim *one_g;

	while ((r + 1) * (r + 1) <= x)
		r++;
	assert_int_equal(cmasim_min_free_kbytes(sim), r);
	one_g = tst_sim_new(NULL, tst_kernel_name(sim), NULL);
	tst_mm_boot(one_g, big, 1, NULL, 0);
	assert_int_equal(cmasim_min_free_kbytes(one_g), 11264 * 4);
	tst_sim_free(one_g);
}

/*
 * __setup_per_zone_wmarks(): 6.1 caps WMARK_MIN only for highmem zones,
 * so a 64-bit ZONE_MOVABLE is a lowmem zone there; 6.12 caps Movable too.
 * movablecore=1G on 0..2G, min_free_kbytes=4096 (1024 pages):
 *   [DMA][DMA32 ..1G][Movable 1G..2G]
 *   6.1:  min(zone) = 1024 * managed(zone) / managed(all three)
 *   6.12: min(Movable) = clamp(managed / 1024, 32, 128) = 128,
 *         the 1024 pages split between DMA and DMA32 only
 * Expect those numbers.
 */
static void test_watermarks_movable_zone_min_per_version(void **state)
{
	static const struct tst_range mem[] = { { 0, 2 * GiB, 0 } };
	struct cmasim *sim = *state;
	bool v61 = tst_v61(sim);
	struct cms_core_param kc = { 0 };
	struct cms_core_param mc = { .given = true, .bytes = GiB };
	struct cms_zone *dma, *d32, *mv;
	uint64_t low;

	cms_mm_set_core_params(sim, &kc, &mc);
	tst_mm_boot(sim, mem, 1, NULL, 0);
	assert_errno(cmasim_set_min_free_kbytes(sim, 4096), 0);
	dma = tst_zone(sim, 0, CMS_ZONE_DMA);
	d32 = tst_zone(sim, 0, CMS_ZONE_DMA32);
	mv = tst_zone(sim, 0, CMS_ZONE_MOVABLE);
	low = dma->managed + d32->managed + (v61 ? mv->managed : 0);
	assert_int_equal(d32->wmark[CMASIM_WMARK_MIN],
			 1024 * d32->managed / low);
	assert_int_equal(mv->wmark[CMASIM_WMARK_MIN],
			 v61 ? 1024 * mv->managed / low : 128);
}

/* watermark_scale_factor=100: low = min + managed/100.  Expect it. */
static void test_watermark_scale_factor_sysctl(void **state)
{
	struct cmasim *sim = *state;
	struct cms_zone *d32 = tst_zone(sim, 0, CMS_ZONE_DMA32);

	assert_errno(cmasim_set_watermark_scale_factor(sim, 0), -EINVAL);
	assert_errno(cmasim_set_watermark_scale_factor(sim, 3001), -EINVAL);
	assert_errno(cmasim_set_watermark_scale_factor(sim, 1000), 0);
	assert_int_equal(d32->wmark[CMASIM_WMARK_LOW] - d32->wmark[CMASIM_WMARK_MIN],
			 d32->managed / 10);
	assert_errno(cmasim_set_min_free_kbytes(sim, -1), -EINVAL);
	assert_errno(cmasim_set_min_free_kbytes(sim, 4096), 0);
	assert_int_equal(cmasim_min_free_kbytes(sim), 4096);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

static const struct CMUnitTest tests[] = {
	T(test_min_free_kbytes_without_thp),
	T(test_min_free_kbytes_thp_recommended),
	T(test_min_free_kbytes_thp_capped),
	T(test_sysctl_min_free_kbytes),
	T(test_sysctl_watermark_scale_factor),
	T(test_sysctl_bad_values),
	T(test_movable_zone_per_version),
	T(test_highmem_zones_arm),
	T(test_promo_line_per_version),
	T(test_promo_getter_61),
	cmocka_unit_test_setup_teardown(test_watermarks_min_free_kbytes,
					tst_setup_small_x86, teardown),
	cmocka_unit_test_setup_teardown(test_watermarks_thp_min_free_kbytes_needs_512m,
					tst_setup_small_x86, teardown),
	T(test_watermarks_movable_zone_min_per_version),
	cmocka_unit_test_setup_teardown(test_watermark_scale_factor_sysctl,
					tst_setup_small_x86, teardown),
};

static const struct CMUnitTest capture_tests[] = {
	T(test_zoneinfo_matches_captures),
	T(test_zoneinfo_matches_two_node_captures),
};

int main(void)
{
	struct CMUnitTest all[NR_OF(tests) + NR_OF(capture_tests)];
	size_t n = NR_OF(tests);

	memcpy(all, tests, sizeof(tests));
	if (tst_captures_present(captures_61, NR_OF(captures_61)) &&
	    tst_captures_present(captures_612, NR_OF(captures_612))) {
		memcpy(all + n, capture_tests, sizeof(capture_tests));
		n += NR_OF(capture_tests);
	} else {
		printf("# no captures under $CMASIM_SHARED: the capture comparisons are left out\n");
	}
	return tst_run_per_version("page_alloc_wmark", all, n);
}
