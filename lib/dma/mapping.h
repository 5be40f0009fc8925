/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The DMA layer's state (struct cmasim's dma member) and struct device as
 * kernel/dma reads it.  lib/dma/mapping.c creates both.  The state holds
 * what kernel/dma keeps in its globals: the devices, the areas of
 * kernel/dma/contiguous.c (dma_contiguous_default_area and the per-node
 * tables) and the atomic pools of kernel/dma/pool.c.
 */
#ifndef CMS_DMA_MAPPING_H
#define CMS_DMA_MAPPING_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

struct cmasim;
struct cmasim_device;
struct cmasim_cma;
struct cms_dma_coherent_mem;

/*
 * struct device, as far as the DMA layer reads it.  <cmasim/dma.h>
 * declares the tag opaque; the handles users hold are these structs.
 */
struct cmasim_device {
	/* the instance that made it: handles are checked */
	const struct cmasim *owner;
	char name[64];
	int nid;			/* dev_to_node(); NUMA_NO_NODE = -1 */
	uint64_t dma_mask;		/* *dev->dma_mask */
	uint64_t coherent_dma_mask;
	uint64_t bus_dma_limit;		/* 0: none */
	struct cmasim_cma *cma_area;	/* dev->cma_area, or NULL */
	struct cms_dma_coherent_mem *dma_mem;	/* dev->dma_mem, or NULL */
	/* dev_is_dma_coherent(); devices made by cmasim_device_create() are */
	bool dma_coherent;
	/* is_swiotlb_for_alloc(): bound to a restricted-dma-pool region */
	bool swiotlb_for_alloc;
};

/*
 * The DMA layer's early parameters, the variables kernel/dma's
 * early_param handlers write: boot/cmdline.c parses a command line into
 * one of these and boot hands it to the DMA state with
 * cms_dma_set_cmdline() before dma_contiguous_reserve().
 */
struct cms_dma_cmdline {
	/* cma= (contiguous.c early_cma): size_cmdline starts at -1 */
	bool cma_given;
	uint64_t cma_size;		/* size_cmdline; UINT64_MAX: not given */
	uint64_t cma_base;		/* base_cmdline */
	uint64_t cma_limit;		/* limit_cmdline */

	/* numa_cma= (early_numa_cma, 6.6+): one size per node id, 0 = none */
	uint64_t *numa_cma_size;	/* numa_cma_nodes entries */
	unsigned int numa_cma_nodes;	/* sim->max_numnodes */
	bool numa_cma_given;		/* the parameter was recognised */

	/* cma_pernuma= (early_cma_pernuma): pernuma_size_bytes */
	bool pernuma_given;
	uint64_t pernuma_size;

	/* coherent_pool= (pool.c early_coherent_pool): 0 = the default */
	uint64_t atomic_pool_size;
};

/* The atomic pools of kernel/dma/pool.c, one per gfp zone class. */
enum cms_pool_zone {
	CMS_POOL_KERNEL = 0,	/* GFP_KERNEL */
	CMS_POOL_DMA,		/* GFP_KERNEL|GFP_DMA */
	CMS_POOL_DMA32,		/* GFP_KERNEL|GFP_DMA32 */
	CMS_POOL_COUNT
};

struct cms_dma_pool {
	bool present;
	bool from_cma;
	uint64_t pfn;
	unsigned int order;
	uint64_t size;		/* bytes */
	/* the gen_pool's chunk: one bit per page, set = handed out */
	uint64_t *bitmap;
};

struct cms_dma_pools {
	uint64_t atomic_pool_size;	/* bytes, coherent_pool= or default */
	struct cms_dma_pool pool[CMS_POOL_COUNT];
};

struct cms_dma {
	GPtrArray *devices;		/* struct cmasim_device * */

	/* the early parameters as boot applied them (numa_cma_size: ours) */
	struct cms_dma_cmdline cmdline;

	/* kernel/dma/contiguous.c (dma/contiguous.c) */
	/* dma_contiguous_default_area */
	struct cmasim_cma *default_area;
	/* dma_contiguous_pernuma_area[]: "pernuma%d", max_numnodes entries */
	struct cmasim_cma **pernuma_area;
	/* dma_contiguous_numa_area[] (6.12): "numa%d", max_numnodes entries */
	struct cmasim_cma **numa_area;

	/* kernel/dma/pool.c (dma/pool.c) */
	struct cms_dma_pools pools;

	/* dma_coherent_default_memory (dma/coherent.c), or NULL */
	struct cms_dma_coherent_mem *coherent_default;
};

/* The state's life: 0 or -ENOMEM. */
int cms_dma_init(struct cmasim *sim);
void cms_dma_fini(struct cmasim *sim);
/*
 * Take the early parameters of @cl (copied; a NULL numa_cma_size means no
 * numa_cma=), replacing the earlier ones, as the early_param handlers
 * would have left kernel/dma's variables.
 */
void cms_dma_set_cmdline(struct cmasim *sim, const struct cms_dma_cmdline *cl);
/*
 * Invariants: every area the DMA layer points to (default, per-node,
 * a device's) is a declared CMA area.  0 or -EUCLEAN (each break on diag).
 */
int cms_dma_check(struct cmasim *sim);

/*
 * dma_direct_supported() (dma/direct.c, declared here because
 * mapping.c's dma_set_mask() calls it and direct.c builds on this
 * header): whether @mask reaches the top of the lowest zone.
 */
bool cms_dma_direct_supported(const struct cmasim *sim, uint64_t mask);
/* dma/coherent.c: let go of every device's pool and the global one */
void cms_dma_coherent_fini(struct cmasim *sim);

/*
 * dma_alloc_coherent() / dma_free_coherent() (dma/direct.c) for callers
 * inside the library: the arguments as the public calls check them (a
 * device, a size, known flags, a running page allocator).
 */
struct cmasim_dma_buffer;
int cms_dma_alloc_coherent(struct cmasim *sim, struct cmasim_device *dev,
			   uint64_t size, unsigned int flags,
			   struct cmasim_dma_buffer *buf);
int cms_dma_free_coherent(struct cmasim *sim, struct cmasim_device *dev,
			  uint64_t size, uint64_t phys, uint64_t dma_addr);

/*
 * A device handle a public call @fn was given: NULL (unless @null_ok) or
 * another instance's is refused with one client-bug line.
 * Return: 0 or -EINVAL.
 */
int cms_dma_check_device(struct cmasim *sim, const struct cmasim_device *dev,
			 bool null_ok, const char *fn);

/*
 * A size in bytes that is 0 or wraps when rounded up to pages (the
 * kernel's PAGE_ALIGN() would make it 0): no call can take it.
 */
bool cms_dma_size_bad(const struct cmasim *sim, uint64_t size);

/* DMA_BIT_MASK(n) */
static inline uint64_t cms_dma_bit_mask(unsigned int n)
{
	return n >= 64 ? UINT64_MAX : (UINT64_C(1) << n) - 1;
}

#endif /* CMS_DMA_MAPPING_H */
