// SPDX-License-Identifier: GPL-2.0-only
/*
 * setup_arch() of arm64 (arch/arm64/kernel/setup.c) up to the zones:
 * parse_early_param(), arm64_memblock_init() (arch/arm64/mm/init.c:
 * memory from the device tree, no e820; the machine's RAM entries stand
 * for the /memory nodes), arch_numa_init(), then bootmem_init(): 6.1's
 * dma_pernuma_cma_reserve(), zone_sizes_init() (free_area_init) and
 * dma_contiguous_reserve(arm64_dma_phys_limit).  A log's machine carries
 * its memblock steps (replay.c).  32-bit arm boots through here too.
 */
#include "config.h"

#include "core/instance.h"
#include "core/log.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"
#include "dma/contiguous.h"
#include "boot/numa.h"
#include "boot/setup.h"
#include <cmasim/cmdline.h>

/*
 * early_init_dt_add_memory_arch() (drivers/of/fdt.c) for one /memory
 * range: a block smaller than what is left of its first page is ignored,
 * the rest is cut to whole pages, and what lies past phys_addr_t goes.
 * (arm64's MIN_MEMBLOCK_ADDR is 0.)
 */
static int dt_add_memory(struct cmasim *sim, uint64_t base, uint64_t size)
{
	uint64_t ps = sim->page_size, off = base & (ps - 1);
	uint64_t max = sim->arch->phys_64bit ? UINT64_MAX : UINT32_MAX;

	if (size < ps - off) {
		cms_pr_warn(sim, "Ignoring memory block 0x%llx - 0x%llx",
			    (unsigned long long)base,
			    (unsigned long long)(base + size));
		return 0;
	}
	if (off) {
		size -= ps - off;
		base += ps - off;
	}
	size &= ~(ps - 1);
	if (base > max) {
		cms_pr_warn(sim, "Ignoring memory block 0x%llx - 0x%llx",
			    (unsigned long long)base,
			    (unsigned long long)(base + size));
		return 0;
	}
	if (base + size - 1 > max) {
		cms_pr_warn(sim, "Ignoring memory range 0x%llx - 0x%llx",
			    (unsigned long long)max + 1,
			    (unsigned long long)(base + size));
		size = max - base + 1;
	}
	return size ? cms_memblock_add(sim, base, size,
				       "early_init_dt_add_memory_arch") : 0;
}

/*
 * setup_arch() to bootmem_init(): the early parameters, memblock from
 * the device tree (arm64_memblock_init), NUMA (arch_numa_init), and the
 * DMA limit: arm64_dma_phys_limit, the top of ZONE_DMA, min(4 GiB, end
 * of DRAM) on a machine without dma-ranges.
 */
static int setup_memory(struct cmasim *sim, const struct cmasim_machine *m,
			const char *cmdline)
{
	struct cms_boot_state *b = sim->boot;
	int ret = cms_boot_parse_early_param(sim, cmdline);

	if (ret)
		return ret;
	if (m->nr_ops) {
		/*
		 * The device tree's /memory is added before memblock=debug
		 * is parsed: the log lists it only later ("Early memory node
		 * ranges"), so it goes in silently before the recorded steps.
		 */
		bool saved = cms_boot_memblock_debug_off(sim);

		for (size_t i = 0; i < m->nr_e820 && !ret; i++)
			if (cms_e820_is_ram(m->e820[i].type))
				ret = dt_add_memory(sim, m->e820[i].addr,
						    m->e820[i].size);
		sim->memblock->debug = saved;
		if (!ret)
			ret = cms_boot_replay_ops(sim, m);
	} else {
		for (size_t i = 0; i < m->nr_e820 && !ret; i++)
			if (cms_e820_is_ram(m->e820[i].type))
				ret = dt_add_memory(sim, m->e820[i].addr,
						    m->e820[i].size);
		for (size_t i = 0; i < m->nr_resv && !ret; i++)
			ret = cms_memblock_reserve(sim, m->resv[i].base,
						   m->resv[i].size,
						   m->resv[i].caller);
		if (!ret && m->initrd_size)
			ret = cms_memblock_reserve(sim, m->initrd_base,
						   m->initrd_size,
						   "arm64_memblock_init");
	}
	if (ret)
		return ret;
	b->initrd_base = m->initrd_base;	/* arm64 does not move it */
	b->max_pfn = cms_memblock_end_of_DRAM(sim) >> sim->page_shift;
	b->max_low_pfn = b->max_pfn;
	b->max_pfn_mapped = b->max_pfn;
	ret = cms_numa_init(sim, m, true);
	if (ret)
		return ret;
	/* arch_numa_init() gave memblock its node ids (no debug line) */
	{
		bool saved = cms_boot_memblock_debug_off(sim);

		for (unsigned int i = 0; i < b->nr_blks && !ret; i++)
			ret = cms_memblock_set_node(sim, b->blk[i].start,
					b->blk[i].end - b->blk[i].start, false,
					b->blk[i].nid);
		sim->memblock->debug = saved;
		if (ret)
			return ret;
	}
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
	 * bootmem_init(): 6.1's per-node areas, zone_sizes_init(), then
	 * dma_contiguous_reserve(arm64_dma_phys_limit)
	 */
	if (!ret)
		cms_dma_pernuma_cma_reserve(sim);
	if (!ret)
		ret = cms_mm_init(sim);
	if (!ret)
		ret = cms_dma_contiguous_reserve(sim, sim->boot->dma_limit);
	return ret;
}
