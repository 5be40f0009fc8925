/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Allocation policies inside the library (<cmasim/policy.h>): the
 * instance's installed hooks, the views they are given, and the
 * kernel's decisions as hooks (the "kernel" built-in), each defined
 * beside the rule it wraps.
 *
 * The decision points test one hook pointer: NULL (no policy, or a
 * policy without that hook) runs the kernel's rule inline; otherwise a
 * separate, out-of-line function builds the hook's view, calls it and
 * checks what it answered.
 */
#ifndef CMS_POLICY_H
#define CMS_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#include <cmasim/policy.h>

struct cmasim;
struct cms_zone;

/* The policy state of an instance (struct cmasim's policy member). */
struct cms_policy {
	/* the installed hooks; all NULL: the kernel's decisions */
	struct cmasim_policy hooks;
	void *priv;		/* what the hooks get: attach's state or data */
	bool attached;		/* hooks.detach(priv) is owed */
	char *name;		/* copied; NULL: "kernel" */
	/*
	 * Movable allocations without ALLOC_CMA stay off the per-cpu lists
	 * (which may hold CMA pages): the version's rule, forced on when a
	 * policy refuses CMA to some movable allocations.
	 */
	bool pcp_skips_movable_without_cma;
};

/* The state's life: 0 or -ENOMEM. */
int cms_policy_init(struct cmasim *sim);
void cms_policy_fini(struct cmasim *sim);

/* The view of @z a hook is given. */
void cms_policy_zone_view(const struct cmasim *sim, const struct cms_zone *z,
			  struct cmasim_policy_zone *v);

/*
 * A hook answered something the allocator cannot use: one diagnostic
 * naming the policy and the hook; the caller then takes the kernel's
 * decision or ends the search, as the hook's comment says.
 */
void cms_policy_bug(struct cmasim *sim, const char *hook, const char *fmt,
		    ...) __attribute__((format(printf, 3, 4)));

/*
 * The kernel's decisions as hooks, with the signatures of struct
 * cmasim_policy (the "kernel" built-in; @priv unused).  Defined beside
 * the rules: page_alloc.c, page_alloc_wmark.c, migrate.c, cma.c.
 */
int cms_kernel_fallback_type(const struct cmasim *sim, void *priv,
			     const struct cmasim_policy_zone *z, int start_mt,
			     unsigned int order, unsigned int i);
bool cms_kernel_can_claim(const struct cmasim *sim, void *priv,
			  const struct cmasim_policy_zone *z,
			  unsigned int order, int start_mt, int fallback_mt);
bool cms_kernel_claim_block(const struct cmasim *sim, void *priv,
			    const struct cmasim_policy_claim *c);
bool cms_kernel_cma_allowed(const struct cmasim *sim, void *priv,
			    const struct cmasim_policy_alloc *a);
bool cms_kernel_cma_first(const struct cmasim *sim, void *priv,
			  const struct cmasim_policy_zone *z,
			  unsigned int order);
void cms_kernel_pcp_sizes(const struct cmasim *sim, void *priv,
			  const struct cmasim_policy_zone *z,
			  struct cmasim_policy_pcp *pcp);
int cms_kernel_migration_target(const struct cmasim *sim, void *priv,
				const struct cmasim_policy_page *page,
				struct cmasim_policy_target *target);
uint64_t cms_kernel_find_window(const struct cmasim *sim, void *priv,
				const struct cmasim_policy_bitmap *bm,
				const struct cmasim_policy_window *w);
bool cms_kernel_busy_retry(const struct cmasim *sim, void *priv,
			   const struct cmasim_policy_bitmap *bm,
			   struct cmasim_policy_retry *r);

#endif /* CMS_POLICY_H */
