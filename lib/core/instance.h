/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The full struct cmasim and the helpers every lib/ file shares.  Each
 * subsystem keeps its state in its own struct, defined in lib/<subsys>.h.
 */
#ifndef CMS_INTERNAL_H
#define CMS_INTERNAL_H

#include "boot/setup.h"
#include "core/kconfig.h"
#include "core/log.h"
#include "mm/memblock.h"
#include "core/profile.h"
#include "core/util.h"

/* Boot phases, as __init code and the initcalls separate them. */
enum cms_phase {
	CMS_PHASE_EARLY = 0,	/* setup_arch: memblock only */
	CMS_PHASE_RUNNING,	/* after the buddy handover */
};

struct cms_mm;		/* nodes, zones, memmap, buddy: lib/zone.h */
struct cms_cma_state;	/* CMA areas: lib/cma.h */
struct cms_cmdline;	/* parsed boot command line: lib/cmdline.h */
struct cms_cma_rt;	/* runtime CMA state: lib/cma_alloc.h */
struct cms_trace;	/* trace sink: lib/trace.h */

struct cmasim {
	struct cmasim_config cfg;
	const struct cms_arch_profile *arch;
	const struct cms_version_profile *ver;
	int64_t knob[CMS_KNOB_COUNT];

	unsigned int page_shift;
	uint64_t page_size;
	unsigned int max_order;		/* largest buddy order, inclusive */
	unsigned int nr_orders;		/* max_order + 1 */
	unsigned int pageblock_order;
	unsigned int max_numnodes;	/* 1 << NODES_SHIFT, 1 without NUMA */

	enum cms_phase phase;
	uint64_t rng[4];

	struct cms_log dmesg;
	struct cms_log diag;
	cmasim_log_fn log_fn;
	void *log_data;

	struct cms_memblock memblock;
	/*
	 * totalcma_pages: pages given to CMA areas by cma_init_reserved_mem();
	 * the boot "Memory:" line and meminfo's CmaTotal read it.
	 */
	uint64_t totalcma_pages;
	struct cms_cmdline *cmdline;
	struct cms_mm *mm;
	struct cms_cma_state *cma;
	struct cms_cma_rt *cma_rt;
	/* what the boot sequence learnt (lib/boot.h) */
	struct cms_boot_state boot;
	/* enabled trace events (bit per enum cms_trace_event) and sink */
	uint64_t trace_mask;
	struct cms_trace *trace;
};

static inline int64_t cms_knob(const struct cmasim *sim, enum cms_knob k)
{
	return sim->knob[k];
}

/* xoshiro256** seeded from the config seed with splitmix64. */
uint64_t cms_rand_u64(struct cmasim *sim);
/* Uniform in [0, bound); bound > 0. */
uint64_t cms_rand_below(struct cmasim *sim, uint64_t bound);

#if CMASIM_DEBUG_CHECKS >= 1
#define cms_assert(sim, expr)						\
	do {								\
		if (!(expr))						\
			cms_sim_bug(sim, "assertion failed: %s (%s:%d)", \
				    #expr, __FILE__, __LINE__);		\
	} while (0)
#else
#define cms_assert(sim, expr) do { (void)(sim); } while (0)
#endif

#endif /* CMS_INTERNAL_H */
