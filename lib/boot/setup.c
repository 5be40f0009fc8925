// SPDX-License-Identifier: GPL-2.0-only
/*
 * The boot sequence, in init/main.c start_kernel()'s order: setup_arch()
 * (setup_x86.c or setup_arm64.c: memblock, NUMA, dma_contiguous_reserve,
 * the zones), the rest of start_kernel() up to mm_init() (zonelists, the
 * command line, the early caches), mem_init() (memblock_free_all, the
 * buddy handover), the initcalls (CMA activation at core_initcall, the DMA
 * atomic pools at postcore_initcall), and kernel_init()'s frees before
 * /init (the initrd, the kernel's init sections).
 *
 * Between the reservation and the handover a built x86 machine makes the
 * allocations of boot_alloc.c (sparse memmap, per-cpu, hash tables,
 * SWIOTLB).  A machine read from a log (machine.c, bootlog.c) carries the
 * recorded memblock steps instead of the modelled ones; replay.c replays
 * them in stages around the CMA reservation and zone setup.
 *
 * The boot state lives here, and so does parse_early_param()'s result:
 * cmasim_cmdline_set() keeps what boot/cmdline.c parsed and hands each
 * layer the parameters it owns.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib.h>

#include "core/instance.h"
#include "core/log.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"
#include "mm/cma.h"
#include "mm/hugetlb.h"
#include "dma/mapping.h"
#include "dma/pool.h"
#include "of/of_reserved_mem.h"
#include "boot/setup.h"
#include "boot/cmdline.h"
#include <cmasim/machine.h>
#include <cmasim/pages.h>

/* ---- The boot state ---- */

int cms_boot_init(struct cmasim *sim)
{
	sim->boot = g_try_new0(struct cms_boot_state, 1);
	return sim->boot ? 0 : -ENOMEM;
}

void cms_boot_fini(struct cmasim *sim)
{
	if (!sim->boot)
		return;
	cms_cmdline_free(sim->boot->cmdline);
	g_free(sim->boot);
	sim->boot = NULL;
}

/*
 * ---- parse_early_param(): the parsed command line, kept by boot ----
 *
 * boot/cmdline.c parses; what the parse leaves stays here, and the
 * parameters other layers own are handed to them at once.
 */

int cmasim_cmdline_set(struct cmasim *sim, const char *cmdline)
{
	struct cms_cmdline *cl;
	int ret;

	if (!sim)
		return -EINVAL;
	if (!cmdline) {
		cms_client_bug(sim, "cmasim_cmdline_set: NULL command line");
		return -EINVAL;
	}
	if (sim->phase != CMS_PHASE_EARLY) {
		cms_client_bug(sim, "cmasim_cmdline_set(\"%.64s\"): the command line is parsed in early boot only",
			       cmdline);
		return -EPERM;
	}
	ret = cms_cmdline_parse(sim, cmdline, &cl);
	if (ret)
		return ret;
	cms_cmdline_free(sim->boot->cmdline);
	sim->boot->cmdline = cl;
	/*
	 * early_memblock() writes the memblock_debug global at parse time,
	 * and memblock calls made after parse_early_param() log at once.
	 * It is never cleared.
	 */
	if (cl->memblock_debug)
		sim->memblock->debug = true;
	/*
	 * kernel/dma's handlers write their variables (size_cmdline,
	 * atomic_pool_size, ...) at parse time too: the DMA layer takes its
	 * parameters now, before dma_contiguous_reserve() reads them.
	 */
	cms_dma_set_cmdline(sim, &cl->dma);
	/* cmdline_parse_kernelcore/movablecore write mm's variables likewise */
	cms_mm_set_core_params(sim, &cl->kernelcore, &cl->movablecore);
	/* and cmdline_parse_hugetlb_cma mm/hugetlb.c's */
	cms_hugetlb_set_cmdline(sim, &cl->hugetlb);
	return 0;
}

int cmasim_cmdline_get_cma(const struct cmasim *sim, uint64_t *size,
			   uint64_t *base, uint64_t *limit)
{
	const struct cms_cmdline *cl;

	if (!sim)
		return -EINVAL;
	cl = sim->boot->cmdline;
	if (!cl || !cl->dma.cma_given)
		return -ENOENT;
	if (size)
		*size = cl->dma.cma_size;
	if (base)
		*base = cl->dma.cma_base;
	if (limit)
		*limit = cl->dma.cma_limit;
	return 0;
}

int cmasim_cmdline_get_numa_cma(const struct cmasim *sim, unsigned int nid,
				uint64_t *size)
{
	const struct cms_cmdline *cl;

	if (!sim)
		return -EINVAL;
	cl = sim->boot->cmdline;
	if (nid >= sim->max_numnodes)
		return -EINVAL;
	if (!cl || !cl->dma.numa_cma_given)
		return -ENOENT;
	if (size)
		*size = cl->dma.numa_cma_size[nid];
	return 0;
}

int cmasim_cmdline_get_pernuma(const struct cmasim *sim, uint64_t *size)
{
	const struct cms_cmdline *cl;

	if (!sim)
		return -EINVAL;
	cl = sim->boot->cmdline;
	if (!cl || !cl->dma.pernuma_given)
		return -ENOENT;
	if (size)
		*size = cl->dma.pernuma_size;
	return 0;
}

int cmasim_cmdline_get_mem(const struct cmasim *sim, uint64_t *limit)
{
	const struct cms_cmdline *cl;

	if (!sim)
		return -EINVAL;
	cl = sim->boot->cmdline;
	if (sim->arch->mem_param == CMS_MEM_BANKS)
		return -EOPNOTSUPP;
	if (!cl || !cl->mem_given)
		return -ENOENT;
	if (limit)
		*limit = cl->mem_limit;
	return 0;
}

int cmasim_cmdline_get_mem_bank(const struct cmasim *sim, unsigned int idx,
				uint64_t *start, uint64_t *size,
				bool *start_given)
{
	const struct cms_cmdline *cl;

	if (!sim)
		return -EINVAL;
	cl = sim->boot->cmdline;
	if (!cl || idx >= cl->nr_mem_banks)
		return -ENOENT;
	if (start)
		*start = cl->mem_banks[idx].start;
	if (size)
		*size = cl->mem_banks[idx].size;
	if (start_given)
		*start_given = cl->mem_banks[idx].start_given;
	return 0;
}

bool cmasim_cmdline_memblock_debug(const struct cmasim *sim)
{
	return sim && sim->boot->cmdline && sim->boot->cmdline->memblock_debug;
}

static int get_core(const struct cms_core_param *core, uint64_t *bytes,
		    unsigned int *percent, bool *mirror)
{
	if (!core->given)
		return -ENOENT;
	if (bytes)
		*bytes = core->bytes;
	if (percent)
		*percent = core->percent;
	if (mirror)
		*mirror = core->mirror;
	return 0;
}

int cmasim_cmdline_get_kernelcore(const struct cmasim *sim, uint64_t *bytes,
				  unsigned int *percent, bool *mirror)
{
	if (!sim)
		return -EINVAL;
	if (!sim->boot->cmdline)
		return -ENOENT;
	return get_core(&sim->boot->cmdline->kernelcore, bytes, percent,
			mirror);
}

int cmasim_cmdline_get_movablecore(const struct cmasim *sim, uint64_t *bytes,
				   unsigned int *percent)
{
	if (!sim)
		return -EINVAL;
	if (!sim->boot->cmdline)
		return -ENOENT;
	return get_core(&sim->boot->cmdline->movablecore, bytes, percent, NULL);
}

bool cmasim_cmdline_oops(const struct cmasim *sim, const char **param)
{
	if (!sim || !sim->boot->cmdline || !sim->boot->cmdline->oops)
		return false;
	if (param)
		*param = sim->boot->cmdline->oops_param;
	return true;
}

/*
 * parse_early_param() in setup_arch(): the line parsed and its parameters
 * handed out.  A handler the kernel would crash in (a bare numa_cma,
 * cma_pernuma, kernelcore, or arm's mem) ends the boot here, as the
 * kernel's ends; the parser already explained why.
 */
int cms_boot_parse_early_param(struct cmasim *sim, const char *cmdline)
{
	int ret = cmasim_cmdline_set(sim, cmdline);

	if (ret || !sim->boot->cmdline->oops)
		return ret;
	cms_client_bug(sim, "boot: the command line's bare '%s' crashes the kernel in its early_param handler: the boot stops here",
		       sim->boot->cmdline->oops_param);
	return -EINVAL;
}

/* ---- setup_arch()'s hugetlb_cma_reserve() ---- */

void cms_boot_hugetlb_cma_reserve(struct cmasim *sim,
				  const struct cmasim_machine *m)
{
	/* an empty inline without CONFIG_CMA and CONFIG_HUGETLB_PAGE */
	if (!cms_knob(sim, CMS_KNOB_CMA) ||
	    !cms_knob(sim, CMS_KNOB_HUGETLB_PAGE))
		return;
	switch (sim->arch->hugetlb_cma_call) {
	case CMS_HUGETLB_CMA_ALWAYS:
		break;
	case CMS_HUGETLB_CMA_GBPAGES:
		/* boot_cpu_has(X86_FEATURE_GBPAGES) */
		if (m->gbpages)
			break;
		if (sim->hugetlb->cma_size)
			cms_explain(sim, "hugetlb_cma: the machine's CPU has no 1 GiB pages (qemu: -cpu ...,+pdpe1gb), so setup_arch() does not reserve the areas");
		return;
	default:
		return;
	}
	cms_hugetlb_cma_reserve(sim, sim->arch->hugetlb_cma_order);
}

/*
 * print_unknown_bootoptions(): the words parse_args() passed to init, in
 * a buffer from memblock (a space before each word, and the NUL) that
 * goes back at once.  From a log the buffer is not modelled: the line
 * is printed alone.
 */
static int print_unknown_bootoptions(struct cmasim *sim, bool model)
{
	const char *opts = sim->boot->cmdline ?
			   sim->boot->cmdline->unknown_options : NULL;
	uint64_t len, pa = 0;
	int ret;

	if (!opts)
		return 0;
	len = strlen(opts) + 2;
	if (model) {
		ret = cms_memblock_alloc_nid(sim, CMS_MB_ALLOC_TRY_NID, len,
					     64, 0, 0, CMASIM_NUMA_NO_NODE,
					     "start_kernel", &pa);
		if (ret) {
			cms_pr_err(sim, "print_unknown_bootoptions: Failed to allocate %llu bytes",
				   (unsigned long long)len);
			return 0;
		}
	}
	cms_pr_notice(sim, "Unknown kernel command line parameters \"%s\", will be passed to user space.",
		      opts);
	if (!model)
		return 0;
	return cms_memblock_phys_free(sim, pa, len,
				      sim->build->start_kernel_free_caller);
}

/* ---- mm_init() and the initcalls ---- */

/* mem_init(): memblock_free_all(), 6.1's "Memory:" line; the buddy runs. */
static int mem_init(struct cmasim *sim)
{
	int ret = cms_mm_memblock_free_all(sim);

	/*
	 * Not one whole free page (memblock holding only part of a page):
	 * the kernel's early allocations have panicked long before this.
	 */
	if (!ret && !cmasim_totalram_pages(sim)) {
		cms_client_bug(sim, "boot: no whole page of memory reached the page allocator: no kernel runs on this machine");
		return -ENOMEM;
	}
	if (!ret)
		sim->phase = CMS_PHASE_RUNNING;
	return ret;
}

static int initcalls(struct cmasim *sim)
{
	int ret = 0;

	/* core_initcall(cma_init_reserved_areas) */
	if (cms_knob(sim, CMS_KNOB_CMA))
		ret = cms_cma_activate_areas(sim);
	if (ret)
		return ret;
	/* postcore_initcall(dma_atomic_pool_init); failures are logged only */
	cms_dma_atomic_pool_init(sim);
	/*
	 * postcore_initcall(init_per_zone_wmark_min), linked after kernel/dma:
	 * the watermarks are computed again now that the CMA pages count as
	 * managed.
	 */
	cms_mm_init_per_zone_wmark_min(sim);
	/* subsys_initcall(hugetlb_init): hugetlb_cma_check() */
	if (cms_knob(sim, CMS_KNOB_HUGETLB_PAGE) && cms_knob(sim, CMS_KNOB_CMA))
		cms_hugetlb_cma_check(sim);
	return 0;
}

/* ---- The kernel image: its sizes, and what kernel_init() frees ---- */

/*
 * The image sizes of mem_init()'s "Memory:" line: the machine's, or the
 * capture kernels' (sim->build).
 */
static void set_kernel_image(struct cmasim *sim,
			     const struct cmasim_machine *m)
{
	const struct cms_kernel_build *f = sim->build;

	if (m->has_image)
		cms_mm_set_kernel_image(sim, m->image[0], m->image[1],
					m->image[2], m->image[3], m->image[4]);
	else if (sim->arch->boot_allocs_modelled && f)
		cms_mm_set_kernel_image(sim, f->image_k[0] << 10,
					f->image_k[1] << 10,
					f->image_k[2] << 10,
					f->image_k[3] << 10,
					f->image_k[4] << 10);
}

/*
 * Give back @bytes of reserved pages: the initrd's own, or pages of the
 * kernel image carved from its end downwards (*cursor), as
 * free_reserved_area() does.  The kernel knows its section addresses; we
 * know only the sizes, so the pages chosen are approximate, the counts
 * exact.
 */
static int free_reserved_bytes(struct cmasim *sim, uint64_t base,
			       uint64_t bytes)
{
	for (uint64_t pa = base; pa < base + bytes; pa += sim->page_size) {
		int ret = cms_free_reserved_page(sim, pa >> sim->page_shift);

		if (ret)
			return ret;
	}
	return 0;
}

/* The reserved region holding the kernel image (from _text). */
static bool kernel_image_region(const struct cmasim *sim, uint64_t *start,
				uint64_t *end)
{
	const struct cms_memblock_type *rsv = &sim->memblock->reserved;
	uint64_t text = sim->boot->image_base;

	for (unsigned long i = 0; i < rsv->cnt; i++) {
		uint64_t b = rsv->regions[i].base;

		if (b <= text && b + rsv->regions[i].size > text) {
			*start = text;
			*end = b + rsv->regions[i].size;
			return true;
		}
	}
	return false;
}

/*
 * The image's areas given back while the kernel starts: @early, what
 * alternative_instructions() frees in start_kernel() ("SMP alternatives",
 * before page_alloc_init_late() and the initcalls); otherwise the rest,
 * free_initrd_mem() and free_initmem() & co, just before /init runs.
 */
static int free_init_areas(struct cmasim *sim, const struct cmasim_machine *m,
			   bool early)
{
	const struct cms_kernel_build *f = sim->build;
	/* the image's own pages are known where _text's address is */
	bool image = sim->boot->image_base != 0;
	uint64_t kstart = 0, cursor = 0;
	size_t n = m->nr_late ? m->nr_late :
		   sim->arch->boot_allocs_modelled && f ?
		   CMS_ARRAY_SIZE(f->late_frees) : 0;
	int ret = 0;

	if (image && kernel_image_region(sim, &kstart, &cursor))
		cursor = cms_align_down(cursor, sim->page_size);
	if (sim->boot->image_cursor)
		cursor = sim->boot->image_cursor;
	for (size_t i = 0; i < n && !ret; i++) {
		const char *what = m->nr_late ? m->late[i].what :
				   f->late_frees[i].what;
		uint64_t bytes = m->nr_late ? m->late[i].bytes :
				 f->late_frees[i].kib << 10;
		bool initrd = what && !strcmp(what, "initrd");

		if (!what)
			break;
		if (early != !strcmp(what, "SMP alternatives"))
			continue;
		if (initrd) {
			/* free_reserved_area(): the whole pages inside */
			uint64_t s0 = cms_align_up(sim->boot->initrd_base,
						   sim->page_size);
			uint64_t e0 = cms_align_down(sim->boot->initrd_base +
						     m->initrd_size,
						     sim->page_size);

			if (!m->initrd_size || e0 <= s0)
				continue;
			bytes = e0 - s0;
			ret = free_reserved_bytes(sim, s0, bytes);
		} else {
			if (!image || cursor < kstart + bytes) {
				cms_explain(sim, "boot: \"Freeing %s memory\" not modelled: no kernel image pages to take them from",
					    what);
				continue;
			}
			cursor -= bytes;
			sim->boot->image_cursor = cursor;
			ret = free_reserved_bytes(sim, cursor, bytes);
		}
		if (!ret)
			cms_pr_info(sim, "Freeing %s memory: %lluK", what,
				    (unsigned long long)(bytes >> 10));
	}
	return ret;
}

/* ---- start_kernel() ---- */

int cmasim_boot_until(struct cmasim *sim, const struct cmasim_machine *m,
		      const char *cmdline, enum cmasim_boot_stage stage)
{
	char *line;
	bool model, x86;
	int ret;

	if (!sim)
		return -EINVAL;
	if (!m) {
		cms_client_bug(sim, "cmasim_boot: NULL machine");
		return -EINVAL;
	}
	if ((unsigned int)stage > CMASIM_BOOT_FULL) {
		cms_client_bug(sim, "cmasim_boot_until: unknown stage %d",
			       (int)stage);
		return -EINVAL;
	}
	if (sim->boot->booted || sim->phase != CMS_PHASE_EARLY) {
		cms_client_bug(sim, "cmasim_boot: the instance has already booted");
		return -EPERM;
	}
	if (cms_arch_profile(m->arch)->setup_arch != sim->arch->setup_arch) {
		cms_client_bug(sim, "cmasim_boot: a %s machine cannot boot on the %s profile",
			       cms_arch_profile(m->arch)->name, sim->arch->name);
		return -EINVAL;
	}
	{
		bool ram = false;

		for (size_t i = 0; i < m->nr_e820; i++)
			ram |= cms_e820_is_ram(m->e820[i].type);
		for (size_t i = 0; i < m->nr_ops; i++)
			ram |= m->ops[i].kind == CMASIM_OP_MEMBLOCK_ADD ||
			       (m->ops[i].kind == CMASIM_OP_MEMBLOCK_STATE &&
				!m->ops[i].reserved);
		ram |= m->dt_memory;
		if (!ram) {
			cms_client_bug(sim, "cmasim_boot: the machine has no usable RAM");
			return -EINVAL;
		}
	}
	if (!cmdline)
		cmdline = m->cmdline ? m->cmdline : "";
	/*
	 * The boot loader's line reaches the kernel cut to COMMAND_LINE_SIZE
	 * - 1 bytes (boot_command_line): every step sees only those.
	 */
	line = g_strndup(cmdline, sim->arch->command_line_size - 1);
	if (cmdline[strlen(line)])
		cms_explain(sim, "boot: the command line is longer than COMMAND_LINE_SIZE - 1 (%zu bytes): the kernel keeps the first %zu, the rest never reaches it",
			    strlen(line), strlen(line));
	cmdline = line;

	/* the capture kernels' allocations, unless a log records them */
	model = sim->arch->boot_allocs_modelled && sim->build &&
		!cms_boot_replays(m);
	x86 = sim->arch->setup_arch == CMS_SETUP_ARCH_X86;
	sim->boot->booted = true;
	sim->boot->until = stage;
	switch (sim->arch->setup_arch) {
	case CMS_SETUP_ARCH_X86:
		ret = cms_x86_setup_arch(sim, m, cmdline);
		break;
	default:
		ret = cms_arm64_setup_arch(sim, m, cmdline);
		break;
	}
	if (ret || stage == CMASIM_BOOT_MEMBLOCK)
		goto out;
	/* setup_command_line(), setup_per_cpu_areas() */
	if (!ret && model)
		ret = x86 ? cms_boot_model_start_kernel(sim, cmdline) :
			    cms_arm64_model_start_kernel(sim, cmdline);
	/* the rest of setup_arch() and start_kernel() before mm_init() */
	if (!ret)
		ret = cms_boot_replay_stage(sim, m);
	if (!ret)
		ret = cms_boot_replay_stage(sim, m);
	if (ret || stage == CMASIM_BOOT_ZONES)
		goto out;
	/* start_kernel(): zonelists, the command line again, mm_init() */
	if (!ret) {
		cms_mm_build_all_zonelists(sim);
		cms_pr_notice(sim, "Kernel command line: %s", cmdline);
		ret = print_unknown_bootoptions(sim, model);
		if (!ret && model)
			ret = x86 ? cms_boot_model_caches_early(sim) :
				    cms_boot_model_hash_early(sim);
		/* mm_init() -> mem_init(): the bounce buffer first */
		if (!ret && model)
			ret = x86 ? cms_boot_model_swiotlb(sim) :
				    cms_arm64_model_swiotlb(sim);
		set_kernel_image(sim, m);
		if (!ret)
			ret = mem_init(sim);
		/* vfs_caches_init() with hashdist */
		if (!ret && model)
			ret = cms_boot_model_caches_late(sim);
		/* arch_cpu_finalize_init(): alternative_instructions() */
		if (!ret)
			ret = free_init_areas(sim, m, true);
		/* 6.12 kernel_init_freeable(): page_alloc_init_late() */
		if (!ret && sim->ver->memory_line_after_deferred_init)
			cms_mm_mem_init_print_info(sim);
	}
	if (!ret)
		ret = initcalls(sim);
	/* the device tree's: probing the devices with memory-region */
	if (!ret)
		ret = cms_of_initcalls(sim);
	/* rootfs_initcall(pci_iommu_init), then kernel_init()'s frees */
	if (!ret && model)
		cms_boot_model_swiotlb_late(sim);
	if (!ret)
		ret = free_init_areas(sim, m, false);
out:
	if (ret) {
		sim->boot->failed = true;
		cms_explain(sim, "boot: failed with %d; destroy this instance", ret);
	}
	g_free(line);
	return ret;
}

int cmasim_boot(struct cmasim *sim, const struct cmasim_machine *m,
		const char *cmdline)
{
	return cmasim_boot_until(sim, m, cmdline, CMASIM_BOOT_FULL);
}

cmasim_phys_addr_t cmasim_dma_contiguous_limit(const struct cmasim *sim)
{
	return sim ? sim->boot->dma_limit : 0;
}
