// SPDX-License-Identifier: GPL-2.0-only
/*
 * setup_arch() of arm64 (arch/arm64/kernel/setup.c) up to the zones:
 * parse_early_param(), arm64_memblock_init() (arch/arm64/mm/init.c:
 * memory from the device tree, no e820; the machine's RAM entries stand
 * for the /memory nodes), arch_numa_init(), then bootmem_init():
 * arm64_hugetlb_cma_reserve(), 6.1's dma_pernuma_cma_reserve(),
 * zone_sizes_init() (free_area_init) and
 * dma_contiguous_reserve(arm64_dma_phys_limit).  A log's machine carries
 * its memblock steps (replay.c); a built one, or a log without them, gets
 * the capture kernels' allocations (boot_alloc_arm64.c).  32-bit arm
 * boots through here too, without either.  A machine with a device tree
 * reads it first (setup_machine_fdt()), and drivers/of sets its reserved
 * memory up where the kernel does: at the end of arm64_memblock_init(),
 * and (6.12) in unflatten_device_tree() after paging_init()
 * (of/of_reserved_mem.c).
 */
#include "config.h"

#include "core/instance.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"
#include "dma/contiguous.h"
#include "of/of_reserved_mem.h"
#include "boot/numa.h"
#include "boot/setup.h"
#include <cmasim/machine.h>

/*
 * setup_machine_fdt(): the blob reserved (where the machine says it
 * lies) and the tree's /memory added, both before memblock=debug is
 * parsed, so silently.
 */
static int setup_machine_fdt(struct cmasim *sim, const struct cmasim_machine *m)
{
	bool saved;
	int ret;

	if (!m->dtb)
		return 0;
	ret = cms_of_setup_fdt(sim, m->dtb, m->dtb_size, m->dt_memory);
	if (ret)
		return ret;
	saved = cms_boot_memblock_debug_off(sim);
	if (m->fdt_base)
		ret = cms_memblock_reserve(sim, m->fdt_base,
					   cms_of_fdt_totalsize(sim),
					   "setup_machine_fdt");
	if (!ret)
		ret = cms_of_early_init_dt_scan_memory(sim);
	sim->memblock->debug = saved;
	return ret;
}

/*
 * Whether the boot makes the capture kernels' memblock allocations
 * (boot_alloc_arm64.c): a built machine or a log without memblock=debug
 * on a profile whose kernel build is known; a log with it replays them.
 */
static bool modelled(const struct cmasim *sim, const struct cmasim_machine *m)
{
	return sim->arch->boot_allocs_modelled && sim->build &&
	       !cms_boot_replays(m);
}

/*
 * setup_arch() to bootmem_init(): the early parameters, memblock from
 * the device tree (arm64_memblock_init), the page tables (paging_init),
 * the unflattened tree, NUMA (arch_numa_init), and the DMA limit:
 * arm64_dma_phys_limit, the top of ZONE_DMA, min(4 GiB, end of DRAM) on
 * a machine without dma-ranges.
 */
static int setup_memory(struct cmasim *sim, const struct cmasim_machine *m,
			const char *cmdline)
{
	struct cms_boot_state *b = sim->boot;
	bool model = modelled(sim, m);
	bool saved;
	int ret = cms_boot_parse_early_param(sim, cmdline);

	if (!ret)
		ret = setup_machine_fdt(sim, m);
	if (ret)
		return ret;
	/*
	 * The device tree's /memory is added before memblock=debug is
	 * parsed (a log lists it only later, "Early memory node ranges"):
	 * it goes in silently, through early_init_dt_add_memory_arch(),
	 * which keeps whole pages only (a range of a few bytes is ignored).
	 */
	saved = cms_boot_memblock_debug_off(sim);
	for (size_t i = 0; i < m->nr_e820 && !ret; i++)
		if (cms_e820_is_ram(m->e820[i].type))
			ret = cms_of_early_init_dt_add_memory_arch(sim,
					m->e820[i].addr, m->e820[i].size);
	sim->memblock->debug = saved;
	if (ret)
		return ret;
	if (model) {
		ret = cms_arm64_model_memblock_init(sim, m);
	} else if (m->nr_ops) {
		ret = cms_boot_replay_ops(sim, m);
	} else {
		for (size_t i = 0; i < m->nr_resv && !ret; i++)
			ret = cms_memblock_reserve(sim, m->resv[i].base,
						   m->resv[i].size,
						   m->resv[i].caller);
		if (!ret && m->initrd_size)
			ret = cms_memblock_reserve(sim, m->initrd_base,
						   m->initrd_size,
						   "arm64_memblock_init");
	}
	/* ends arm64_memblock_init(); a replay ran it where the log did */
	if (!ret)
		ret = cms_of_early_init_fdt_scan_reserved_mem(sim);
	/* paging_init(): the linear map's page tables at the top of RAM */
	if (!ret && model)
		ret = cms_arm64_model_paging_init(sim);
	/*
	 * unflatten_device_tree(): 6.12 saves the static regions first
	 * (its region table lands below the page tables), then the tree is
	 * unflattened into memblock memory
	 */
	if (!ret)
		ret = cms_of_unflatten_device_tree(sim);
	if (!ret && model)
		ret = cms_arm64_unflatten_device_tree(sim, m);
	if (ret)
		return ret;
	b->initrd_base = m->initrd_base;	/* arm64 does not move it */
	/* the loader put _stext at the build's offset (a log's too) */
	if (!b->image_base && sim->build)
		b->image_base = cms_memblock_start_of_DRAM(sim) +
				sim->build->image_offset;
	b->nr_cpus = m->nr_cpus;
	b->max_pfn = cms_memblock_end_of_DRAM(sim) >> sim->page_shift;
	b->max_low_pfn = b->max_pfn;
	b->max_pfn_mapped = b->max_pfn;
	ret = cms_numa_init(sim, m, true);
	if (ret)
		return ret;
	/* arch_numa_init() gave memblock its node ids (no debug line) */
	saved = cms_boot_memblock_debug_off(sim);
	for (unsigned int i = 0; i < b->nr_blks && !ret; i++)
		ret = cms_memblock_set_node(sim, b->blk[i].start,
				b->blk[i].end - b->blk[i].start, false,
				b->blk[i].nid);
	sim->memblock->debug = saved;
	if (!ret && model)
		ret = cms_arm64_model_numa_init(sim, m);
	if (ret)
		return ret;
	if (m->dma_zone_limit)
		b->dma_limit = m->dma_zone_limit;
	else if (cms_knob(sim, CMS_KNOB_ZONE_DMA) ||
		 cms_knob(sim, CMS_KNOB_ZONE_DMA32))
		b->dma_limit = cms_min_u64(CMS_SZ_4G,
					   cms_memblock_end_of_DRAM(sim));
	else
		b->dma_limit = 0;	/* PHYS_MASK + 1: no limit */
	return 0;
}

int cms_arm64_setup_arch(struct cmasim *sim, const struct cmasim_machine *m,
			 const char *cmdline)
{
	int ret = setup_memory(sim, m, cmdline);

	/*
	 * bootmem_init(): the hugetlb_cma= areas, 6.1's per-node areas,
	 * sparse_init() (a log's steps after the stage of those areas),
	 * zone_sizes_init(), then dma_contiguous_reserve(arm64_dma_phys_limit)
	 */
	if (!ret) {
		cms_boot_hugetlb_cma_reserve(sim, m);
		cms_dma_pernuma_cma_reserve(sim);
		if (cms_boot_replay_at(sim, m, CMS_STAGE_BOOTMEM_CMA))
			ret = cms_boot_replay_ops(sim, m);
	}
	if (!ret && modelled(sim, m))
		ret = cms_arm64_model_sparse(sim);
	if (!ret)
		ret = cms_free_area_init(sim);
	if (!ret)
		ret = cms_dma_contiguous_reserve(sim, sim->boot->dma_limit);
	/* the memblock dump, request_standard_resources() */
	if (!ret && modelled(sim, m))
		ret = cms_arm64_model_setup_arch_rest(sim);
	return ret;
}
