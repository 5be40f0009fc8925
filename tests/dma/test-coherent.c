// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/dma/coherent.c (kernel/dma/coherent.c): declaring a
 * device's pool (memremap()'s refusal of System RAM, one pool per
 * device), allocation in aligned power-of-two runs, the release and mmap
 * range checks, the global pool, and the reserved-memory hooks
 * (rmem_dma_setup(), the linux,dma-default record, rmem_dma_device_init()).
 * Every test runs on Linux 6.1 and on 6.12; where they differ (the
 * default record, a misaligned release) each asserts its own version.
 *
 * The fixture is the memory arm64 has once the device tree is read: 2 GiB
 * at 1 GiB with a no-map region at 0x70000000 (8 MiB) and 0x7f000000
 * (1 MiB), then the instance marked running, since coherent.c reads only
 * memblock and the phase.  One test boots a real x86_64 machine instead.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib.h>

#include "helpers.h"
#include "core/instance.h"
#include "dma/coherent.h"
#include "dma/mapping.h"

#define M(x) ((uint64_t)(x) << 20)
#define POOL 0x70000000u	/* no-map, 8 MiB */
#define SMALL 0x7f000000u	/* no-map, 1 MiB */

struct fx {
	struct cmasim *sim;
	struct cmasim_device *dev;
};

static int setup(void **state, const char *kernel)
{
	struct fx *f = g_new0(struct fx, 1);

	f->sim = tst_sim_new("arm64", kernel, NULL);
	assert_int_equal(cmasim_memblock_add(f->sim, 0x40000000, M(2048)), 0);
	assert_int_equal(cmasim_memblock_mark_nomap(f->sim, POOL, M(8)), 0);
	assert_int_equal(cmasim_memblock_mark_nomap(f->sim, SMALL, M(1)), 0);
	f->sim->phase = CMS_PHASE_RUNNING;
	assert_int_equal(cmasim_device_create(f->sim, "gpu", -1, &f->dev), 0);
	*state = f;
	return 0;
}

/* The fixture for the version of a per-version group. */
static int setup_version(void **state)
{
	return setup(state, tst_state_version(state));
}

static int teardown(void **state)
{
	struct fx *f = *state;

	tst_sim_free(f->sim);
	g_free(f);
	return 0;
}

static bool v61(const struct fx *f)
{
	return cmasim_get_kernel(f->sim) == CMASIM_KERNEL_6_1;
}

/* How many dmesg lines equal @line. */
static unsigned int dmesg_count(const struct cmasim *sim, const char *line)
{
	unsigned int n = 0;

	for (size_t i = 0; i < cmasim_dmesg_count(sim); i++)
		n += !strcmp(cmasim_dmesg_line(sim, i, NULL), line);
	return n;
}

static uint64_t used(const struct fx *f, struct cmasim_device *dev)
{
	struct cmasim_dma_coherent_info info;

	assert_int_equal(cmasim_dma_coherent_get_info(f->sim, dev, &info), 0);
	return info.used_pages;
}

/* ---- Declaring ---- */

/*
 *  0x70000000            0x70800000
 *  [ no-map: 2048 pages   ]  device sees it at 0x10000000
 * Expect a pool of 2048 free pages whose device base is the address it
 * was declared with.
 */
static void test_coherent_declare(void **state)
{
	struct fx *f = *state;
	struct cmasim_dma_coherent_info info;

	assert_int_equal(cmasim_dma_declare_coherent_memory(f->sim, f->dev,
			 POOL, 0x10000000, M(8)), 0);
	assert_int_equal(cmasim_dma_coherent_get_info(f->sim, f->dev, &info), 0);
	assert_int_equal(info.phys_base, POOL);
	assert_int_equal(info.cpu_base, POOL);
	assert_int_equal(info.device_base, 0x10000000);
	assert_int_equal(info.pages, 2048);
	assert_int_equal(info.used_pages, 0);
	assert_false(info.use_dev_dma_pfn_offset);
	/* device memory outside every memblock region maps as well */
	assert_int_equal(cmasim_device_create(f->sim, "fpga", -1, &f->dev), 0);
	assert_int_equal(cmasim_dma_declare_coherent_memory(f->sim, f->dev,
			 0x10000000, 0x10000000, M(1)), 0);
	assert_int_equal(cmasim_dma_coherent_get_info(f->sim, f->dev, &info), 0);
	assert_int_equal(info.pages, 256);
}

/*
 *  0x40000000   0x50000000        0x6ff00000|0x70000000
 *  [ RAM ...... [pool?] ......... [ RAM  | no-map ...
 * Expect memremap() to refuse RAM and a range that mixes RAM and no-map,
 * with the kernel's WARN text, and no pool left behind.
 */
static void test_coherent_declare_on_ram(void **state)
{
	struct fx *f = *state;
	struct cmasim_dma_coherent_info info;

	assert_errno(cmasim_dma_declare_coherent_memory(f->sim, f->dev,
		     0x50000000, 0x50000000, M(8)), -EINVAL);
	assert_true(tst_dmesg_has(f->sim,
		    "memremap attempted on ram 0x0000000050000000 size: 0x800000"));
	assert_errno(cmasim_dma_declare_coherent_memory(f->sim, f->dev,
		     0x6ff00000, 0x6ff00000, M(2)), -EINVAL);
	assert_true(tst_dmesg_has(f->sim,
		    "memremap attempted on mixed range 0x000000006ff00000 size: 0x200000"));
	assert_errno(cmasim_dma_coherent_get_info(f->sim, f->dev, &info),
		     -ENOENT);
}

/*
 * Expect the kernel's checks in its order: size 0 and a wrapping range
 * (-EINVAL) before the device is looked at, no device (-ENODEV), a second
 * pool (-EBUSY, the first one kept), a page count past INT_MAX (-ENOMEM
 * with the kernel's line), and nothing before the page allocator runs.
 */
static void test_coherent_declare_errors(void **state)
{
	struct fx *f = *state;
	struct cmasim *early;
	struct cmasim_device *d;

	assert_errno(cmasim_dma_declare_coherent_memory(f->sim, f->dev, POOL,
		     POOL, 0), -EINVAL);
	assert_errno(cmasim_dma_declare_coherent_memory(f->sim, NULL, POOL,
		     POOL, 0), -EINVAL);
	assert_errno(cmasim_dma_declare_coherent_memory(f->sim, f->dev,
		     UINT64_MAX - 0xfff, 0, M(1)), -EINVAL);
	assert_errno(cmasim_dma_declare_coherent_memory(f->sim, NULL, POOL,
		     POOL, M(8)), -ENODEV);
	assert_true(tst_diag_contains(f->sim, "NULL device"));
	assert_errno(cmasim_dma_declare_coherent_memory(NULL, f->dev, POOL,
		     POOL, M(8)), -EINVAL);
	assert_int_equal(cmasim_dma_declare_coherent_memory(f->sim, f->dev,
			 POOL, POOL, M(8)), 0);
	assert_errno(cmasim_dma_declare_coherent_memory(f->sim, f->dev, SMALL,
		     SMALL, M(1)), -EBUSY);
	assert_int_equal(used(f, f->dev), 0);
	assert_int_equal(cmasim_device_create(f->sim, "huge", -1, &d), 0);
	assert_errno(cmasim_dma_declare_coherent_memory(f->sim, d,
		     UINT64_C(1) << 44, 0, UINT64_C(1) << 43), -ENOMEM);
	assert_true(tst_dmesg_has(f->sim,
		    "Reserved memory: failed to init DMA memory pool at 0x0000100000000000, size 8388608 MiB"));

	early = tst_sim_new("arm64", NULL, NULL);
	assert_int_equal(cmasim_device_create(early, "gpu", -1, &d), 0);
	assert_errno(cmasim_dma_declare_coherent_memory(early, d, POOL, POOL,
		     M(8)), -EPERM);
	assert_true(tst_diag_contains(early, "before the page allocator runs"));
	assert_errno(cmasim_dma_init_global_coherent(early, POOL, M(8)),
		     -EPERM);
	tst_sim_free(early);
}

/* Expect dma_release_coherent_memory() to take the pool away, once. */
static void test_coherent_release_coherent_memory(void **state)
{
	struct fx *f = *state;
	struct cmasim_dma_coherent_info info;

	assert_int_equal(cmasim_dma_declare_coherent_memory(f->sim, f->dev,
			 POOL, POOL, M(8)), 0);
	assert_int_equal(cmasim_dma_release_coherent_memory(f->sim, f->dev), 0);
	assert_errno(cmasim_dma_coherent_get_info(f->sim, f->dev, &info),
		     -ENOENT);
	assert_errno(cmasim_dma_release_coherent_memory(f->sim, f->dev),
		     -ENOENT);
	assert_errno(cmasim_dma_release_coherent_memory(f->sim, NULL), -EINVAL);
	/* the device may have a pool again */
	assert_int_equal(cmasim_dma_declare_coherent_memory(f->sim, f->dev,
			 SMALL, SMALL, M(1)), 0);
}

/* ---- Allocation ---- */

/*
 *  page  0   1   2   3   4   5   6   7
 *       [a ][d ][b      ][c              ]
 * a: 1 page, b: 2 pages (order 1: page 2, as 0 is taken), c: 3 pages
 * rounded to order 2 (page 4), d: 1 page (the hole at 1).
 * Expect each run aligned to its own order, DMA and CPU addresses offset
 * alike from their bases.
 */
static void test_coherent_alloc_orders(void **state)
{
	struct fx *f = *state;
	uint64_t dma = 0, cpu = 0;

	assert_int_equal(cmasim_dma_declare_coherent_memory(f->sim, f->dev,
			 POOL, 0x10000000, 16 * 4096), 0);
	assert_int_equal(cmasim_dma_alloc_from_dev_coherent(f->sim, f->dev,
			 4096, &dma, &cpu), 0);
	assert_int_equal(cpu, POOL);
	assert_int_equal(dma, 0x10000000);
	assert_int_equal(cmasim_dma_alloc_from_dev_coherent(f->sim, f->dev,
			 8192, &dma, &cpu), 0);
	assert_int_equal(cpu, POOL + 2 * 4096);
	assert_int_equal(dma, 0x10000000 + 2 * 4096);
	assert_int_equal(cmasim_dma_alloc_from_dev_coherent(f->sim, f->dev,
			 3 * 4096, &dma, &cpu), 0);
	assert_int_equal(cpu, POOL + 4 * 4096);
	assert_int_equal(cmasim_dma_alloc_from_dev_coherent(f->sim, f->dev,
			 100, &dma, &cpu), 0);
	assert_int_equal(cpu, POOL + 1 * 4096);
	assert_int_equal(dma, 0x10000000 + 1 * 4096);
	assert_int_equal(used(f, f->dev), 1 + 2 + 4 + 1);
}

/*
 *  [p0 p1 p2]   a 3-page pool
 * Expect a request larger than the pool refused (-E2BIG), a request of
 * the pool's whole size refused too (order 2 needs 4 pages: the kernel's
 * quirk), a full pool refused (-ENOMEM), outputs untouched, no fallback.
 */
static void test_coherent_alloc_too_big_and_full(void **state)
{
	struct fx *f = *state;
	uint64_t dma = 7, cpu = 7;

	assert_int_equal(cmasim_dma_declare_coherent_memory(f->sim, f->dev,
			 POOL, POOL, 3 * 4096), 0);
	assert_errno(cmasim_dma_alloc_from_dev_coherent(f->sim, f->dev,
		     3 * 4096 + 1, &dma, &cpu), -E2BIG);
	assert_errno(cmasim_dma_alloc_from_dev_coherent(f->sim, f->dev,
		     3 * 4096, &dma, &cpu), -ENOMEM);
	assert_true(tst_diag_contains(f->sim, "no free run of 4 pages"));
	assert_int_equal(dma, 7);
	assert_int_equal(cpu, 7);
	for (int i = 0; i < 3; i++)
		assert_int_equal(cmasim_dma_alloc_from_dev_coherent(f->sim,
				 f->dev, 4096, &dma, &cpu), 0);
	assert_errno(cmasim_dma_alloc_from_dev_coherent(f->sim, f->dev, 4096,
		     &dma, &cpu), -ENOMEM);
	assert_int_equal(cpu, POOL + 2 * 4096);
	assert_int_equal(used(f, f->dev), 3);
}

/*
 * Expect no pool (or no device) to send the caller on to dma-direct
 * (-ENOENT), and bad arguments refused.
 */
static void test_coherent_alloc_no_pool(void **state)
{
	struct fx *f = *state;
	uint64_t dma, cpu;

	assert_errno(cmasim_dma_alloc_from_dev_coherent(f->sim, f->dev, 4096,
		     &dma, &cpu), -ENOENT);
	assert_errno(cmasim_dma_alloc_from_dev_coherent(f->sim, NULL, 4096,
		     &dma, &cpu), -ENOENT);
	assert_int_equal(cmasim_dma_declare_coherent_memory(f->sim, f->dev,
			 POOL, POOL, M(8)), 0);
	assert_errno(cmasim_dma_alloc_from_dev_coherent(f->sim, f->dev, 0,
		     &dma, &cpu), -EINVAL);
	assert_errno(cmasim_dma_alloc_from_dev_coherent(f->sim, f->dev, 4096,
		     NULL, &cpu), -EINVAL);
	assert_errno(cmasim_dma_alloc_from_dev_coherent(NULL, f->dev, 4096,
		     &dma, &cpu), -EINVAL);
	assert_int_equal(used(f, f->dev), 0);
}

/* ---- Release ---- */

/*
 *  virt_base                    virt_base + 8 MiB
 *  |<------------ pool ---------->|
 *  ^ ok                         ^ last byte ok, end itself: not ours
 * Expect "virt_base <= vaddr < virt_base + size" and nothing else: the
 * pages are cleared whether or not they were handed out.
 */
static void test_coherent_release_range(void **state)
{
	struct fx *f = *state;
	uint64_t dma, cpu;

	assert_errno(cmasim_dma_release_from_dev_coherent(f->sim, f->dev, 0,
		     POOL), -ENOENT);
	assert_errno(cmasim_dma_release_from_dev_coherent(f->sim, NULL, 0,
		     POOL), -ENOENT);
	assert_int_equal(cmasim_dma_declare_coherent_memory(f->sim, f->dev,
			 POOL, POOL, M(8)), 0);
	assert_int_equal(cmasim_dma_alloc_from_dev_coherent(f->sim, f->dev,
			 16384, &dma, &cpu), 0);
	assert_errno(cmasim_dma_release_from_dev_coherent(f->sim, f->dev, 2,
		     POOL - 1), -ERANGE);
	assert_errno(cmasim_dma_release_from_dev_coherent(f->sim, f->dev, 0,
		     POOL + M(8)), -ERANGE);
	assert_errno(cmasim_dma_release_from_dev_coherent(f->sim, f->dev, 31,
		     cpu), -EINVAL);
	assert_errno(cmasim_dma_release_from_dev_coherent(NULL, f->dev, 0,
		     cpu), -EINVAL);
	assert_int_equal(used(f, f->dev), 4);
	/* an address inside the buffer frees from its page on */
	assert_int_equal(cmasim_dma_release_from_dev_coherent(f->sim, f->dev,
			 2, cpu + 100), 0);
	assert_int_equal(used(f, f->dev), 0);
	/* the last page of the pool, never allocated: cleared all the same */
	assert_int_equal(cmasim_dma_release_from_dev_coherent(f->sim, f->dev,
			 0, POOL + M(8) - 1), 0);
	assert_true(tst_diag_contains(f->sim, "found 0 pages allocated"));
}

/*
 *  word 0 (pages 0..63)            word 1 (pages 64..127)
 *  [1111 ........... 11|11]        [11 ........... 1111]
 *                   62^  ^65
 * A 128-page region, then releases the pool never handed out: order 2 at
 * page 62 and order 6 at page 10.  Expect 6.12's bitmap_clear() to clear
 * exactly 4 and 64 bits; 6.1's __reg_op() the region's mask shifted to
 * the offset and cut at the word's end (pages 62-63, then 10-63).
 */
static void test_coherent_release_misaligned(void **state)
{
	struct fx *f = *state;
	uint64_t dma, cpu;

	assert_int_equal(cmasim_dma_declare_coherent_memory(f->sim, f->dev,
			 POOL, POOL, 128 * 4096), 0);
	assert_int_equal(cmasim_dma_alloc_from_dev_coherent(f->sim, f->dev,
			 128 * 4096, &dma, &cpu), 0);
	assert_int_equal(used(f, f->dev), 128);
	assert_int_equal(cmasim_dma_release_from_dev_coherent(f->sim, f->dev,
			 2, POOL + 62 * 4096), 0);
	assert_int_equal(used(f, f->dev), v61(f) ? 126 : 124);
	assert_int_equal(cmasim_dma_release_from_dev_coherent(f->sim, f->dev,
			 6, POOL + 10 * 4096), 0);
	/* 6.1: 10..63 (52 more, 62-63 clear already); 6.12: 10..73 (60) */
	assert_int_equal(used(f, f->dev), v61(f) ? 74 : 64);
}

/*
 * A 64-page pool released with order 7 from page 0.  Expect the bits of
 * the pool cleared, the words past its bitmap (where the kernel writes
 * beyond the allocation) left alone, and the overrun reported.
 */
static void test_coherent_release_overrun(void **state)
{
	struct fx *f = *state;
	uint64_t dma, cpu;

	assert_int_equal(cmasim_dma_declare_coherent_memory(f->sim, f->dev,
			 POOL, POOL, 64 * 4096), 0);
	assert_int_equal(cmasim_dma_alloc_from_dev_coherent(f->sim, f->dev,
			 64 * 4096, &dma, &cpu), 0);
	assert_int_equal(cmasim_dma_release_from_dev_coherent(f->sim, f->dev,
			 7, POOL), 0);
	assert_int_equal(used(f, f->dev), 0);
	assert_true(tst_diag_contains(f->sim, "runs past the pool's bitmap"));
}

/* ---- mmap ---- */

/*
 *  pool: [ ... | buf: 4 pages at page 4 | ... ]
 * Expect the vma checked against the buffer ("off < count && user_count
 * <= count - off", -ENXIO otherwise) once the buffer is inside the pool
 * ("vaddr + size <= end", -ERANGE otherwise), and the pfn of the page
 * mapped first.
 */
static void test_coherent_mmap(void **state)
{
	struct fx *f = *state;
	uint64_t base_pfn = POOL >> 12;
	uint64_t dma, cpu, a, pfn = 0;

	assert_errno(cmasim_dma_mmap_from_dev_coherent(f->sim, f->dev, POOL,
		     4096, 0, 1, &pfn), -ENOENT);
	assert_int_equal(cmasim_dma_declare_coherent_memory(f->sim, f->dev,
			 POOL, POOL, 16 * 4096), 0);
	assert_int_equal(cmasim_dma_alloc_from_dev_coherent(f->sim, f->dev,
			 4096, &dma, &a), 0);
	assert_int_equal(cmasim_dma_alloc_from_dev_coherent(f->sim, f->dev,
			 4 * 4096, &dma, &cpu), 0);
	assert_int_equal(cpu, POOL + 4 * 4096);

	assert_int_equal(cmasim_dma_mmap_from_dev_coherent(f->sim, f->dev, cpu,
			 4 * 4096, 0, 4, &pfn), 0);
	assert_int_equal(pfn, base_pfn + 4);
	assert_int_equal(cmasim_dma_mmap_from_dev_coherent(f->sim, f->dev, cpu,
			 4 * 4096, 2, 2, &pfn), 0);
	assert_int_equal(pfn, base_pfn + 6);
	/* a size that is not whole pages counts its last page */
	assert_int_equal(cmasim_dma_mmap_from_dev_coherent(f->sim, f->dev, cpu,
			 4096 + 1, 1, 1, &pfn), 0);
	assert_int_equal(pfn, base_pfn + 5);
	pfn = 0;
	assert_errno(cmasim_dma_mmap_from_dev_coherent(f->sim, f->dev, cpu,
		     4 * 4096, 4, 1, &pfn), -ENXIO);
	assert_errno(cmasim_dma_mmap_from_dev_coherent(f->sim, f->dev, cpu,
		     4 * 4096, 1, 4, &pfn), -ENXIO);
	assert_int_equal(pfn, 0);
	/* past the pool's end, below its start */
	assert_errno(cmasim_dma_mmap_from_dev_coherent(f->sim, f->dev,
		     POOL + 14 * 4096, 4 * 4096, 0, 1, &pfn), -ERANGE);
	assert_errno(cmasim_dma_mmap_from_dev_coherent(f->sim, f->dev,
		     POOL - 4096, 4096, 0, 1, &pfn), -ERANGE);
	assert_errno(cmasim_dma_mmap_from_dev_coherent(f->sim, f->dev,
		     UINT64_MAX - 10, 4096, 0, 1, &pfn), -ERANGE);
	/* the end itself with size 0 is "in" the pool, but maps nothing */
	assert_errno(cmasim_dma_mmap_from_dev_coherent(f->sim, f->dev,
		     POOL + 16 * 4096, 0, 0, 1, &pfn), -ENXIO);
	assert_errno(cmasim_dma_mmap_from_dev_coherent(f->sim, f->dev, cpu,
		     4096, 0, 0, &pfn), -EINVAL);
	assert_errno(cmasim_dma_mmap_from_dev_coherent(f->sim, f->dev, cpu,
		     4096, 0, 1, NULL), -EINVAL);
}

/* ---- The global pool ---- */

/*
 * Expect every global call to find no pool before dma_init_global_coherent()
 * (-ENOENT), then a pool whose device base is phys_to_dma() of its first
 * page, serving alloc, release and mmap; a second init replaces it.
 */
static void test_coherent_global_pool(void **state)
{
	struct fx *f = *state;
	struct cmasim_dma_coherent_info info;
	uint64_t dma, cpu, pfn;

	assert_errno(cmasim_dma_alloc_from_global_coherent(f->sim, f->dev,
		     4096, &dma, &cpu), -ENOENT);
	assert_errno(cmasim_dma_release_from_global_coherent(f->sim, 0, POOL),
		     -ENOENT);
	assert_errno(cmasim_dma_mmap_from_global_coherent(f->sim, POOL, 4096,
		     0, 1, &pfn), -ENOENT);
	assert_errno(cmasim_dma_coherent_get_info(f->sim, NULL, &info),
		     -ENOENT);
	assert_errno(cmasim_dma_init_global_coherent(f->sim, 0x50000000,
		     M(8)), -EINVAL);
	assert_errno(cmasim_dma_init_global_coherent(f->sim, POOL, 0),
		     -EINVAL);

	assert_int_equal(cmasim_dma_init_global_coherent(f->sim, POOL, M(8)),
			 0);
	assert_true(tst_dmesg_has(f->sim, "DMA: default coherent area is set"));
	assert_int_equal(cmasim_dma_coherent_get_info(f->sim, NULL, &info), 0);
	assert_true(info.use_dev_dma_pfn_offset);
	assert_int_equal(info.device_base, POOL);
	assert_int_equal(info.pages, 2048);
	assert_int_equal(cmasim_dma_alloc_from_global_coherent(f->sim, NULL,
			 M(1), &dma, &cpu), 0);
	assert_int_equal(dma, POOL);
	assert_int_equal(cpu, POOL);
	assert_errno(cmasim_dma_alloc_from_global_coherent(f->sim, f->dev,
		     M(16), &dma, &cpu), -E2BIG);
	assert_int_equal(cmasim_dma_mmap_from_global_coherent(f->sim, cpu, M(1),
			 0, 256, &pfn), 0);
	assert_int_equal(pfn, POOL >> 12);
	assert_errno(cmasim_dma_release_from_global_coherent(f->sim, 8,
		     POOL + M(8)), -ERANGE);
	assert_int_equal(cmasim_dma_release_from_global_coherent(f->sim, 8,
			 cpu), 0);
	assert_int_equal(used(f, NULL), 0);
	/* a device's own pool is not the global one */
	assert_errno(cmasim_dma_coherent_get_info(f->sim, f->dev, &info),
		     -ENOENT);
	assert_int_equal(cmasim_dma_init_global_coherent(f->sim, SMALL, M(1)),
			 0);
	assert_int_equal(cmasim_dma_coherent_get_info(f->sim, NULL, &info), 0);
	assert_int_equal(info.pages, 256);
}

/* ---- Reserved memory ---- */

/*
 * Expect rmem_dma_setup() to leave reusable regions to CMA (-EINVAL, no
 * line), to print the pool it accepts, and linux,dma-default to count
 * only with a record (CONFIG_DMA_GLOBAL_POOL).
 */
static void test_coherent_rmem_dma_setup(void **state)
{
	struct fx *f = *state;
	struct cms_dma_reserved_default d = { 0 };

	assert_errno(cms_rmem_dma_setup(f->sim, POOL, M(8), true, false,
					false, &d), -EINVAL);
	assert_int_equal(cmasim_dmesg_count(f->sim), 0);
	assert_int_equal(cms_rmem_dma_setup(f->sim, POOL, M(8), false, true,
					    true, NULL), 0);
	assert_true(tst_dmesg_has(f->sim,
		    "Reserved memory: created DMA memory pool at 0x0000000070000000, size 8 MiB"));
	assert_false(d.region);
	/* MiB truncate: a 1008 KiB pool reads "size 0 MiB" */
	assert_int_equal(cms_rmem_dma_setup(f->sim, SMALL, 1008 * 1024, false,
					    false, false, &d), 0);
	assert_true(tst_dmesg_has(f->sim,
		    "Reserved memory: created DMA memory pool at 0x000000007f000000, size 0 MiB"));
	assert_false(d.region);
	assert_int_equal(d.size, 0);
}

/* Expect 32-bit arm to refuse a pool without no-map, with its line. */
static void test_coherent_rmem_dma_setup_arm(void **state)
{
	struct cmasim *sim = tst_sim_new("arm", NULL, NULL);

	assert_errno(cms_rmem_dma_setup(sim, 0x30000000, M(4), false, false,
					false, NULL), -EINVAL);
	assert_true(tst_dmesg_has(sim,
		    "Reserved memory: regions without no-map are not yet supported"));
	assert_int_equal(cms_rmem_dma_setup(sim, 0x30000000, M(4), false, true,
					    false, NULL), 0);
	tst_sim_free(sim);
}

/*
 * The linux,dma-default record: 6.1 keeps the region, 6.12 its base and
 * size.  Expect, for no region, one, a zero-size one, and two, what each
 * version's WARN and core initcall make of it.
 */
static void test_coherent_reserved_default(void **state)
{
	struct fx *f = *state;
	const char *warn = "Reserved memory: region for default DMA coherent area is redefined";
	struct cms_dma_reserved_default none = { 0 }, one = { 0 };
	struct cms_dma_reserved_default zero = { 0 }, two = { 0 };

	assert_errno(cms_dma_init_reserved_memory(f->sim, &none), -ENOMEM);
	assert_errno(cms_dma_init_reserved_memory(f->sim, NULL), -ENOMEM);

	/* a zero-size default region, then a real one */
	assert_int_equal(cms_rmem_dma_setup(f->sim, SMALL, 0, false, true, true,
					    &zero), 0);
	assert_int_equal(dmesg_count(f->sim, warn), 0);
	assert_errno(cms_dma_init_reserved_memory(f->sim, &zero),
		     v61(f) ? -EINVAL : -ENOMEM);
	assert_int_equal(cms_rmem_dma_setup(f->sim, POOL, M(8), false, true,
					    true, &zero), 0);
	/* 6.1: a region was defined; 6.12: none of non-zero size */
	assert_int_equal(dmesg_count(f->sim, warn), v61(f) ? 1 : 0);

	assert_int_equal(cms_rmem_dma_setup(f->sim, POOL, M(8), false, true,
					    true, &one), 0);
	assert_int_equal(cms_dma_init_reserved_memory(f->sim, &one), 0);
	assert_true(tst_dmesg_has(f->sim, "DMA: default coherent area is set"));
	assert_int_equal(used(f, NULL), 0);

	assert_int_equal(cms_rmem_dma_setup(f->sim, SMALL, M(1), false, true,
					    true, &two), 0);
	assert_int_equal(cms_rmem_dma_setup(f->sim, POOL, M(8), false, true,
					    true, &two), 0);
	assert_int_equal(dmesg_count(f->sim, warn), v61(f) ? 2 : 1);
	assert_int_equal(two.base, POOL);
}

/*
 *  /reserved-memory/gpu@70000000 (no-map)  <- memory-region of gpu, vpu
 * Expect the region's pool made on first use (device base through
 * phys_to_dma()), shared by the second device, kept when one lets go,
 * a device with a pool refused (-EBUSY), a region over RAM refused, and
 * the warning when the pool lies past the device's coherent mask.
 */
static void test_coherent_rmem_device_init(void **state)
{
	struct fx *f = *state;
	struct cms_dma_coherent_mem *priv = NULL, *bad = NULL, *high = NULL;
	struct cmasim_dma_coherent_info info;
	struct cmasim_device *vpu, *dma32;
	struct cmasim_device *gpu = f->dev;
	uint64_t dma, cpu;

	assert_int_equal(cmasim_device_create(f->sim, "vpu", -1, &vpu), 0);
	assert_int_equal(cms_rmem_dma_device_init(f->sim, POOL, M(8), &priv,
						  gpu), 0);
	assert_non_null(priv);
	assert_int_equal(cms_rmem_dma_device_init(f->sim, POOL, M(8), &priv,
			 vpu), 0);
	assert_int_equal(cmasim_dma_coherent_get_info(f->sim, vpu, &info), 0);
	assert_true(info.use_dev_dma_pfn_offset);
	assert_int_equal(info.device_base, POOL);
	assert_int_equal(cmasim_dma_alloc_from_dev_coherent(f->sim, f->dev,
			 4096, &dma, &cpu), 0);
	/* one pool: the other device sees the page taken */
	assert_int_equal(used(f, vpu), 1);
	assert_errno(cms_rmem_dma_device_init(f->sim, POOL, M(8), &priv, gpu),
		     -EBUSY);
	cms_rmem_dma_device_release(gpu);
	assert_null(gpu->dma_mem);
	assert_int_equal(used(f, vpu), 1);

	assert_errno(cms_rmem_dma_device_init(f->sim, 0x50000000, M(8), &bad,
					      gpu), -EINVAL);
	assert_null(bad);

	/* a region above 4 GiB for a device with a 32-bit coherent mask */
	assert_int_equal(cmasim_device_create(f->sim, "dma32", -1, &dma32), 0);
	assert_int_equal(cms_rmem_dma_device_init(f->sim, UINT64_C(0x100000000),
			 M(1), &high, dma32), 0);
	assert_true(tst_dmesg_has(f->sim,
		    "dma32: reserved memory is beyond device's set DMA address range"));
	assert_false(tst_dmesg_has(f->sim,
		     "vpu: reserved memory is beyond device's set DMA address range"));

	/* the regions' own holds, which the reserved-memory table keeps */
	cms_dma_coherent_put(priv);
	cms_dma_coherent_put(high);
	/* the pool lives on for vpu, freed at teardown */
	assert_int_equal(used(f, vpu), 1);
}

/*
 * A real x86_64 boot (1 GiB qemu pc).  Expect RAM refused, the PCI hole
 * accepted, and a pool serving allocations.
 */
static void test_coherent_after_real_boot(void **state)
{
	struct fx *f = *state;
	struct cmasim *sim = tst_sim_new(NULL, v61(f) ? "6.1" : "6.12", NULL);
	struct cmasim_machine *m = NULL;
	struct cmasim_device *d;
	uint64_t dma, cpu;

	assert_int_equal(cmasim_device_create(sim, "nic", -1, &d), 0);
	assert_errno(cmasim_dma_declare_coherent_memory(sim, d, 0xfe000000,
		     0xfe000000, M(1)), -EPERM);
	assert_int_equal(cmasim_machine_qemu_pc(UINT64_C(1) << 30, 1, &m), 0);
	assert_int_equal(cmasim_boot(sim, m, ""), 0);
	assert_errno(cmasim_dma_declare_coherent_memory(sim, d, 0x10000000,
		     0x10000000, M(1)), -EINVAL);
	assert_true(tst_dmesg_has(sim,
		    "memremap attempted on ram 0x0000000010000000 size: 0x100000"));
	assert_int_equal(cmasim_dma_declare_coherent_memory(sim, d, 0xfe000000,
			 0x80000000, M(1)), 0);
	assert_int_equal(cmasim_dma_alloc_from_dev_coherent(sim, d, M(1), &dma,
			 &cpu), 0);
	assert_int_equal(dma, 0x80000000);
	assert_int_equal(cpu, 0xfe000000);
	cmasim_machine_destroy(m);
	tst_sim_free(sim);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, SETUP, teardown)
#define TESTS							\
	T(test_coherent_declare),				\
	T(test_coherent_declare_on_ram),			\
	T(test_coherent_declare_errors),			\
	T(test_coherent_release_coherent_memory),		\
	T(test_coherent_alloc_orders),				\
	T(test_coherent_alloc_too_big_and_full),		\
	T(test_coherent_alloc_no_pool),				\
	T(test_coherent_release_range),				\
	T(test_coherent_release_misaligned),			\
	T(test_coherent_release_overrun),			\
	T(test_coherent_mmap),					\
	T(test_coherent_global_pool),				\
	T(test_coherent_rmem_dma_setup),			\
	T(test_coherent_reserved_default),			\
	T(test_coherent_rmem_device_init),			\
	T(test_coherent_after_real_boot)

int main(void)
{
	const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_coherent_rmem_dma_setup_arm),
	};
#define SETUP setup_version
	const struct CMUnitTest per_version[] = { TESTS };
#undef SETUP

	return tst_run_groups("coherent", plain, G_N_ELEMENTS(plain),
			      per_version, G_N_ELEMENTS(per_version));
}
