/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Allocation policies: the decisions of the page allocator, of migration
 * and of cma_alloc() that researchers change when they try an idea
 * before writing a kernel patch, as hooks an instance calls.
 *
 * A policy is a struct of function pointers and a data pointer
 * (struct cmasim_policy), installed per instance with cmasim_set_policy().
 * Every hook is optional: a NULL hook keeps the decision of the
 * instance's kernel version (the kernel's rule, inline, at no cost).
 * The decision points, each one small function in the kernel:
 *
 *   fallback_type     the migratetype fallback order (fallbacks[][])
 *   can_claim         may a fallback take a whole pageblock
 *                     (can_steal_fallback / should_try_claim_block)
 *   claim_block       does the pageblock change owner (the half-block
 *                     threshold of steal_suitable_fallback /
 *                     try_to_claim_block)
 *   cma_allowed       may a movable allocation use CMA pageblocks at all
 *                     (ALLOC_CMA, gfp_to_alloc_flags_cma)
 *   cma_first         CMA before the movable lists (the "more than half
 *                     of the free memory is CMA" rule of __rmqueue)
 *   pcp_sizes         per-cpu list batch and high (zone_batchsize,
 *                     zone_highsize)
 *   migration_target  where a migrated page goes (alloc_migration_target)
 *   find_window       the CMA bitmap window search
 *                     (bitmap_find_next_zero_area_off, first fit)
 *   busy_retry        whether and where cma_alloc() tries another window
 *                     after one failed (no cap, next aligned window)
 *
 * Hooks see public types only: small structs of what each decision
 * needs (a zone's counts, with its free blocks per order and type behind
 * cmasim_policy_zone_nr_free(); a CMA bitmap as read-only words and
 * queries), valid for the call.  A hook must not change the instance: it
 * may call the getters of the public headers that take a const instance
 * (cmasim_pageblock_order(), cmasim_zone_get(),
 * cmasim_zone_unusable_index(), cmasim_cma_find(), ...) and nothing else.
 *
 * A policy is built into the program (a struct it fills), one of the
 * library's built-in policies by name (cmasim_policy_builtin()), or
 * loaded from a shared object (cmasim_policy_module_open()) that
 * exports CMASIM_POLICY_ENTRY_SYMBOL.  examples/policies/ has worked
 * alternatives; docs/policies.md walks through a comparison.
 */
#ifndef CMASIM_POLICY_H
#define CMASIM_POLICY_H

#include <cmasim/types.h>
#include <cmasim/pages.h>
#include <cmasim/cma.h>
#include <cmasim/scenario.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cmasim;

/** The version of struct cmasim_policy and its hooks' arguments. */
#define CMASIM_POLICY_ABI 1

/** The most orders a profile has (arm64 with 64K pages: 14). */
#define CMASIM_POLICY_MAX_ORDERS 16

/* ---- What the hooks see ---- */

/**
 * A zone, for the call.  The free blocks per order and migratetype are
 * behind cmasim_policy_zone_nr_free().
 */
struct cmasim_policy_zone {
	int nid;
	unsigned int zone;		/**< the slot of cmasim_zone_get() */
	const char *name;		/**< "DMA32", "Normal", ... */
	unsigned int nr_orders;		/**< cmasim_max_page_order() + 1 */
	uint64_t managed;		/**< pages */
	uint64_t free;			/**< NR_FREE_PAGES */
	uint64_t free_cma;		/**< NR_FREE_CMA_PAGES */
	uint64_t wmark[CMASIM_NR_WMARK];
	const void *internal;		/**< the library's; do not touch */
};

/**
 * cmasim_policy_zone_nr_free() - free blocks of 2^@order pages on the
 * free list of @migratetype of a zone a hook was given.
 * @z: the hook's zone.
 * @order: 0 .. @z->nr_orders - 1.
 * @migratetype: a CMASIM_MIGRATE_* value.
 *
 * Return: the blocks (pages are blocks << @order); 0 for an order or a
 * migratetype out of range.
 * Mirrors: zone->free_area[order].free_list[mt], counted.
 */
CMASIM_EXPORT uint64_t cmasim_policy_zone_nr_free(const struct cmasim_policy_zone *z,
						  unsigned int order,
						  int migratetype);

/**
 * The pageblock a fallback found a free block in, when the allocator
 * asks whether it changes owner.
 */
struct cmasim_policy_claim {
	const struct cmasim_policy_zone *zone;
	cmasim_pfn_t pfn;		/**< the pageblock's first pfn */
	unsigned int order;		/**< of the free block found */
	int start_mt;			/**< the allocation's migratetype */
	int block_mt;			/**< the pageblock's migratetype */
	uint64_t pageblock_pages;	/**< pages per pageblock */
	uint64_t free_pages;		/**< free pages in the pageblock */
	/**
	 * pages already of the allocation's kind: movable pages for a
	 * movable allocation; the non-movable ones of a movable block for
	 * an unmovable or reclaimable one; else 0 (the kernel's count)
	 */
	uint64_t alike_pages;
};

/** A movable allocation, when the allocator asks whether it may use CMA. */
struct cmasim_policy_alloc {
	unsigned int gfp;		/**< CMASIM_GFP_* flags */
	unsigned int order;
	int migratetype;		/**< CMASIM_MIGRATE_MOVABLE */
	/**
	 * what the pages are for, as the caller said: the named
	 * allocations of <cmasim/workload.h> and migration say it;
	 * cmasim_alloc_pages() allocates anonymous memory
	 */
	enum cmasim_owner_kind kind;
	int nid;			/**< preferred node, or NUMA_NO_NODE */
};

/** Per-cpu list sizes of a zone; a hook may change them. */
struct cmasim_policy_pcp {
	int batch;			/**< pages moved at once (>= 1) */
	/**
	 * the high mark's bounds; 6.1 has one fixed high (it uses
	 * @high_min), 6.12 tunes high between them
	 */
	int high_min;
	int high_max;
};

/** A block cma_alloc() must move out of its window. */
struct cmasim_policy_page {
	cmasim_pfn_t pfn;		/**< its head */
	unsigned int order;
	int nid;
	unsigned int zone;		/**< zone slot (cmasim_zone_get()) */
	uint32_t owner;			/**< its owner handle, 0 for none */
	enum cmasim_owner_kind kind;
	bool compound;			/**< allocated with __GFP_COMP */
};

/** Where a migrated block goes; filled with the kernel's choice first. */
struct cmasim_policy_target {
	unsigned int gfp;		/**< of the new block's allocation */
	int nid;			/**< its preferred node */
};

/**
 * A CMA area's allocation bitmap, read-only for the call.  Bit i covers
 * pages [base_pfn + (i << order_per_bit), ...), and is set when
 * cma_alloc() gave those pages out (or tries them right now).
 */
struct cmasim_policy_bitmap {
	const char *area;		/**< the area's name */
	cmasim_pfn_t base_pfn;
	uint64_t count;			/**< pages */
	unsigned int order_per_bit;
	uint64_t nbits;			/**< cma_bitmap_maxno() */
	const uint64_t *words;		/**< bit i: words[i / 64] bit i % 64 */
};

/** The window cma_alloc() looks for. */
struct cmasim_policy_window {
	/** first bit to consider: 0, then what busy_retry gave */
	uint64_t start;
	uint64_t nr_bits;		/**< bits the request needs */
	/** the window's first bit plus @offset is a multiple of @mask + 1 */
	uint64_t mask;
	uint64_t offset;
	/** windows tried so far in this cma_alloc() call */
	unsigned int attempt;
};

/** A window that failed, and what cma_alloc() does next. */
struct cmasim_policy_retry {
	int err;			/**< what alloc_contig_range() returned */
	uint64_t bitmap_no;		/**< the window's first bit */
	uint64_t nr_bits;
	uint64_t mask;
	unsigned int attempt;		/**< windows tried, this one included */
	/** out: the start of the next search (the kernel: the next
	 * aligned window, @bitmap_no + @mask + 1) */
	uint64_t next_start;
	/** out: simulated waiting before it, in microseconds (counted in
	 * struct cmasim_cma_stats; nothing else happens meanwhile) */
	uint64_t backoff_us;
};

/*
 * The bitmap queries a window search is built from.  Each returns a bit
 * index, or @bm->nbits (or more) when there is none.
 */

/**
 * cmasim_policy_bitmap_find_area() - the first run of @nr_bits clear bits
 * at or after @start whose first bit plus @offset is a multiple of
 * @mask + 1: the kernel's search.
 * @bm: the hook's bitmap.  @start: first bit.  @nr_bits: run length.
 * @mask: alignment mask.  @offset: alignment offset.
 *
 * Return: the run's first bit, or >= @bm->nbits when none fits.
 * Mirrors: bitmap_find_next_zero_area_off() in lib/bitmap.c.
 */
CMASIM_EXPORT uint64_t cmasim_policy_bitmap_find_area(
	const struct cmasim_policy_bitmap *bm, uint64_t start,
	uint64_t nr_bits, uint64_t mask, uint64_t offset);

/**
 * cmasim_policy_bitmap_next_zero() - the first clear bit at or after
 * @start.
 * @bm: the hook's bitmap.  @start: first bit.
 *
 * Return: the bit, or @bm->nbits when none is clear.
 * Mirrors: find_next_zero_bit().
 */
CMASIM_EXPORT uint64_t cmasim_policy_bitmap_next_zero(
	const struct cmasim_policy_bitmap *bm, uint64_t start);

/**
 * cmasim_policy_bitmap_next_set() - the first set bit at or after
 * @start.
 * @bm: the hook's bitmap.  @start: first bit.
 *
 * Return: the bit, or @bm->nbits when none is set.
 * Mirrors: find_next_bit().
 */
CMASIM_EXPORT uint64_t cmasim_policy_bitmap_next_set(
	const struct cmasim_policy_bitmap *bm, uint64_t start);

/* ---- The policy ---- */

/**
 * struct cmasim_policy - the hooks of one allocation policy.
 *
 * Every member but @name may be NULL; a NULL hook keeps the kernel's
 * decision.  Each hook gets the instance (const: getters only) and
 * @priv: the state @attach gave this instance, or @data without
 * @attach.  Hooks run inside the allocator: they may not call anything
 * that changes an instance.
 */
struct cmasim_policy {
	/** shown in results; the instance keeps a copy */
	const char *name;
	/** the policy's own pointer, given to @attach, @release and (without
	 * @attach) to every hook */
	void *data;
	/**
	 * @attach: called by cmasim_set_policy() to make this instance's
	 * state (*@priv), so that one policy serves several instances
	 * (cursors, counters).  Return 0 or a negative errno (the policy is
	 * then not installed).
	 */
	int (*attach)(const struct cmasim *sim, void *data, void **priv);
	/** @detach: frees what @attach made, when the instance drops the
	 * policy (another policy, or cmasim_destroy()) */
	void (*detach)(void *priv);
	/** @release: frees @data when the module that made it closes */
	void (*release)(void *data);

	/**
	 * @fallback_type: the @i-th migratetype an allocation of
	 * @start_mt falls back to (@i from 0), or -1 when there is no
	 * further one.  Only UNMOVABLE, MOVABLE and RECLAIMABLE other than
	 * @start_mt count; any other value ends the list.  The kernel:
	 * UNMOVABLE -> RECLAIMABLE, MOVABLE; MOVABLE -> RECLAIMABLE,
	 * UNMOVABLE; RECLAIMABLE -> UNMOVABLE, MOVABLE.
	 */
	int (*fallback_type)(const struct cmasim *sim, void *priv,
			     const struct cmasim_policy_zone *z, int start_mt,
			     unsigned int order, unsigned int i);
	/**
	 * @can_claim: a free block of @order on @fallback_mt's list was
	 * found for an allocation of @start_mt: may its pageblock be
	 * claimed (true), or may only the pages asked for be stolen
	 * (false)?  The kernel: order >= pageblock_order / 2, or an
	 * unmovable or reclaimable allocation (or mobility grouping off).
	 */
	bool (*can_claim)(const struct cmasim *sim, void *priv,
			  const struct cmasim_policy_zone *z,
			  unsigned int order, int start_mt, int fallback_mt);
	/**
	 * @claim_block: does the pageblock become @c->start_mt's?  The
	 * kernel: free plus alike pages reach half a pageblock (or
	 * mobility grouping is off).  A block of pageblock order or more
	 * always changes owner without asking.
	 */
	bool (*claim_block)(const struct cmasim *sim, void *priv,
			    const struct cmasim_policy_claim *c);
	/**
	 * @cma_allowed: may this movable allocation take pages from
	 * MIGRATE_CMA pageblocks (ALLOC_CMA)?  Asked for movable
	 * allocations only (no other may); an allocation refused CMA also
	 * stays off the per-cpu lists, which may hold CMA pages, on both
	 * versions.  The kernel: always.
	 */
	bool (*cma_allowed)(const struct cmasim *sim, void *priv,
			    const struct cmasim_policy_alloc *a);
	/**
	 * @cma_first: an allocation allowed CMA refills from zone @z:
	 * take CMA pageblocks before the movable lists?  The kernel:
	 * when more than half of the zone's free pages are CMA pages.
	 */
	bool (*cma_first)(const struct cmasim *sim, void *priv,
			  const struct cmasim_policy_zone *z,
			  unsigned int order);
	/**
	 * @pcp_sizes: the per-cpu list sizes of zone @z, computed when the
	 * watermarks are; @pcp holds the kernel's, the hook may change
	 * them (batch >= 1, 0 <= high_min <= high_max, or they are kept).
	 */
	void (*pcp_sizes)(const struct cmasim *sim, void *priv,
			  const struct cmasim_policy_zone *z,
			  struct cmasim_policy_pcp *pcp);
	/**
	 * @migration_target: where a block cma_alloc() (or
	 * alloc_contig_range()) migrates goes.  @target holds the kernel's
	 * choice (GFP_USER | __GFP_MOVABLE | __GFP_RETRY_MAYFAIL, plus
	 * __GFP_HIGHMEM from highmem and movable zones and __GFP_COMP for
	 * compound blocks, on the page's node).  Return 0 to migrate
	 * there, or a negative errno to fail this attempt with it (-EAGAIN:
	 * tried again in the next pass; -ENOMEM: the range gives up).
	 */
	int (*migration_target)(const struct cmasim *sim, void *priv,
				const struct cmasim_policy_page *page,
				struct cmasim_policy_target *target);
	/**
	 * @find_window: the first bit of a free window of @w->nr_bits
	 * aligned bits, or >= @bm->nbits when the search is over.  A
	 * window that is not free, not aligned or not inside the bitmap
	 * ends the search (with a diagnostic).  The kernel: the first fit
	 * at or after @w->start (cmasim_policy_bitmap_find_area()).
	 */
	uint64_t (*find_window)(const struct cmasim *sim, void *priv,
				const struct cmasim_policy_bitmap *bm,
				const struct cmasim_policy_window *w);
	/**
	 * @busy_retry: the window at @r->bitmap_no failed with @r->err:
	 * try another (true; @r->next_start and @r->backoff_us say from
	 * where and after how long) or give up with that error (false).
	 * The kernel: only -EBUSY retries, from the next aligned window,
	 * with no cap.  A policy's cma_alloc() stops after
	 * CMASIM_POLICY_MAX_WINDOWS windows whatever the hook says.
	 */
	bool (*busy_retry)(const struct cmasim *sim, void *priv,
			   const struct cmasim_policy_bitmap *bm,
			   struct cmasim_policy_retry *r);
};

/** The most windows one cma_alloc() tries under a policy's busy_retry. */
#define CMASIM_POLICY_MAX_WINDOWS 1000000u

/**
 * cmasim_set_policy() - install a policy on an instance, or go back to
 * the kernel's decisions.
 * @sim: instance, in any phase, borrowed for the call.
 * @policy: the policy, or NULL for the kernel's; copied (its name too),
 * but its code and @data must stay valid while the instance uses it.
 *
 * The previous policy's @detach runs first.  The per-cpu list sizes are
 * computed again when the zones exist; every other decision takes the
 * new hooks from the next allocation on.
 * Return: 0; -EINVAL NULL @sim, or a @policy without a name; -ENOMEM
 * host memory exhausted; or @attach's error.  On failure the instance
 * keeps the kernel's decisions.
 * Mirrors: nothing (a patched kernel).
 */
CMASIM_EXPORT int cmasim_set_policy(struct cmasim *sim,
				    const struct cmasim_policy *policy);

/**
 * cmasim_get_policy_name() - the name of the installed policy.
 * @sim: instance, borrowed for the call.
 *
 * Return: the name, "kernel" when none is installed, NULL for a NULL
 * @sim.  Borrowed from @sim until its next cmasim_set_policy().
 */
CMASIM_EXPORT const char *cmasim_get_policy_name(const struct cmasim *sim);

/**
 * cmasim_policy_builtin() - a policy the library has, by name.
 * @name: "kernel": every decision of the instance's kernel version,
 * made through the hooks (slower than no policy, and equal to it).
 *
 * Return: the policy (static, never freed), or NULL for an unknown or
 * NULL @name.  Its hooks may be called by another policy that wants the
 * kernel's decision (with NULL @priv).
 */
CMASIM_EXPORT const struct cmasim_policy *cmasim_policy_builtin(const char *name);

/**
 * cmasim_policy_builtin_name() - the built-in policies' names, in turn.
 * @idx: 0, 1, ...
 *
 * Return: the name (static), or NULL past the last.
 */
CMASIM_EXPORT const char *cmasim_policy_builtin_name(unsigned int idx);

/* ---- Policies in shared objects ---- */

/** The symbol a policy module exports (a cmasim_policy_entry_fn). */
#define CMASIM_POLICY_ENTRY_SYMBOL "cmasim_policy_entry"

/**
 * cmasim_policy_entry_fn - a policy module's entry point.
 * @abi: CMASIM_POLICY_ABI of the library loading it; a module built
 * against another should return -EPROTONOSUPPORT.
 * @args: the text after the first ':' of the spec, or "" (the module
 * parses it: "percent=30", ...).
 * @policy: zeroed; the module fills it.  @policy->release frees
 * @policy->data when the module closes.
 *
 * Return: 0, or a negative errno (-EINVAL: bad @args).
 */
typedef int (*cmasim_policy_entry_fn)(unsigned int abi, const char *args,
				      struct cmasim_policy *policy);

/*
 * The entry a policy module defines (the library does not): declared
 * here so that the module's definition is checked against
 * cmasim_policy_entry_fn.
 */
int cmasim_policy_entry(unsigned int abi, const char *args,
			struct cmasim_policy *policy);

/** A policy ready to install: built in, or from a shared object. */
struct cmasim_policy_module;

/**
 * cmasim_policy_module_open() - a policy by the spec front ends take.
 * @spec: "NAME[:ARGS]" for a built-in policy (no ARGS), or
 * "FILE[:ARGS]" for a shared object, FILE being a path with a '/' or
 * ending in ".so" (a bare "x.so" is ./x.so); borrowed.
 * @out: the module; untouched on failure.
 * @err: if not NULL, told why a spec fails (one line).
 * @data: passed to @err.
 *
 * A shared object is loaded with dlopen(RTLD_NOW | RTLD_LOCAL), its
 * CMASIM_POLICY_ENTRY_SYMBOL called with CMASIM_POLICY_ABI and ARGS.
 * Return: 0; -EINVAL NULL @spec or @out, an empty spec, or ARGS for a
 * built-in; -ENOENT no built-in of that name, or no such file; -ENOEXEC
 * the file cannot be loaded or lacks the entry symbol; -ENOMEM; or the
 * entry's error.  The caller owns *@out: cmasim_policy_module_close()
 * after every instance that uses its policy dropped it.
 */
CMASIM_EXPORT int cmasim_policy_module_open(const char *spec,
					    struct cmasim_policy_module **out,
					    cmasim_output_fn err, void *data);

/**
 * cmasim_policy_module_policy() - the policy of a module.
 * @m: the module.
 *
 * Return: the policy, borrowed from @m until it closes; NULL for NULL.
 */
CMASIM_EXPORT const struct cmasim_policy *
cmasim_policy_module_policy(const struct cmasim_policy_module *m);

/**
 * cmasim_policy_module_close() - release a module: its @release, then
 * dlclose().
 * @m: the module, or NULL (nothing happens).
 *
 * Return: nothing.
 */
CMASIM_EXPORT void cmasim_policy_module_close(struct cmasim_policy_module *m);

/* ---- Comparing policies on a scenario ---- */

/*
 * The cost model: simulated microseconds of cma_alloc() work, from the
 * figures of commit 02c6de8d757c ("mm: cma: discard clean pages during
 * contiguous allocation instead of migration": 10 MiB under QEMU took
 * 146 ms migrated, 7 ms dropped) and estimates for the rest
 * (docs/policies.md).
 */
#define CMASIM_POLICY_COST_MIGRATE_PAGE	57	/**< per page migrated */
#define CMASIM_POLICY_COST_DROP_PAGE	3	/**< per clean page dropped */
#define CMASIM_POLICY_COST_FAILED_WINDOW 50	/**< isolate, drain, undo */
#define CMASIM_POLICY_COST_MIGRATE_FAIL	5	/**< per failed attempt */

/**
 * cmasim_policy_cost() - the cost model applied to cma_alloc() figures.
 * @st: the figures.
 *
 * Return: MIGRATE_PAGE x pages_migrated + DROP_PAGE x pages_dropped +
 * FAILED_WINDOW x (windows - allocs_ok) + MIGRATE_FAIL x
 * migrate_failures + backoff_us; 0 for NULL.
 */
CMASIM_EXPORT uint64_t cmasim_policy_cost(const struct cmasim_cma_stats *st);

/** The machine after one executed step of a policy run. */
struct cmasim_policy_sample {
	unsigned int result;		/**< the step's result index */
	unsigned int line;		/**< its line */
	/** pageblocks of every zone by migratetype (/proc/pagetypeinfo's
	 * "Number of blocks type") */
	uint64_t pageblocks[CMASIM_MIGRATE_TYPES];
	struct cmasim_cma_stats cma;	/**< cma_alloc() figures so far */
	uint64_t cost;			/**< cmasim_policy_cost() so far */
};

/** A zone at the end of a policy run. */
struct cmasim_policy_zone_report {
	int nid;
	const char *name;
	unsigned int nr_orders;
	/** the unusable free space index per order, in thousandths */
	unsigned int unusable_milli[CMASIM_POLICY_MAX_ORDERS];
	uint64_t pageblocks[CMASIM_MIGRATE_TYPES];
	uint64_t free;			/**< pages */
};

/** One scenario run under one policy. */
struct cmasim_policy_report {
	const char *policy;		/**< its name */
	int ret;			/**< what cmasim_scenario_run() returned */
	struct cmasim_cma_stats cma;	/**< at the end */
	uint64_t cost;			/**< cmasim_policy_cost() of @cma */
	size_t nr_samples;
	const struct cmasim_policy_sample *samples; /**< one per step run */
	unsigned int nr_zones;		/**< zones with memory */
	const struct cmasim_policy_zone_report *zones;
};

/**
 * cmasim_policy_run_scenario() - run a scenario with a policy installed
 * on its instance before the boot, and report what the policy did.
 * @sc: the scenario (caller's); it keeps this run's results, as after
 * cmasim_scenario_run().
 * @policy: the policy, or NULL for the kernel's; borrowed for the call.
 * @fn: told of each result, as for cmasim_scenario_run(); may be NULL.
 * @data: passed to @fn.
 * @out: the report; set whenever the scenario's instance was created,
 * also when the run failed (its @ret says how).
 *
 * After each step that ran (not skipped ones) the report takes a sample;
 * at the end, every zone's unusable index per order.
 * Return: cmasim_scenario_run()'s value (0, -EDOM an expectation failed,
 * ...); -EINVAL NULL @sc or @out; -ENOMEM.  The caller owns *@out:
 * cmasim_policy_report_destroy().
 */
CMASIM_EXPORT int cmasim_policy_run_scenario(struct cmasim_scenario *sc,
					     const struct cmasim_policy *policy,
					     cmasim_scenario_fn fn, void *data,
					     struct cmasim_policy_report **out);

/**
 * cmasim_policy_report_destroy() - free a report.
 * @r: the report, or NULL (nothing happens).
 *
 * Return: nothing.
 */
CMASIM_EXPORT void cmasim_policy_report_destroy(struct cmasim_policy_report *r);

/**
 * cmasim_policy_write_svg() - an SVG chart comparing reports: per policy
 * its cma_alloc() cost split by the cost model and its success rate,
 * then the unmovable pageblocks after each step.
 * @r: the reports, one per policy, of the same scenario.
 * @n: how many (1..16).
 * @title: the chart's title, or NULL.
 * @out: receives the document (several calls).
 * @data: passed to @out.
 *
 * Return: 0; -EINVAL NULL @r, @out or a report, @n out of range.
 */
CMASIM_EXPORT int cmasim_policy_write_svg(const struct cmasim_policy_report *const *r,
					  size_t n, const char *title,
					  cmasim_output_fn out, void *data);

#ifdef __cplusplus
}
#endif
#endif /* CMASIM_POLICY_H */
