// SPDX-License-Identifier: GPL-2.0-only
/*
 * Allocation policies: the hooks an instance calls at the allocator's
 * decision points (<cmasim/policy.h>), installed per instance; the views
 * the hooks are given; the built-in policies; policies loaded from
 * shared objects; the cost model of a comparison.
 *
 * Nothing in the kernel mirrors this: it stands for a patched kernel.
 * The decisions themselves stay where the kernel makes them
 * (page_alloc.c: fallback order, claim, CMA balance; page_alloc_wmark.c:
 * pcp sizes; migrate.c: the migration target; cma.c: the window search
 * and the busy retry), each testing its hook pointer and running the
 * kernel's rule inline when it is NULL.
 */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>

#include "core/instance.h"
#include "core/bitmap.h"
#include "core/log.h"
#include "mm/mmzone.h"
#include "mm/policy.h"

/* ---- State ---- */

int cms_policy_init(struct cmasim *sim)
{
	struct cms_policy *p = g_try_new0(struct cms_policy, 1);

	if (!p)
		return -ENOMEM;
	p->pcp_skips_movable_without_cma =
		sim->ver->pcp_skips_movable_without_cma;
	sim->policy = p;
	return 0;
}

/* Drop the installed policy: its detach, its name. */
static void uninstall(struct cms_policy *p)
{
	if (p->attached && p->hooks.detach)
		p->hooks.detach(p->priv);
	memset(&p->hooks, 0, sizeof(p->hooks));
	p->priv = NULL;
	p->attached = false;
	g_free(p->name);
	p->name = NULL;
}

void cms_policy_fini(struct cmasim *sim)
{
	if (!sim->policy)
		return;
	uninstall(sim->policy);
	g_free(sim->policy);
	sim->policy = NULL;
}

void cms_policy_bug(struct cmasim *sim, const char *hook, const char *fmt,
		    ...)
{
	char text[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	cms_client_bug(sim, "policy %s: %s: %s", cmasim_get_policy_name(sim),
		       hook, text);
}

/* ---- What hooks see ---- */

void cms_policy_zone_view(const struct cmasim *sim, const struct cms_zone *z,
			  struct cmasim_policy_zone *v)
{
	v->nid = z->node->nid;
	v->zone = (unsigned int)(z->node->nid * sim->mm->nr_zones + z->idx);
	v->name = z->name;
	v->nr_orders = sim->nr_orders;
	v->managed = z->managed;
	v->free = (uint64_t)z->vm[CMS_ZS_NR_FREE_PAGES];
	v->free_cma = (uint64_t)z->vm[CMS_ZS_NR_FREE_CMA_PAGES];
	for (int w = 0; w < CMASIM_NR_WMARK; w++)
		v->wmark[w] = z->wmark[w];
	v->internal = z;
}

uint64_t cmasim_policy_zone_nr_free(const struct cmasim_policy_zone *z,
				    unsigned int order, int migratetype)
{
	const struct cms_zone *zone;

	if (!z || !z->internal || order >= z->nr_orders || migratetype < 0 ||
	    migratetype >= CMASIM_MIGRATE_TYPES)
		return 0;
	zone = z->internal;
	return zone->area[order].list[migratetype].nr;
}

uint64_t cmasim_policy_bitmap_find_area(const struct cmasim_policy_bitmap *bm,
					uint64_t start, uint64_t nr_bits,
					uint64_t mask, uint64_t offset)
{
	if (!bm || !bm->words || !nr_bits || nr_bits > bm->nbits)
		return bm ? bm->nbits : 0;
	return cms_bitmap_find_next_zero_area_off(bm->words, bm->nbits, start,
						  (uint32_t)nr_bits, mask,
						  offset);
}

uint64_t cmasim_policy_bitmap_next_zero(const struct cmasim_policy_bitmap *bm,
					uint64_t start)
{
	if (!bm || !bm->words)
		return bm ? bm->nbits : 0;
	return cms_find_next_zero_bit(bm->words, bm->nbits, start);
}

uint64_t cmasim_policy_bitmap_next_set(const struct cmasim_policy_bitmap *bm,
				       uint64_t start)
{
	if (!bm || !bm->words)
		return bm ? bm->nbits : 0;
	return cms_find_next_bit(bm->words, bm->nbits, start);
}

/* ---- Installing ---- */

int cmasim_set_policy(struct cmasim *sim, const struct cmasim_policy *policy)
{
	struct cms_policy *p;
	bool pcp_hooks;
	void *priv;
	char *name;
	int ret;

	if (!sim)
		return -EINVAL;
	if (policy && (!policy->name || !*policy->name)) {
		cms_client_bug(sim, "cmasim_set_policy(): the policy has no name");
		return -EINVAL;
	}
	p = sim->policy;
	pcp_hooks = p->hooks.pcp_sizes != NULL;
	uninstall(p);
	if (policy) {
		name = g_strdup(policy->name);
		priv = policy->data;
		if (policy->attach) {
			ret = policy->attach(sim, policy->data, &priv);
			if (ret) {
				cms_client_bug(sim, "cmasim_set_policy(%s): its attach failed with %d",
					       name, ret);
				g_free(name);
				goto out;
			}
		}
		p->hooks = *policy;
		p->hooks.name = name;
		p->name = name;
		p->priv = priv;
		p->attached = policy->attach != NULL;
		pcp_hooks |= p->hooks.pcp_sizes != NULL;
	}
	ret = 0;
out:
	p->pcp_skips_movable_without_cma =
		sim->ver->pcp_skips_movable_without_cma ||
		p->hooks.cma_allowed != NULL;
	/* the pcp sizes follow the hook that makes them */
	if (pcp_hooks && cms_free_area_init_done(sim)) {
		struct cms_node *n;
		struct cms_zone *z;

		cms_for_each_zone(sim->mm, n, z)
			if (z->spanned)
				cms_zone_pcp_update(sim, z);
	}
	return ret;
}

const char *cmasim_get_policy_name(const struct cmasim *sim)
{
	if (!sim)
		return NULL;
	return sim->policy->name ? sim->policy->name : "kernel";
}

/* ---- Built-in policies ---- */

/*
 * "kernel": every decision of the instance's version through the hooks:
 * the same answers as no policy, on the hooks' path (the test that the
 * hooks change nothing by themselves runs it).
 */
static const struct cmasim_policy kernel_policy = {
	.name = "kernel",
	.fallback_type = cms_kernel_fallback_type,
	.can_claim = cms_kernel_can_claim,
	.claim_block = cms_kernel_claim_block,
	.cma_allowed = cms_kernel_cma_allowed,
	.cma_first = cms_kernel_cma_first,
	.pcp_sizes = cms_kernel_pcp_sizes,
	.migration_target = cms_kernel_migration_target,
	.find_window = cms_kernel_find_window,
	.busy_retry = cms_kernel_busy_retry,
};

static const struct cmasim_policy *const builtins[] = {
	&kernel_policy,
};

const struct cmasim_policy *cmasim_policy_builtin(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(builtins); i++)
		if (!strcmp(builtins[i]->name, name))
			return builtins[i];
	return NULL;
}

const char *cmasim_policy_builtin_name(unsigned int idx)
{
	return idx < G_N_ELEMENTS(builtins) ? builtins[idx]->name : NULL;
}

/* ---- Modules ---- */

struct cmasim_policy_module {
	struct cmasim_policy policy;
	void *dl;		/* dlopen() handle; NULL for a built-in */
};

static void say(cmasim_output_fn err, void *data, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(cmasim_output_fn err, void *data, const char *fmt, ...)
{
	va_list ap;
	char *text;

	if (!err)
		return;
	va_start(ap, fmt);
	text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	err(text, data);
	g_free(text);
}

/* A spec names a file when it has a '/' or ends in ".so". */
static bool names_file(const char *name)
{
	return strchr(name, '/') || g_str_has_suffix(name, ".so");
}

static int open_file(const char *path, const char *args,
		     struct cmasim_policy_module *m, cmasim_output_fn err,
		     void *data)
{
	cmasim_policy_entry_fn entry;
	struct stat st;
	char *dlpath;
	void *sym;
	int ret;

	if (stat(path, &st)) {
		say(err, data, "policy %s: no such file", path);
		return -ENOENT;
	}
	/* dlopen() searches the library path for a name without '/' */
	dlpath = strchr(path, '/') ? g_strdup(path) :
				     g_strconcat("./", path, NULL);
	m->dl = dlopen(dlpath, RTLD_NOW | RTLD_LOCAL);
	g_free(dlpath);
	if (!m->dl) {
		say(err, data, "policy %s: cannot load it: %s", path,
		    dlerror());
		return -ENOEXEC;
	}
	sym = dlsym(m->dl, CMASIM_POLICY_ENTRY_SYMBOL);
	if (!sym) {
		say(err, data, "policy %s: no %s symbol", path,
		    CMASIM_POLICY_ENTRY_SYMBOL);
		ret = -ENOEXEC;
		goto fail;
	}
	/* POSIX: a function pointer survives the trip through void * */
	memcpy(&entry, &sym, sizeof(entry));
	ret = entry(CMASIM_POLICY_ABI, args, &m->policy);
	if (ret) {
		say(err, data, "policy %s%s%s: its entry failed: %s", path,
		    *args ? ":" : "", args, g_strerror(-ret));
		goto fail;
	}
	if (!m->policy.name || !*m->policy.name) {
		say(err, data, "policy %s: the entry gave no name", path);
		if (m->policy.release)
			m->policy.release(m->policy.data);
		ret = -ENOEXEC;
		goto fail;
	}
	return 0;
fail:
	dlclose(m->dl);
	m->dl = NULL;
	return ret;
}

int cmasim_policy_module_open(const char *spec,
			      struct cmasim_policy_module **out,
			      cmasim_output_fn err, void *data)
{
	struct cmasim_policy_module *m;
	const struct cmasim_policy *b;
	const char *colon;
	char *name;
	int ret;

	if (!spec || !out || !*spec) {
		say(err, data, "policy: an empty spec");
		return -EINVAL;
	}
	colon = strchr(spec, ':');
	name = colon ? g_strndup(spec, (gsize)(colon - spec)) :
		       g_strdup(spec);
	m = g_new0(struct cmasim_policy_module, 1);
	if (names_file(name)) {
		ret = open_file(name, colon ? colon + 1 : "", m, err, data);
	} else if (!(b = cmasim_policy_builtin(name))) {
		say(err, data, "policy %s: no such built-in policy (a shared object's name has a '/' or ends in .so)",
		    name);
		ret = -ENOENT;
	} else if (colon) {
		say(err, data, "policy %s: a built-in policy takes no arguments",
		    name);
		ret = -EINVAL;
	} else {
		m->policy = *b;
		ret = 0;
	}
	g_free(name);
	if (ret) {
		g_free(m);
		return ret;
	}
	*out = m;
	return 0;
}

const struct cmasim_policy *
cmasim_policy_module_policy(const struct cmasim_policy_module *m)
{
	return m ? &m->policy : NULL;
}

void cmasim_policy_module_close(struct cmasim_policy_module *m)
{
	if (!m)
		return;
	if (m->dl) {
		if (m->policy.release)
			m->policy.release(m->policy.data);
		dlclose(m->dl);
	}
	g_free(m);
}

/* ---- The cost model ---- */

uint64_t cmasim_policy_cost(const struct cmasim_cma_stats *st)
{
	uint64_t failed;

	if (!st)
		return 0;
	failed = st->windows > st->allocs_ok ? st->windows - st->allocs_ok : 0;
	return CMASIM_POLICY_COST_MIGRATE_PAGE * st->pages_migrated +
	       CMASIM_POLICY_COST_DROP_PAGE * st->pages_dropped +
	       CMASIM_POLICY_COST_FAILED_WINDOW * failed +
	       CMASIM_POLICY_COST_MIGRATE_FAIL * st->migrate_failures +
	       st->backoff_us;
}
