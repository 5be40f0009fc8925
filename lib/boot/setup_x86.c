// SPDX-License-Identifier: GPL-2.0-only
/*
 * setup_arch() of x86_64 (arch/x86/kernel/setup.c) up to the zones, for a
 * built machine or a log's: "Command line:", the BIOS e820 map printed
 * and trimmed (trim_bios_range), parse_early_param(), max_pfn from the map
 * (e820_end_pfn), the early reservations (early_reserve_memory(), the
 * kernel image and brk, the initrd), e820__memblock_setup(), the
 * real-mode trampoline, init_mem_mapping() (arch/x86/mm/init.c: its page
 * tables and max_pfn_mapped), reserve_initrd(), the ACPI tables, NUMA
 * (initmem_init), and only then dma_contiguous_reserve(max_pfn_mapped <<
 * PAGE_SHIFT), hugetlb_cma_reserve() on a CPU with 1 GiB pages, and
 * paging_init(): sparse_init(), then free_area_init().
 * A log's machine carries its memblock steps instead of the modelled
 * reservations and allocations (replay.c).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "core/instance.h"
#include "core/log.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"
#include "mm/cma.h"
#include "dma/contiguous.h"
#include "boot/cmdline.h"
#include "boot/e820.h"
#include "boot/numa.h"
#include "boot/setup.h"
#include <cmasim/machine.h>

#define X86_MAX_ARCH_PFN (UINT64_C(1) << 34)	/* 1 << (52 - PAGE_SHIFT) */

static bool has_reservation(const struct cmasim_machine *m, const char *name)
{
	for (size_t i = 0; i < m->nr_resv; i++)
		if (!strcmp(m->resv[i].caller, name))
			return true;
	return false;
}

/* Machine reservations named "ACPI <signature>" are firmware tables. */
static bool is_acpi_table(const struct cms_resv *r)
{
	return !strncmp(r->caller, "ACPI ", 5) && strlen(r->caller) == 9;
}

/*
 * init_mem_mapping(): the kernel first tries a 2 MiB page-table buffer
 * below max_pfn and gives it back at once; with RAM above 4 GiB the direct
 * map then needs page-table pages beyond the early ones, and the 4-6 GiB
 * captures show three, taken top-down from the last 512 MiB of RAM.
 * (Observed on those machines, not derived from the page-table geometry.)
 */
static int init_mem_mapping_allocs(struct cmasim *sim)
{
	uint64_t top = sim->boot->max_pfn << sim->page_shift, pa;
	int ret = 0;

	if (!cms_memblock_phys_alloc_range(sim, 2 * CMS_SZ_1M, 2 * CMS_SZ_1M,
					   CMS_SZ_1M, top, "init_mem_mapping",
					   &pa))
		ret = cms_memblock_phys_free(sim, pa, 2 * CMS_SZ_1M,
					     "init_mem_mapping");
	if (sim->boot->max_pfn <= (CMS_SZ_4G >> sim->page_shift))
		return ret;
	for (int i = 0; i < 3 && !ret; i++)
		ret = cms_memblock_phys_alloc_range(sim, sim->page_size,
						    sim->page_size,
						    top - 512 * CMS_SZ_1M, top,
						    "alloc_low_pages", &pa);
	return ret;
}

/*
 * init_mem_mapping() maps every memblock memory range below max_pfn
 * (memory_map_top_down from ISA_END_ADDRESS); max_pfn_mapped is the end
 * of the highest one.  memblock's limit follows it.
 */
static void set_max_pfn_mapped(struct cmasim *sim)
{
	const struct cms_memblock_type *mem = &sim->memblock->memory;
	uint64_t end = 0, maxa = sim->boot->max_pfn << sim->page_shift;

	for (unsigned long i = 0; i < mem->cnt; i++) {
		uint64_t s = mem->regions[i].base;
		uint64_t e = cms_min_u64(s + mem->regions[i].size, maxa);

		if (s < e)
			end = cms_max_u64(end, e);
	}
	end = cms_max_u64(end, CMS_SZ_1M);	/* the ISA range */
	sim->boot->max_pfn_mapped = end >> sim->page_shift;
	sim->memblock->current_limit = end;
}

/*
 * pfn_range_is_mapped(): [s, e) lies in one range the direct map covers
 * (the ISA range, or memblock memory below max_pfn, neighbours merged).
 */
static bool range_is_mapped(const struct cmasim *sim, uint64_t s, uint64_t e)
{
	const struct cms_memblock_type *mem = &sim->memblock->memory;
	uint64_t maxa = sim->boot->max_pfn_mapped << sim->page_shift;
	uint64_t rs = 0, re = CMS_SZ_1M;

	for (unsigned long i = 0; i <= mem->cnt; i++) {
		uint64_t b = i < mem->cnt ? mem->regions[i].base : UINT64_MAX;
		uint64_t t = i < mem->cnt ?
			     cms_min_u64(b + mem->regions[i].size, maxa) : 0;

		if (i < mem->cnt && b >= t)
			continue;
		if (i < mem->cnt && b <= re) {
			re = cms_max_u64(re, t);
			continue;
		}
		if (s >= rs && e <= re)
			return true;
		rs = b;
		re = t;
	}
	return false;
}

/*
 * reserve_initrd(): an initrd the direct map does not cover (mem= cut
 * the RAM under it) moves top-down below max_pfn_mapped, and its old
 * place is given back.
 */
static int reserve_initrd(struct cmasim *sim, const struct cmasim_machine *m)
{
	uint64_t base = m->initrd_base, size = m->initrd_size, pa;
	uint64_t end = cms_align_up(base + size, sim->page_size);
	int ret;

	sim->boot->initrd_base = base;
	cms_pr_info(sim, "RAMDISK: [mem 0x%08llx-0x%08llx]",
		    (unsigned long long)base, (unsigned long long)(end - 1));
	if (range_is_mapped(sim, cms_align_down(base, sim->page_size), end))
		return 0;
	ret = cms_memblock_phys_alloc_range(sim,
			cms_align_up(size, sim->page_size), sim->page_size, 0,
			sim->boot->max_pfn_mapped << sim->page_shift,
			"relocate_initrd", &pa);
	if (ret) {
		cms_printk(sim, CMASIM_LOG_EMERG, "Kernel panic - not syncing: Cannot find place for new RAMDISK of size %llu",
			     (unsigned long long)size);
		return ret;
	}
	cms_pr_info(sim, "Allocated new RAMDISK: [mem 0x%08llx-0x%08llx]",
		    (unsigned long long)pa, (unsigned long long)(pa + size - 1));
	cms_pr_info(sim, "Move RAMDISK from [mem 0x%08llx-0x%08llx] to [mem 0x%08llx-0x%08llx]",
		    (unsigned long long)base,
		    (unsigned long long)(base + size - 1),
		    (unsigned long long)pa, (unsigned long long)(pa + size - 1));
	sim->boot->initrd_base = pa;
	return cms_memblock_phys_free(sim, base, end - base, "reserve_initrd");
}

/*
 * setup_arch() from the e820 map to initmem_init(): the map printed and
 * trimmed, the early parameters, max_pfn, the early reservations (or the
 * log's steps), memblock, the direct map, the initrd, NUMA.
 */
static int setup_memory(struct cmasim *sim, const struct cmasim_machine *m,
			struct cms_e820_table *t, const char *cmdline)
{
	struct cms_boot_state *b = sim->boot;
	uint64_t text = sim->arch->kernel_image_phys;
	uint64_t image = sim->build->image_bytes;
	bool replay = cms_boot_replays(m);
	bool saved;
	uint64_t pa;
	int ret;

	cms_pr_info(sim, "BIOS-provided physical RAM map:");
	cms_e820_print_table(sim, t, "BIOS-e820");
	/* e820_table_firmware: the sanitised BIOS table */
	b->nr_e820_firmware = (unsigned int)t->n;
	/* parse_early_param(): cma=, memblock=debug, mem=, ... */
	ret = cms_boot_parse_early_param(sim, cmdline);
	if (!ret)
		ret = cms_e820_user_map(sim, t);
	if (ret)
		return ret;

	/* trim_bios_range() */
	if (!replay) {
		cms_printk(sim, CMASIM_LOG_DEBUG,
			   "e820: update [mem 0x%08llx-0x%08llx] usable ==> reserved",
			   0ULL, (unsigned long long)(sim->page_size - 1));
		cms_printk(sim, CMASIM_LOG_DEBUG,
			   "e820: remove [mem 0x%08llx-0x%08llx] usable",
			   0xa0000ULL, 0xfffffULL);
	}
	ret = cms_e820_edit_ram(t, 0, sim->page_size, CMASIM_E820_RESERVED);
	if (!ret)
		ret = cms_e820_edit_ram(t, 0xa0000, CMS_SZ_1M, 0);
	if (!ret)
		ret = cms_e820_update_table(t);
	if (ret)
		return ret;

	b->max_pfn = cms_e820_end_pfn(t, X86_MAX_ARCH_PFN, sim->page_shift);
	if (!replay)
		cms_pr_info(sim, "last_pfn = %#llx max_arch_pfn = %#llx",
			    (unsigned long long)b->max_pfn,
			    (unsigned long long)X86_MAX_ARCH_PFN);
	if (b->max_pfn > (CMS_SZ_4G >> sim->page_shift)) {
		b->max_low_pfn = cms_e820_end_pfn(t,
						  CMS_SZ_4G >> sim->page_shift,
						  sim->page_shift);
		if (!replay)
			cms_pr_info(sim, "last_pfn = %#llx max_arch_pfn = %#llx",
				    (unsigned long long)b->max_low_pfn,
				    (unsigned long long)X86_MAX_ARCH_PFN);
	} else {
		b->max_low_pfn = b->max_pfn;
	}
	if (!b->max_pfn) {
		const struct cms_cmdline *cl = sim->boot->cmdline;

		if (cl->mem_word)
			cms_client_bug(sim, "boot: %s leaves no usable RAM: only RAM below %#llx is kept, and trim_bios_range() reserves the first page and drops 640K-1M",
				       cl->mem_word,
				       (unsigned long long)cl->mem_limit);
		else
			cms_client_bug(sim, "boot: the machine's e820 map has no usable RAM");
		return -EINVAL;
	}
	b->image_base = text;
	b->nr_e820 = (unsigned int)t->n;
	cms_e820_register_nosave_regions(sim, t);

	if (replay) {
		/* the log's memblock steps include any relocation */
		b->initrd_base = m->initrd_moved ? m->initrd_moved :
						   m->initrd_base;
		ret = cms_boot_replay_ops(sim, m);
		if (ret)
			return ret;
	} else {
		/* early_reserve_memory() and friends: before memblock=debug */
		saved = cms_boot_memblock_debug_off(sim);
		for (size_t i = 0; i < m->nr_resv && !ret; i++)
			if (!m->resv[i].logged)
				ret = cms_memblock_reserve(sim, m->resv[i].base,
							   m->resv[i].size,
							   m->resv[i].caller);
		if (!ret && m->initrd_size)
			ret = cms_memblock_reserve(sim, m->initrd_base,
						   m->initrd_size,
						   "early_reserve_initrd");
		/*
		 * the image of the booting kernel, unless the machine has one:
		 * _text.._end of the capture kernels, loaded without KASLR
		 */
		if (!ret && !has_reservation(m, "kernel image"))
			ret = cms_memblock_reserve(sim, text, image,
						   "kernel image");
		sim->memblock->debug = saved;
		/* reserve_brk(): the brk area right after the image */
		if (!ret && !has_reservation(m, "kernel image"))
			ret = cms_memblock_reserve(sim, text + image, 0x11000,
						   "setup_arch");
		/* setup_arch's own, then memblock setup */
		for (size_t i = 0; i < m->nr_resv && !ret; i++)
			if (m->resv[i].logged && !is_acpi_table(&m->resv[i]))
				ret = cms_memblock_reserve(sim, m->resv[i].base,
							   m->resv[i].size,
							   m->resv[i].caller);
		if (!ret)
			ret = cms_e820_memblock_setup(sim, t);
		/* reserve_real_mode(): the trampoline, below 1 MiB */
		if (!ret &&
		    cms_memblock_phys_alloc_range(sim, 0x7000, sim->page_size,
						  0, CMS_SZ_1M,
						  "reserve_real_mode", &pa))
			cms_pr_info(sim, "Cannot allocate real-mode trampoline");
		/* the whole first MiB stays reserved (setup_arch) */
		if (!ret)
			ret = cms_memblock_reserve(sim, 0, CMS_SZ_1M, "setup_arch");
		if (!ret)
			ret = init_mem_mapping_allocs(sim);
		if (!ret)
			set_max_pfn_mapped(sim);
		if (!ret && m->initrd_size)
			ret = reserve_initrd(sim, m);
		/* acpi_boot_table_init(): acpi_reserve_initial_tables() */
		for (size_t i = 0; i < m->nr_resv && !ret; i++) {
			const struct cms_resv *r = &m->resv[i];

			if (!r->logged || !is_acpi_table(r))
				continue;
			cms_pr_info(sim, "ACPI: Reserving %s table memory at [mem 0x%llx-0x%llx]",
				    r->caller + 5, (unsigned long long)r->base,
				    (unsigned long long)(r->base + r->size - 1));
			ret = cms_memblock_reserve(sim, r->base, r->size,
						   "acpi_reserve_initial_tables");
		}
		if (ret)
			return ret;
	}

	set_max_pfn_mapped(sim);

	/* initmem_init() */
	ret = cms_numa_init(sim, m, replay);
	if (ret)
		return ret;
	b->dma_limit = b->max_pfn_mapped << sim->page_shift;
	return 0;
}

/* dma_contiguous_reserve(max_pfn_mapped << PAGE_SHIFT) */
static int dma_reserve(struct cmasim *sim)
{
	if (!cms_knob(sim, CMS_KNOB_CMA) || !cms_knob(sim, CMS_KNOB_DMA_CMA))
		return 0;	/* without DMA_CMA it is an empty inline */
	cms_explain(sim, "boot: x86 passes max_pfn_mapped << PAGE_SHIFT = %#llx to dma_contiguous_reserve(): the end of the highest RAM range init_mem_mapping() mapped (max_pfn %#llx)",
		    (unsigned long long)sim->boot->dma_limit,
		    (unsigned long long)sim->boot->max_pfn);
	/* high_memory: setup_arch sets it from max_pfn before this */
	cms_cma_set_highmem_start(sim, sim->boot->max_pfn << sim->page_shift);
	return cms_dma_contiguous_reserve(sim, sim->boot->dma_limit);
}

int cms_x86_setup_arch(struct cmasim *sim, const struct cmasim_machine *m,
		       const char *cmdline)
{
	struct cms_e820_table t;
	bool modelled = !cms_boot_replays(m);
	int ret;

	cms_pr_info(sim, "Command line: %s", cmdline);
	ret = cms_e820_table_init(&t, m);
	if (ret)
		return ret;
	ret = setup_memory(sim, m, &t, cmdline);
	cms_e820_table_free(&t);
	if (!ret)
		ret = dma_reserve(sim);
	/* hugetlb_cma_reserve(PUD_SHIFT - PAGE_SHIFT) with gbpages */
	if (!ret)
		cms_boot_hugetlb_cma_reserve(sim, m);
	/* cmasim_boot_until(CMASIM_BOOT_MEMBLOCK) ends here */
	if (ret || sim->boot->until == CMASIM_BOOT_MEMBLOCK)
		return ret;
	/* paging_init(): sparse_init(), then the zones */
	if (!ret)
		ret = modelled ? cms_boot_model_sparse(sim) :
				 cms_boot_replay_stage(sim, m);
	if (!ret)
		ret = cms_free_area_init(sim);
	/* the rest of setup_arch() */
	if (!ret && modelled)
		ret = cms_boot_model_setup_arch_rest(sim);
	return ret;
}
