// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hugetlb_cma= parts of mm/hugetlb.c (Linux 6.1 and 6.12):
 * hugetlb_cma_reserve(), which the arch calls once NUMA is known (x86
 * setup_arch() with PUD order when the CPU has gbpages, arm64
 * bootmem_init() through arm64_hugetlb_cma_reserve() with the granule's
 * gigantic order), declares one CMA area "hugetlb<nid>" per online node
 * or per node the parameter names, with the gigantic page as its
 * alignment (6.12; 6.1 aligns to HUGETLB_PAGE_ORDER) and
 * HUGETLB_PAGE_ORDER pages per bitmap bit; hugetlb_cma_check(), from
 * hugetlb_init() at subsys_initcall, warns when the arch never called
 * it.  The values come from cmdline_parse_hugetlb_cma(), which
 * boot/cmdline.c runs and cms_hugetlb_set_cmdline() hands over.  The
 * areas are ordinary CMA areas (mm/cma.c): they count in CmaTotal and
 * their pageblocks become MIGRATE_CMA at activation.  Gigantic page
 * allocation from them is not modelled.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "core/instance.h"
#include "core/log.h"
#include "mm/cma.h"
#include "mm/mmzone.h"
#include "mm/hugetlb.h"

int cms_hugetlb_init(struct cmasim *sim)
{
	struct cms_hugetlb *h = g_try_new0(struct cms_hugetlb, 1);

	if (!h)
		return -ENOMEM;
	h->cma_size_in_node = g_try_new0(uint64_t, sim->max_numnodes);
	h->cma = g_try_new0(struct cmasim_cma *, sim->max_numnodes);
	sim->hugetlb = h;
	if (!h->cma_size_in_node || !h->cma) {
		cms_hugetlb_fini(sim);
		return -ENOMEM;
	}
	return 0;
}

void cms_hugetlb_fini(struct cmasim *sim)
{
	struct cms_hugetlb *h = sim->hugetlb;

	if (!h)
		return;
	g_free(h->cma_size_in_node);
	g_free(h->cma);
	g_free(h);
	sim->hugetlb = NULL;
}

void cms_hugetlb_set_cmdline(struct cmasim *sim,
			     const struct cms_hugetlb_cmdline *cl)
{
	struct cms_hugetlb *h = sim->hugetlb;

	if (!cl->given)
		return;
	h->cma_size = cl->size;
	for (unsigned int nid = 0; nid < sim->max_numnodes; nid++)
		h->cma_size_in_node[nid] = nid < cl->nodes ?
					   cl->size_in_node[nid] : 0;
}

static bool node_online(const struct cmasim *sim, int nid)
{
	return cms_node_state(sim, nid, CMS_N_ONLINE);
}

static unsigned int nr_online_nodes(const struct cmasim *sim)
{
	unsigned int n = 0;

	for (unsigned int nid = 0; nid < sim->max_numnodes; nid++)
		n += node_online(sim, (int)nid);
	return n;
}

/*
 * The node-specific sizes hugetlb_cma=<nid>:<size> gave: an offline node
 * or a size below one gigantic page is dropped (and taken off the total,
 * wrapping as the kernel's unsigned long does).  Returns whether any
 * node keeps its size.
 */
static bool check_node_sizes(struct cmasim *sim, uint64_t gigantic)
{
	struct cms_hugetlb *h = sim->hugetlb;
	bool node_specific = false;

	for (unsigned int i = 0; i < sim->max_numnodes; i++) {
		int nid = (int)i;

		if (!h->cma_size_in_node[nid])
			continue;
		if (!node_online(sim, nid)) {
			cms_printk(sim, CMASIM_LOG_WARNING,
				   "hugetlb_cma: invalid node %d specified", nid);
			h->cma_size -= h->cma_size_in_node[nid];
			h->cma_size_in_node[nid] = 0;
			continue;
		}
		if (h->cma_size_in_node[nid] < gigantic) {
			cms_printk(sim, CMASIM_LOG_WARNING,
				   "hugetlb_cma: cma area of node %d should be at least %llu MiB",
				   nid,
				   (unsigned long long)(gigantic / CMS_SZ_1M));
			h->cma_size -= h->cma_size_in_node[nid];
			h->cma_size_in_node[nid] = 0;
		} else {
			node_specific = true;
		}
	}
	return node_specific;
}

void cms_hugetlb_cma_reserve(struct cmasim *sim, unsigned int order)
{
	struct cms_hugetlb *h = sim->hugetlb;
	uint64_t gigantic = sim->page_size << order;
	/* 6.1 aligns each area to HUGETLB_PAGE_ORDER, 6.12 to @order */
	uint64_t align = sim->page_size <<
			 (sim->ver->hugetlb_cma_gigantic_align ?
			  order : sim->arch->hpage_pmd_order);
	uint64_t per_node = 0, reserved = 0;
	bool node_specific;

	h->cma_reserve_called = true;
	if (!h->cma_size)
		return;
	node_specific = check_node_sizes(sim, gigantic);
	/* the size again, in case some nodes were dropped */
	if (!h->cma_size)
		return;
	if (h->cma_size < gigantic) {
		cms_printk(sim, CMASIM_LOG_WARNING,
			   "hugetlb_cma: cma area should be at least %llu MiB",
			   (unsigned long long)(gigantic / CMS_SZ_1M));
		h->cma_size = 0;
		return;
	}
	if (!node_specific) {
		/* 3 GiB on four nodes: 1 GiB on each of the first three */
		unsigned int online = nr_online_nodes(sim);

		per_node = (h->cma_size + online - 1) / online;
		per_node = cms_align_up(per_node, gigantic);
		cms_pr_info(sim, "hugetlb_cma: reserve %llu MiB, up to %llu MiB per node",
			    (unsigned long long)(h->cma_size / CMS_SZ_1M),
			    (unsigned long long)(per_node / CMS_SZ_1M));
	}

	for (unsigned int i = 0; i < sim->max_numnodes; i++) {
		int nid = (int)i;
		char name[CMS_CMA_MAX_NAME];
		const char *why = NULL;
		uint64_t size;
		int res;

		if (!node_online(sim, nid))
			continue;
		if (node_specific) {
			if (!h->cma_size_in_node[nid])
				continue;
			size = h->cma_size_in_node[nid];
		} else {
			size = cms_min_u64(per_node, h->cma_size - reserved);
		}
		size = cms_align_up(size, gigantic);
		snprintf(name, sizeof(name), "hugetlb%d", nid);
		/*
		 * one bit per HUGETLB_PAGE_ORDER pages: the smallest size a
		 * demoted gigantic page can give back
		 */
		res = cms_cma_declare_contiguous_nid(sim, 0, size, 0, align,
						     sim->arch->hpage_pmd_order,
						     false, name, &h->cma[nid],
						     nid, &why);
		if (res) {
			if (why)
				cms_explain(sim, "hugetlb_cma: %s on node %d: %s",
					    name, nid, why);
			cms_printk(sim, CMASIM_LOG_WARNING,
				   "hugetlb_cma: reservation failed: err %d, node %d",
				   res, nid);
			continue;
		}
		reserved += size;
		cms_pr_info(sim, "hugetlb_cma: reserved %llu MiB on node %d",
			    (unsigned long long)(size / CMS_SZ_1M), nid);
		if (reserved >= h->cma_size)
			break;
	}
	/* hugetlb_cma_size says whether allocations may use the areas */
	if (!reserved)
		h->cma_size = 0;
}

void cms_hugetlb_cma_check(struct cmasim *sim)
{
	const struct cms_hugetlb *h = sim->hugetlb;

	if (!h->cma_size || h->cma_reserve_called)
		return;
	cms_printk(sim, CMASIM_LOG_WARNING,
		   "hugetlb_cma: the option isn't supported by current arch");
}

struct cmasim_cma *cms_hugetlb_cma_area(const struct cmasim *sim, int nid)
{
	if (nid < 0 || (unsigned int)nid >= sim->max_numnodes)
		return NULL;
	return sim->hugetlb->cma[nid];
}
