/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hugetlb_cma= areas: what cmdline_parse_hugetlb_cma() leaves in
 * mm/hugetlb.c's static variables, the per-node CMA areas
 * hugetlb_cma_reserve() declares for gigantic pages, and the late
 * hugetlb_cma_check().  lib/mm/hugetlb.c mirrors the hugetlb_cma parts of
 * mm/hugetlb.c; the arch decides when (and whether) to reserve.
 */
#ifndef CMS_HUGETLB_H
#define CMS_HUGETLB_H

#include <stdbool.h>
#include <stdint.h>

struct cmasim;
struct cmasim_cma;

/*
 * hugetlb_cma= as cmdline_parse_hugetlb_cma() leaves it: the kernel's
 * hugetlb_cma_size and hugetlb_cma_size_in_node[], which every
 * occurrence of the parameter adds to.  boot/cmdline.c fills it.
 */
struct cms_hugetlb_cmdline {
	bool given;			/* the parameter was parsed at all */
	uint64_t size;			/* hugetlb_cma_size */
	uint64_t *size_in_node;		/* the per-node sizes, [nodes] */
	unsigned int nodes;		/* MAX_NUMNODES */
};

/* mm/hugetlb.c's CMA state; struct cmasim's hugetlb member. */
struct cms_hugetlb {
	uint64_t cma_size;		/* hugetlb_cma_size */
	uint64_t *cma_size_in_node;	/* [max_numnodes] */
	/* hugetlb_cma_reserve() ran (the arch supports the option) */
	bool cma_reserve_called;
	struct cmasim_cma **cma;	/* hugetlb_cma[nid], [max_numnodes] */
};

/* The state's life (struct cmasim's hugetlb member): 0 or -ENOMEM. */
int cms_hugetlb_init(struct cmasim *sim);
void cms_hugetlb_fini(struct cmasim *sim);

/*
 * early_param("hugetlb_cma"): the parsed values become mm's, as the
 * kernel's handler writes its static variables at parse time.
 */
void cms_hugetlb_set_cmdline(struct cmasim *sim,
			     const struct cms_hugetlb_cmdline *cl);

/*
 * hugetlb_cma_reserve(@order): one area "hugetlb<nid>" per online node
 * (or per node hugetlb_cma=<nid>:<size> names) for gigantic pages of
 * @order, with the kernel's lines.  The arch calls it after NUMA init:
 * x86 with PUD order when the CPU has gbpages, arm64 with its gigantic
 * order.  Failures are logged, as in the kernel, never returned.
 */
void cms_hugetlb_cma_reserve(struct cmasim *sim, unsigned int order);

/*
 * hugetlb_cma_check() (from hugetlb_init(), subsys_initcall): warns when
 * hugetlb_cma= was given but the arch never called hugetlb_cma_reserve().
 */
void cms_hugetlb_cma_check(struct cmasim *sim);

/* hugetlb_cma[@nid], or NULL. */
struct cmasim_cma *cms_hugetlb_cma_area(const struct cmasim *sim, int nid);

#endif /* CMS_HUGETLB_H */
