// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulator instance: lifecycle, profile geometry (PAGE_SHIFT,
 * MAX_ORDER, pageblock_order), the per-instance PRNG.  The boot phases
 * that follow memblock live in boot.c (mirrors init/main.c and
 * mm/mm_init.c ordering).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include <cmasim/instance.h>

#include "core/instance.h"
#include "core/log.h"
#include "core/random.h"
#include "mm/cma.h"
#include "mm/hugetlb.h"
#include "core/trace.h"
#include "mm/mmzone.h"
#include "boot/setup.h"
#include "mm/memblock.h"
#include "mm/migrate.h"
#include "mm/page_alloc_contig.h"
#include "mm/policy.h"
#include "dma/mapping.h"
#include "of/of_reserved_mem.h"
#include "workload/workload.h"

static int compute_geometry(struct cmasim *sim)
{
	const struct cms_arch_profile *a = sim->arch;
	unsigned int max_order;

	sim->page_shift = a->page_shift;
	sim->page_size = UINT64_C(1) << a->page_shift;
	if (a->fixed_max_page_order >= 0) {
		max_order = (unsigned int)a->fixed_max_page_order;
	} else {
		int64_t f = cms_knob(sim, CMS_KNOB_ARCH_FORCE_MAX_ORDER);

		if (sim->ver->max_order_exclusive) {
			if (f < 2) {
				cms_client_bug(sim, "ARCH_FORCE_MAX_ORDER=%lld: 6.1 counts orders exclusively, so it must be at least 2",
					       (long long)f);
				return -EINVAL;
			}
			max_order = (unsigned int)f - 1;
		} else {
			max_order = (unsigned int)f;
		}
	}
	if (a->page_shift + max_order >= 40) {
		cms_client_bug(sim, "ARCH_FORCE_MAX_ORDER gives blocks of 2^%u bytes: too large",
			       a->page_shift + max_order);
		return -EINVAL;
	}
	sim->max_order = max_order;
	sim->nr_orders = max_order + 1;
	/* pageblock-flags.h: HugeTLB's order, else THP's (6.12), else max */
	if (cms_knob(sim, CMS_KNOB_HUGETLB_PAGE) ||
	    (sim->ver->pageblock_order_thp && a->transparent_hugepage))
		sim->pageblock_order = a->hpage_pmd_order < max_order ?
				       a->hpage_pmd_order : max_order;
	else
		sim->pageblock_order = max_order;
	sim->max_numnodes = cms_knob(sim, CMS_KNOB_NUMA) ?
			    1u << cms_knob(sim, CMS_KNOB_NODES_SHIFT) : 1;
	return 0;
}

int cmasim_create(const struct cmasim_config *cfg, struct cmasim **out)
{
	struct cmasim *sim;
	unsigned int shift;
	int ret;

	if (!cfg || !out)
		return -EINVAL;
	sim = calloc(1, sizeof(*sim));
	if (!sim)
		return -ENOMEM;
	sim->cfg = *cfg;
	sim->arch = cms_arch_profile(cfg->arch);
	sim->ver = cms_version_profile(cfg->kernel);
	sim->build = cms_kernel_build(cfg->arch, cfg->kernel);
	for (int k = 0; k < CMS_KNOB_COUNT; k++)
		sim->knob[k] = cms_knob_effective(cfg, (enum cms_knob)k);
	sim->log_fn = cfg->log_fn;
	sim->log_data = cfg->log_data;
	shift = (unsigned int)cms_knob(sim, CMS_KNOB_LOG_BUF_SHIFT);
	cms_log_init_kernel(&sim->dmesg, shift);
	cms_log_init(&sim->diag, (size_t)1 << 20);
	cms_random_init(&sim->rng, cfg->seed);

	ret = compute_geometry(sim);
	if (ret)
		goto fail;
	ret = cms_memblock_init(sim);
	if (!ret)
		ret = cms_mm_init(sim);
	if (!ret)
		ret = cms_policy_init(sim);
	if (ret)
		goto fail;
	ret = cms_cma_init(sim);
	if (!ret)
		ret = cms_hugetlb_init(sim);
	if (!ret)
		ret = cms_contig_init(sim);
	if (!ret)
		ret = cms_migrate_init(sim);
	if (!ret)
		ret = cms_dma_init(sim);
	if (!ret)
		ret = cms_of_init(sim);
	if (!ret)
		ret = cms_boot_init(sim);
	if (!ret)
		ret = cms_workload_init(sim);
	if (ret)
		goto fail;
	sim->phase = CMS_PHASE_EARLY;
	*out = sim;
	return 0;
fail:
	cmasim_destroy(sim);
	return ret;
}

void cmasim_destroy(struct cmasim *sim)
{
	if (!sim)
		return;
	/* the policy's detach first: it may hold state of this machine */
	cms_policy_fini(sim);
	cms_workload_fini(sim);
	cms_of_fini(sim);
	cms_dma_fini(sim);
	cms_migrate_fini(sim);
	cms_contig_fini(sim);
	cms_hugetlb_fini(sim);
	cms_cma_fini(sim);
	cms_mm_fini(sim);
	cms_trace_fini(sim);
	cms_boot_fini(sim);
	cms_memblock_fini(sim);
	cms_log_fini(&sim->dmesg);
	cms_log_fini(&sim->diag);
	free(sim);
}

enum cmasim_arch cmasim_get_arch(const struct cmasim *sim)
{
	/* NULL: the default configuration's */
	return sim ? sim->arch->arch : CMASIM_ARCH_X86_64;
}

enum cmasim_kernel cmasim_get_kernel(const struct cmasim *sim)
{
	return sim ? sim->ver->kernel : CMASIM_KERNEL_6_12;
}

uint64_t cmasim_page_size(const struct cmasim *sim)
{
	return sim ? sim->page_size : 0;
}

unsigned int cmasim_pageblock_order(const struct cmasim *sim)
{
	return sim ? sim->pageblock_order : 0;
}

unsigned int cmasim_max_page_order(const struct cmasim *sim)
{
	return sim ? sim->max_order : 0;
}

int cmasim_get_knob(const struct cmasim *sim, const char *name, int64_t *value)
{
	int id = cms_knob_lookup(name);

	if (!sim || !value)
		return -EINVAL;
	if (id < 0)
		return -ENOENT;
	if (!cms_knob_present(&sim->cfg, (enum cms_knob)id))
		return -EOPNOTSUPP;
	*value = sim->knob[id];
	return 0;
}
