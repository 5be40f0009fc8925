// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-device coherent memory: kernel/dma/coherent.c (6.1 and 6.12).  A
 * device may own one pool of memory that is not System RAM (a no-map
 * reserved-memory region, device memory); dma_alloc_coherent() serves the
 * device from it first and, when the pool is full, fails rather than fall
 * back.  Allocations are power-of-two runs of pages aligned to their own
 * order (bitmap_find_free_region()); releases and mmaps are accepted by an
 * address range test alone.  Mirrors dma_init_coherent_memory(),
 * dma_declare_coherent_memory(), dma_release_coherent_memory(),
 * dma_assign_coherent_memory(), dma_get_device_base(),
 * __dma_alloc_from_coherent(), __dma_release_from_coherent(),
 * __dma_mmap_from_coherent() and their _dev_ and _global_ wrappers,
 * dma_init_global_coherent(), rmem_dma_setup(), rmem_dma_device_init(),
 * rmem_dma_device_release() and the dma_init_reserved_memory() initcall,
 * with memremap()'s refusal of System RAM (kernel/iomem.c) and the two
 * bitmap region helpers (lib/bitmap.c in 6.1, include/linux/bitmap.h in
 * 6.12).
 *
 * The two versions differ in two places: the record of the
 * linux,dma-default region (6.1 keeps a pointer to the region, 6.12 its
 * base and size, which changes what "already defined" and "none" mean),
 * and bitmap_release_region() (6.1's __reg_op() clears whole words from
 * the bit's offset, 6.12's bitmap_clear() exactly 1 << order bits: they
 * agree on every release of a region the pool handed out).
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>

#include <glib.h>

#include "core/bitmap.h"
#include "core/instance.h"
#include "core/log.h"
#include "core/util.h"
#include "mm/cma.h"
#include "mm/memblock.h"
#include "dma/mapping.h"
#include "dma/coherent.h"
#include <cmasim/dma.h>

/* Largest order a pool of at most INT_MAX pages can hand out. */
#define MAX_POOL_ORDER	30u

static uint64_t pool_bytes(const struct cmasim *sim,
			   const struct cms_dma_coherent_mem *mem)
{
	return (uint64_t)mem->size << sim->page_shift;
}

/* ---- memremap() ---- */

enum region { REGION_DISJOINT, REGION_INTERSECTS, REGION_MIXED };

/*
 * region_intersects(start, size, IORESOURCE_SYSTEM_RAM): the top-level
 * iomem resources are memblock's memory regions, "System RAM" unless
 * NOMAP ("reserved"), as arm64's request_standard_resources() registers
 * them; a part of the range no region covers counts for neither.
 */
static enum region region_intersects_ram(const struct cmasim *sim,
					 uint64_t start, uint64_t size)
{
	const struct cms_memblock_type *mem = &sim->memblock->memory;
	uint64_t end = start + size - 1;
	unsigned int type = 0, other = 0;

	for (unsigned long i = 0; i < mem->cnt; i++) {
		const struct cms_memblock_region *r = &mem->regions[i];

		if (!r->size || r->base > end || r->base + r->size - 1 < start)
			continue;
		if (r->flags & CMASIM_MEMBLOCK_NOMAP)
			other++;
		else
			type++;
	}
	if (!type)
		return REGION_DISJOINT;
	return other ? REGION_MIXED : REGION_INTERSECTS;
}

/*
 * memremap(offset, size, MEMREMAP_WC): refused on a range that touches
 * System RAM, with a WARN_ONCE whose text we print (the backtrace and the
 * once-only are not modelled: docs/differences.md).
 */
static bool memremap_wc(struct cmasim *sim, uint64_t offset, uint64_t size)
{
	enum region is_ram = region_intersects_ram(sim, offset, size);
	char pa[19];

	if (is_ram == REGION_DISJOINT)
		return true;
	cms_pr_warn(sim, "memremap attempted on %s %s size: %#" PRIx64 "\n",
		    is_ram == REGION_MIXED ? "mixed range" : "ram",
		    cms_fmt_pa(sim, pa, offset), size);
	cms_explain(sim, "memremap(MEMREMAP_WC) maps no System RAM: a coherent pool needs memory outside it (a no-map reserved-memory region, device memory)");
	return false;
}

/* ---- The pool ---- */

int cms_dma_init_coherent_memory(struct cmasim *sim, uint64_t phys_addr,
				 uint64_t device_addr, uint64_t size,
				 bool use_dma_pfn_offset,
				 struct cms_dma_coherent_mem **out)
{
	uint64_t pages = size >> sim->page_shift;
	struct cms_dma_coherent_mem *mem;
	char pa[19];

	/* dma_init_coherent_memory()'s ERR_PTR(-EINVAL) */
	if (!size) {
		cms_client_bug(sim, "dma_init_coherent_memory(): size 0");
		return -EINVAL;
	}
	if (phys_addr + size - 1 < phys_addr) {
		cms_client_bug(sim, "dma_init_coherent_memory(): 0x%" PRIx64 " + 0x%" PRIx64 " passes 2^64",
			       phys_addr, size);
		return -EINVAL;
	}
	/* memremap() failing: also ERR_PTR(-EINVAL) */
	if (!memremap_wc(sim, phys_addr, size))
		return -EINVAL;
	/*
	 * kzalloc() or bitmap_zalloc() failing: ERR_PTR(-ENOMEM) and the
	 * pr_err below.  A page count past INT_MAX does not fit the
	 * kernel's int size; we refuse it the same way.
	 */
	mem = pages <= INT_MAX ? g_try_new0(struct cms_dma_coherent_mem, 1) :
				 NULL;
	if (mem) {
		mem->bitmap = g_try_new0(uint64_t, cms_bits_to_longs(pages) ?
					 cms_bits_to_longs(pages) : 1);
		if (!mem->bitmap) {
			g_free(mem);
			mem = NULL;
		}
	}
	if (!mem) {
		cms_pr_err(sim, "Reserved memory: failed to init DMA memory pool at %s, size %" PRIu64 " MiB\n",
			   cms_fmt_pa(sim, pa, phys_addr), size / CMS_SZ_1M);
		return -ENOMEM;
	}
	mem->virt_base = phys_addr;
	mem->device_base = device_addr;
	mem->pfn_base = phys_addr >> sim->page_shift;
	mem->size = (int)pages;
	mem->use_dev_dma_pfn_offset = use_dma_pfn_offset;
	mem->refs = 1;
	*out = mem;
	return 0;
}

void cms_dma_coherent_get(struct cms_dma_coherent_mem *mem)
{
	if (mem)
		mem->refs++;
}

void cms_dma_coherent_put(struct cms_dma_coherent_mem *mem)
{
	if (!mem || --mem->refs)
		return;
	g_free(mem->bitmap);
	g_free(mem);
}

int cms_dma_assign_coherent_memory(struct cmasim_device *dev,
				   struct cms_dma_coherent_mem *mem)
{
	if (!dev)
		return -ENODEV;
	if (dev->dma_mem)
		return -EBUSY;
	cms_dma_coherent_get(mem);
	dev->dma_mem = mem;
	return 0;
}

/* dma_get_device_base(): phys_to_dma() is the identity here. */
uint64_t cms_dma_get_device_base(const struct cmasim *sim,
				 const struct cms_dma_coherent_mem *mem)
{
	if (mem->use_dev_dma_pfn_offset)
		return mem->pfn_base << sim->page_shift;
	return mem->device_base;
}

/* ---- The bitmap (lib/bitmap.c, include/linux/bitmap.h) ---- */

/* bitmap_find_free_region(): the first free run of 1 << order, aligned. */
static int find_free_region(uint64_t *map, unsigned int bits,
			    unsigned int order)
{
	uint64_t len = UINT64_C(1) << order;

	for (uint64_t pos = 0; pos + len <= bits; pos += len) {
		if (cms_find_next_bit(map, pos + len, pos) < pos + len)
			continue;
		cms_bitmap_set(map, pos, len);
		return (int)pos;
	}
	return -ENOMEM;
}

/*
 * bitmap_release_region().  6.12: bitmap_clear(pos, 1 << order).  6.1:
 * __reg_op(REG_OP_RELEASE), which clears the same mask (the region's bits
 * within one word, shifted to the bit's offset and cut at the word's end)
 * in each of the words the region would span.  Words past the bitmap,
 * where the kernel would write beyond its allocation, are left alone.
 * Returns how many bits were set before.
 */
static uint64_t release_region(const struct cmasim *sim, uint64_t *map,
			       unsigned int bits, uint64_t pos,
			       unsigned int order, bool *overrun)
{
	uint64_t words = cms_bits_to_longs(bits), len = UINT64_C(1) << order;
	uint64_t was = 0;

	*overrun = false;
	if (!sim->ver->bitmap_release_clears_words) {
		uint64_t end = pos + len, limit = words * CMS_BITS_PER_LONG;

		if (end > limit) {
			*overrun = true;
			end = limit;
		}
		was = cms_bitmap_weight_range(map, pos, end);
		cms_bitmap_clear(map, pos, end - pos);
		return was;
	}
	{
		uint64_t index = pos / CMS_BITS_PER_LONG;
		unsigned int offset = (unsigned int)(pos % CMS_BITS_PER_LONG);
		uint64_t nlongs = cms_bits_to_longs(len);
		unsigned int inlong = len < CMS_BITS_PER_LONG ? (unsigned int)len :
				      CMS_BITS_PER_LONG;
		uint64_t mask = UINT64_C(1) << (inlong - 1);

		mask += mask - 1;
		mask <<= offset;
		for (uint64_t i = 0; i < nlongs; i++) {
			if (index + i >= words) {
				*overrun = true;
				break;
			}
			was += (uint64_t)__builtin_popcountll(map[index + i] &
							      mask);
			map[index + i] &= ~mask;
		}
	}
	return was;
}

/* ---- Allocation, release, mmap ---- */

int cms_dma_alloc_from_coherent(struct cmasim *sim,
				struct cms_dma_coherent_mem *mem, uint64_t size,
				uint64_t *dma_handle, uint64_t *cpu_addr)
{
	unsigned int order;
	int pageno;

	/*
	 * The kernel's get_order(0) is 52 with 4K pages: no region that
	 * large, NULL.  Said here as a bad argument.
	 */
	if (!size) {
		cms_client_bug(sim, "dma_alloc_from_coherent(): size 0");
		return -EINVAL;
	}
	if (size > pool_bytes(sim, mem)) {
		cms_explain(sim, "coherent pool at 0x%" PRIx64 ": %" PRIu64 " bytes exceed its %d pages: dma_alloc_coherent() returns NULL",
			    mem->virt_base, size, mem->size);
		return -E2BIG;
	}
	order = cms_get_order(size, sim->page_shift);
	pageno = find_free_region(mem->bitmap, (unsigned int)mem->size,
				  order);
	if (pageno < 0) {
		cms_explain(sim, "coherent pool at 0x%" PRIx64 ": no free run of %u pages aligned to its size: dma_alloc_coherent() returns NULL, without falling back",
			    mem->virt_base, 1u << order);
		return -ENOMEM;
	}
	*dma_handle = cms_dma_get_device_base(sim, mem) +
		      ((uint64_t)pageno << sim->page_shift);
	*cpu_addr = mem->virt_base + ((uint64_t)pageno << sim->page_shift);
	return 0;
}

int cms_dma_release_from_coherent(struct cmasim *sim,
				  struct cms_dma_coherent_mem *mem,
				  unsigned int order, uint64_t cpu_addr)
{
	uint64_t page, was;
	bool overrun;

	if (order > MAX_POOL_ORDER) {
		cms_client_bug(sim, "dma_release_from_coherent(): order %u: no pool holds a region that large",
			       order);
		return -EINVAL;
	}
	/* mem->virt_base <= vaddr < mem->virt_base + (size << PAGE_SHIFT) */
	if (cpu_addr < mem->virt_base ||
	    cpu_addr - mem->virt_base >= pool_bytes(sim, mem))
		return -ERANGE;
	page = (cpu_addr - mem->virt_base) >> sim->page_shift;
	was = release_region(sim, mem->bitmap, (unsigned int)mem->size, page,
			     order, &overrun);
	if (overrun)
		cms_client_bug(sim, "dma_release_from_coherent(): order %u from page %" PRIu64 " runs past the pool's bitmap (%d pages): the kernel would clear memory beyond it",
			       order, page, mem->size);
	else if (was != UINT64_C(1) << order)
		cms_explain(sim, "coherent pool at 0x%" PRIx64 ": release of order %u at page %" PRIu64 " found %" PRIu64 " pages allocated: the kernel clears the bits without checking",
			    mem->virt_base, order, page, was);
	return 0;
}

int cms_dma_mmap_from_coherent(struct cmasim *sim,
			       struct cms_dma_coherent_mem *mem,
			       uint64_t cpu_addr, uint64_t size,
			       uint64_t pgoff, uint64_t user_pages,
			       uint64_t *pfn)
{
	uint64_t start, count;

	/* vaddr >= virt_base && vaddr + size <= virt_base + pool bytes */
	if (cpu_addr < mem->virt_base || cpu_addr + size < cpu_addr ||
	    cpu_addr + size - mem->virt_base > pool_bytes(sim, mem))
		return -ERANGE;
	start = (cpu_addr - mem->virt_base) >> sim->page_shift;
	count = cms_align_up(size, sim->page_size) >> sim->page_shift;
	/* off < count && user_count <= count - off, else *ret = -ENXIO */
	if (pgoff >= count || user_pages > count - pgoff) {
		cms_explain(sim, "mmap of a coherent buffer of %" PRIu64 " pages at offset %" PRIu64 " for %" PRIu64 " pages: -ENXIO",
			    count, pgoff, user_pages);
		return -ENXIO;
	}
	*pfn = mem->pfn_base + start + pgoff;
	return 0;
}

/* ---- The public calls ---- */

static int check_running(struct cmasim *sim, const char *fn)
{
	if (sim->phase == CMS_PHASE_RUNNING)
		return 0;
	cms_client_bug(sim, "%s() before the page allocator runs: the kernel's kzalloc() is not there yet",
		       fn);
	return -EPERM;
}

int cmasim_dma_declare_coherent_memory(struct cmasim *sim,
				       struct cmasim_device *dev,
				       cmasim_phys_addr_t phys_addr,
				       uint64_t device_addr, uint64_t size)
{
	struct cms_dma_coherent_mem *mem;
	int ret;

	if (!sim)
		return -EINVAL;
	ret = check_running(sim, "dma_declare_coherent_memory");
	if (ret)
		return ret;
	if (cms_dma_check_device(sim, dev, true,
				 "cmasim_dma_declare_coherent_memory"))
		return -EINVAL;
	/* the kernel makes the pool first and checks the device after */
	ret = cms_dma_init_coherent_memory(sim, phys_addr, device_addr, size,
					   false, &mem);
	if (ret)
		return ret;
	ret = cms_dma_assign_coherent_memory(dev, mem);
	cms_dma_coherent_put(mem);
	if (ret == -ENODEV)
		cms_client_bug(sim, "dma_declare_coherent_memory(): NULL device");
	else if (ret == -EBUSY)
		cms_client_bug(sim, "dma_declare_coherent_memory(%s): the device has a coherent pool already (one per device)",
			       dev->name);
	return ret;
}

int cmasim_dma_release_coherent_memory(struct cmasim *sim,
				       struct cmasim_device *dev)
{
	if (!sim)
		return -EINVAL;
	if (cms_dma_check_device(sim, dev, false,
				 "cmasim_dma_release_coherent_memory"))
		return -EINVAL;
	if (!dev->dma_mem)
		return -ENOENT;
	cms_dma_coherent_put(dev->dma_mem);
	dev->dma_mem = NULL;
	return 0;
}

/* dev_get_coherent_memory(): NULL for a NULL device too */
static struct cms_dma_coherent_mem *dev_mem(struct cmasim_device *dev)
{
	return dev ? dev->dma_mem : NULL;
}

int cmasim_dma_alloc_from_dev_coherent(struct cmasim *sim,
				       struct cmasim_device *dev,
				       uint64_t size, uint64_t *dma_handle,
				       cmasim_phys_addr_t *cpu_addr)
{
	struct cms_dma_coherent_mem *mem = dev_mem(dev);

	if (!sim || !dma_handle || !cpu_addr)
		return -EINVAL;
	if (cms_dma_check_device(sim, dev, true,
				 "cmasim_dma_alloc_from_dev_coherent"))
		return -EINVAL;
	if (!mem)
		return -ENOENT;
	return cms_dma_alloc_from_coherent(sim, mem, size, dma_handle,
					   cpu_addr);
}

int cmasim_dma_release_from_dev_coherent(struct cmasim *sim,
					 struct cmasim_device *dev,
					 unsigned int order,
					 cmasim_phys_addr_t cpu_addr)
{
	struct cms_dma_coherent_mem *mem = dev_mem(dev);

	if (!sim)
		return -EINVAL;
	if (cms_dma_check_device(sim, dev, true,
				 "cmasim_dma_release_from_dev_coherent"))
		return -EINVAL;
	if (!mem)
		return -ENOENT;
	return cms_dma_release_from_coherent(sim, mem, order, cpu_addr);
}

static int mmap_args(struct cmasim *sim, uint64_t user_pages,
		     cmasim_pfn_t *pfn)
{
	if (!sim || !pfn)
		return -EINVAL;
	if (!user_pages) {
		cms_client_bug(sim, "dma_mmap_from_coherent(): a vma has at least one page");
		return -EINVAL;
	}
	return 0;
}

int cmasim_dma_mmap_from_dev_coherent(struct cmasim *sim,
				      struct cmasim_device *dev,
				      cmasim_phys_addr_t cpu_addr,
				      uint64_t size, uint64_t pgoff,
				      uint64_t user_pages, cmasim_pfn_t *pfn)
{
	struct cms_dma_coherent_mem *mem = dev_mem(dev);
	int ret = mmap_args(sim, user_pages, pfn);

	if (ret)
		return ret;
	if (cms_dma_check_device(sim, dev, true,
				 "cmasim_dma_mmap_from_dev_coherent"))
		return -EINVAL;
	if (!mem)
		return -ENOENT;
	return cms_dma_mmap_from_coherent(sim, mem, cpu_addr, size, pgoff,
					  user_pages, pfn);
}

/* ---- The global pool (CONFIG_DMA_GLOBAL_POOL) ---- */

int cmasim_dma_init_global_coherent(struct cmasim *sim,
				    cmasim_phys_addr_t phys_addr,
				    uint64_t size)
{
	struct cms_dma_coherent_mem *mem;
	int ret;

	if (!sim)
		return -EINVAL;
	ret = check_running(sim, "dma_init_global_coherent");
	if (!ret)
		ret = cms_dma_init_coherent_memory(sim, phys_addr, phys_addr,
						   size, true, &mem);
	if (ret)
		return ret;
	cms_dma_coherent_put(sim->dma->coherent_default);
	sim->dma->coherent_default = mem;
	cms_pr_info(sim, "DMA: default coherent area is set\n");
	return 0;
}

int cmasim_dma_alloc_from_global_coherent(struct cmasim *sim,
					  struct cmasim_device *dev,
					  uint64_t size, uint64_t *dma_handle,
					  cmasim_phys_addr_t *cpu_addr)
{
	if (!sim || !dma_handle || !cpu_addr)
		return -EINVAL;
	if (cms_dma_check_device(sim, dev, true,
				 "cmasim_dma_alloc_from_global_coherent"))
		return -EINVAL;
	if (!sim->dma->coherent_default)
		return -ENOENT;
	return cms_dma_alloc_from_coherent(sim, sim->dma->coherent_default,
					   size, dma_handle, cpu_addr);
}

int cmasim_dma_release_from_global_coherent(struct cmasim *sim,
					    unsigned int order,
					    cmasim_phys_addr_t cpu_addr)
{
	if (!sim)
		return -EINVAL;
	if (!sim->dma->coherent_default)
		return -ENOENT;
	return cms_dma_release_from_coherent(sim, sim->dma->coherent_default,
					     order, cpu_addr);
}

int cmasim_dma_mmap_from_global_coherent(struct cmasim *sim,
					 cmasim_phys_addr_t cpu_addr,
					 uint64_t size, uint64_t pgoff,
					 uint64_t user_pages, cmasim_pfn_t *pfn)
{
	int ret = mmap_args(sim, user_pages, pfn);

	if (ret)
		return ret;
	if (!sim->dma->coherent_default)
		return -ENOENT;
	return cms_dma_mmap_from_coherent(sim, sim->dma->coherent_default,
					  cpu_addr, size, pgoff, user_pages,
					  pfn);
}

void cms_dma_coherent_mem_info(const struct cmasim *sim,
			       const struct cms_dma_coherent_mem *mem,
			       struct cmasim_dma_coherent_info *info)
{
	info->phys_base = mem->pfn_base << sim->page_shift;
	info->cpu_base = mem->virt_base;
	info->device_base = cms_dma_get_device_base(sim, mem);
	info->pages = (uint64_t)mem->size;
	info->used_pages = cms_bitmap_weight(mem->bitmap, (uint64_t)mem->size);
	info->use_dev_dma_pfn_offset = mem->use_dev_dma_pfn_offset;
}

int cmasim_dma_coherent_get_info(const struct cmasim *sim,
				 const struct cmasim_device *dev,
				 struct cmasim_dma_coherent_info *info)
{
	const struct cms_dma_coherent_mem *mem;

	/* a read: another instance's device is refused without a line */
	if (!sim || !info || (dev && dev->owner != sim))
		return -EINVAL;
	mem = dev ? dev->dma_mem : sim->dma->coherent_default;
	if (!mem)
		return -ENOENT;
	cms_dma_coherent_mem_info(sim, mem, info);
	return 0;
}

/* ---- Reserved memory: shared-dma-pool regions ---- */

int cms_rmem_dma_setup(struct cmasim *sim, uint64_t base, uint64_t size,
		       bool reusable, bool no_map, bool dma_default,
		       struct cms_dma_reserved_default *dflt)
{
	char pa[19];

	/* a reusable shared-dma-pool is CMA's (rmem_cma_setup()) */
	if (reusable)
		return -EINVAL;
	if (cms_arch_class(sim->arch->arch) == CMS_AARM && !no_map) {
		cms_pr_err(sim, "Reserved memory: regions without no-map are not yet supported\n");
		return -EINVAL;
	}
	if (dflt && dma_default) {
		/* WARN(): the text, not the backtrace */
		if (sim->ver->dma_default_keeps_region ? dflt->region :
		    dflt->size != 0)
			cms_pr_warn(sim, "Reserved memory: region for default DMA coherent area is redefined\n");
		dflt->region = true;
		dflt->base = base;
		dflt->size = size;
	}
	cms_pr_info(sim, "Reserved memory: created DMA memory pool at %s, size %ld MiB\n",
		    cms_fmt_pa(sim, pa, base), (long)(size / CMS_SZ_1M));
	return 0;
}

int cms_dma_init_reserved_memory(struct cmasim *sim,
				 const struct cms_dma_reserved_default *dflt)
{
	if (!dflt || (sim->ver->dma_default_keeps_region ? !dflt->region :
		      !dflt->size))
		return -ENOMEM;
	return cmasim_dma_init_global_coherent(sim, dflt->base, dflt->size);
}

int cms_rmem_dma_device_init(struct cmasim *sim, uint64_t base, uint64_t size,
			     struct cms_dma_coherent_mem **priv,
			     struct cmasim_device *dev)
{
	struct cms_dma_coherent_mem *mem = *priv;
	int ret;

	/* the kernel's device_init callbacks are never given a NULL device */
	if (!dev)
		return -ENODEV;
	if (!mem) {
		ret = check_running(sim, "rmem_dma_device_init");
		if (!ret)
			ret = cms_dma_init_coherent_memory(sim, base, base,
							   size, true, &mem);
		if (ret)
			return ret;
		*priv = mem;
	}
	/* mem->device_base + rmem->size - 1 > min_not_zero(mask, limit) */
	if (mem->device_base + size - 1 >
	    cms_min_not_zero(dev->coherent_dma_mask, dev->bus_dma_limit))
		cms_pr_warn(sim, "%s: reserved memory is beyond device's set DMA address range\n",
			    dev->name);
	return cms_dma_assign_coherent_memory(dev, mem);
}

void cms_rmem_dma_device_release(struct cmasim_device *dev)
{
	if (!dev)
		return;
	cms_dma_coherent_put(dev->dma_mem);
	dev->dma_mem = NULL;
}

void cms_dma_coherent_fini(struct cmasim *sim)
{
	for (unsigned int i = 0; i < sim->dma->devices->len; i++)
		cms_rmem_dma_device_release(g_ptr_array_index(sim->dma->devices,
							      i));
	cms_dma_coherent_put(sim->dma->coherent_default);
	sim->dma->coherent_default = NULL;
}
