/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * struct cmasim: one simulated machine.  It holds the configuration, the
 * profile geometry and one pointer per subsystem's state; each subsystem
 * defines its state in its own header and creates and destroys it in its
 * own file (core/lifecycle.c calls them in order).  This header names the
 * subsystems' structs only, so that including it pulls in no layer above
 * core/.
 */
#ifndef CMS_INSTANCE_H
#define CMS_INSTANCE_H

#include "core/kconfig.h"
#include "core/printk_ringbuffer.h"
#include "core/profile.h"
#include "core/random.h"
#include "core/util.h"

/* Boot phases, as __init code and the initcalls separate them. */
enum cms_phase {
	CMS_PHASE_EARLY = 0,	/* setup_arch: memblock only */
	CMS_PHASE_RUNNING,	/* after the buddy handover */
};

struct cms_memblock;	/* mm/memblock.h */
struct cms_mm;		/* mm/mmzone.h: nodes, zones, memmap, buddy, pcp */
struct cms_policy;	/* mm/policy.h: the allocation policy's hooks */
struct cms_cma_state;	/* mm/cma.h: CMA areas, allocations, files */
struct cms_hugetlb;	/* mm/hugetlb.h: hugetlb_cma= and its areas */
struct cms_contig;	/* mm/page_alloc_contig.h: contiguous allocation */
struct cms_migrate;	/* mm/migrate.h: owners, pins, migration */
struct cms_dma;		/* dma/mapping.h: devices, DMA areas, pools */
struct cms_of;		/* of/of_reserved_mem.h: the device tree at boot */
struct cms_boot_state;	/* boot/setup.h: what the boot learnt */
struct cms_trace;	/* core/trace.h: trace sink */
struct cms_workload;	/* workload/workload.h: named allocations */

struct cmasim {
	struct cmasim_config cfg;
	const struct cms_arch_profile *arch;
	const struct cms_version_profile *ver;
	/* the capture kernel's build for arch and version; NULL for arm */
	const struct cms_kernel_build *build;
	int64_t knob[CMS_KNOB_COUNT];

	unsigned int page_shift;
	uint64_t page_size;
	unsigned int max_order;		/* largest buddy order, inclusive */
	unsigned int nr_orders;		/* max_order + 1 */
	unsigned int pageblock_order;
	unsigned int max_numnodes;	/* 1 << NODES_SHIFT, 1 without NUMA */

	enum cms_phase phase;
	struct cms_random rng;		/* core/random.c */

	/* core/log.c */
	struct cms_log dmesg;
	struct cms_log diag;
	cmasim_log_fn log_fn;
	void *log_data;

	struct cms_memblock *memblock;
	struct cms_mm *mm;
	struct cms_policy *policy;
	struct cms_cma_state *cma;
	struct cms_hugetlb *hugetlb;
	struct cms_contig *contig;
	struct cms_migrate *migrate;
	struct cms_dma *dma;
	struct cms_of *of;
	struct cms_boot_state *boot;
	struct cms_workload *workload;
	/* enabled trace events (bit per enum cms_trace_event) and sink */
	uint64_t trace_mask;
	struct cms_trace *trace;
};

static inline int64_t cms_knob(const struct cmasim *sim, enum cms_knob k)
{
	return sim->knob[k];
}


#endif /* CMS_INSTANCE_H */
