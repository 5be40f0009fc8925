/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The device tree at boot: the state of drivers/of (struct cmasim's of
 * member): the tree the machine booted with, the reserved_mem[] table of
 * drivers/of/of_reserved_mem.c, and the devices made from the nodes that
 * name a region.  lib/of/of_reserved_mem.c creates it and runs each step
 * when boot reaches it in the kernel's order.
 */
#ifndef CMS_OF_RESERVED_MEM_H
#define CMS_OF_RESERVED_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmasim/machine.h>

#include "dma/coherent.h"

struct cmasim;
struct cms_fdt;
struct cmasim_cma;
struct cmasim_device;

/* rmem->ops: which device_init a region's setup function installed. */
enum cms_rmem_ops {
	CMS_RMEM_OPS_NONE = 0,
	CMS_RMEM_OPS_CMA,	/* rmem_cma_ops */
	CMS_RMEM_OPS_DMA,	/* rmem_dma_ops */
	CMS_RMEM_OPS_SWIOTLB,	/* rmem_swiotlb_ops */
};

/* struct reserved_mem */
struct cms_of_rmem {
	unsigned int node;	/* its node: fdt->rmem[node] */
	int offset;		/* fdt_node: 6.12's __rmem_cmp() ties on it */
	uint64_t base;
	uint64_t size;
	uint32_t phandle;	/* 6.1: read by fdt_init_reserved_mem() */
	enum cms_rmem_ops ops;
	struct cmasim_cma *cma;		/* ops CMA: rmem->priv */
	struct cms_dma_coherent_mem *dma_mem;	/* ops DMA: made on first use */
	int init_err;		/* __reserved_mem_init_node()'s result */
	bool init_failed;	/* "compatible matching fail": given back */
};

/* A node with memory-region, made a device at probe time. */
struct cms_of_device {
	unsigned int user;	/* fdt->users[user] */
	struct cmasim_device *dev;	/* the DMA layer's */
	int rmem;		/* the region bound: of->rmem index, or -1 */
	int err;		/* of_reserved_mem_device_init()'s result */
};

struct cms_of {
	struct cms_fdt *fdt;	/* the booted tree (owned), NULL: none */
	/* the machine's RAM is the tree's /memory */
	bool memory_from_dt;
	bool scanned;		/* early_init_fdt_scan_reserved_mem() ran */
	bool reg_scanned;	/* 6.12 fdt_scan_reserved_mem_reg_nodes() ran */
	bool probed;		/* the devices were made and probed */
	/* per /reserved-memory child: memblock refused a reg pair of it */
	bool *reserve_failed;
	struct cms_of_rmem *rmem;	/* reserved_mem[] */
	unsigned int nr_rmem;		/* reserved_mem_count */
	unsigned int max_rmem;		/* the array's room */
	/* 6.12 total_reserved_mem_cnt: what the second pass allocates */
	unsigned int total_cnt;
	struct cms_of_device *devices;
	unsigned int nr_devices;
	/* rmem_dma_setup()'s linux,dma-default record (DMA_GLOBAL_POOL) */
	struct cms_dma_reserved_default dma_default;
};

/* The state's life (struct cmasim's of member): 0 or -ENOMEM. */
int cms_of_init(struct cmasim *sim);
void cms_of_fini(struct cmasim *sim);
/*
 * Invariants, 0 or -EUCLEAN (each break on diag): every CMA region's
 * area is a declared one, every device bound as its region says.
 */
int cms_of_check(struct cmasim *sim);

/*
 * setup_machine_fdt()'s reading of the tree: the blob of @size bytes at
 * @blob, parsed into the instance (the machine reported its problems
 * when it took it).  @memory_from_dt: the machine's RAM is the tree's
 * /memory, added by cms_of_early_init_dt_scan_memory().
 * Return: 0; cms_fdt_read_blob()'s -errno.
 */
int cms_of_setup_fdt(struct cmasim *sim, const void *blob, size_t size,
		     bool memory_from_dt);
/* Whether the instance booted with a device tree. */
bool cms_of_has_fdt(const struct cmasim *sim);
/* The blob's own size (fdt_totalsize()), 0 without a tree. */
uint64_t cms_of_fdt_totalsize(const struct cmasim *sim);

/*
 * early_init_dt_add_memory_arch(): one memory range into memblock,
 * page-aligned (a block smaller than the rest of its first page is
 * ignored, with the kernel's warning) and kept within [MIN_MEMBLOCK_ADDR,
 * MAX_MEMBLOCK_ADDR] (0 and the top of phys_addr_t on arm64).  The tree's
 * /memory and an arm64 machine's RAM ranges both come through it.
 * Return: 0 or memblock's -errno.
 */
int cms_of_early_init_dt_add_memory_arch(struct cmasim *sim, uint64_t base,
					 uint64_t size);

/*
 * early_init_dt_scan_memory(): the tree's /memory into memblock, with
 * early_init_dt_add_memory_arch()'s clipping and lines, when the
 * machine's RAM comes from the tree.  Return: 0 or memblock's -errno.
 */
int cms_of_early_init_dt_scan_memory(struct cmasim *sim);

/*
 * early_init_fdt_scan_reserved_mem(), at the end of
 * arm64_memblock_init(): /memreserve/, the /reserved-memory scan, and
 * (6.1) the placement and setup of every region, (6.12) of the dynamic
 * ones.  Runs once; nothing without a tree.  Return: 0 or -ENOMEM.
 */
int cms_of_early_init_fdt_scan_reserved_mem(struct cmasim *sim);

/*
 * unflatten_device_tree()'s first step in 6.12,
 * fdt_scan_reserved_mem_reg_nodes(): the static regions saved and set
 * up, then the overlap check.  Nothing in 6.1, without a tree, or twice.
 * Return: 0 or -ENOMEM.
 */
int cms_of_unflatten_device_tree(struct cmasim *sim);

/*
 * The initcalls that read the tree: dma_init_reserved_memory()
 * (core_initcall, DMA_GLOBAL_POOL kernels only), then one device per
 * node with memory-region, probed with of_reserved_mem_device_init()
 * (device_initcall time).  Return: 0 or -ENOMEM.
 */
int cms_of_initcalls(struct cmasim *sim);

#endif /* CMS_OF_RESERVED_MEM_H */
