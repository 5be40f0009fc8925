// SPDX-License-Identifier: GPL-2.0-only
/*
 * The DMA layer's state (its life, its early parameters, its checker)
 * and its devices: struct device as far as kernel/dma reads it (node,
 * masks, bus limit, dev->cma_area), created by name, and
 * dma_set_mask_and_coherent() (kernel/dma/mapping.c), which asks
 * dma_direct_supported() (dma/direct.c).
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "core/instance.h"
#include "core/log.h"
#include "mm/cma.h"
#include "dma/mapping.h"
#include <cmasim/dma.h>

int cms_dma_init(struct cmasim *sim)
{
	struct cms_dma *dma = g_try_new0(struct cms_dma, 1);

	if (!dma)
		return -ENOMEM;
	dma->pernuma_area = g_try_new0(struct cmasim_cma *,
				       sim->max_numnodes);
	dma->numa_area = g_try_new0(struct cmasim_cma *, sim->max_numnodes);
	dma->cmdline.numa_cma_size = g_try_new0(uint64_t, sim->max_numnodes);
	if (!dma->pernuma_area || !dma->numa_area ||
	    !dma->cmdline.numa_cma_size) {
		g_free(dma->pernuma_area);
		g_free(dma->numa_area);
		g_free(dma->cmdline.numa_cma_size);
		g_free(dma);
		return -ENOMEM;
	}
	dma->cmdline.numa_cma_nodes = sim->max_numnodes;
	dma->cmdline.cma_size = UINT64_MAX;
	dma->devices = g_ptr_array_new_with_free_func(g_free);
	sim->dma = dma;
	return 0;
}

void cms_dma_fini(struct cmasim *sim)
{
	if (!sim->dma)
		return;
	cms_dma_coherent_fini(sim);
	for (int z = 0; z < CMS_POOL_COUNT; z++)
		g_free(sim->dma->pools.pool[z].bitmap);
	g_ptr_array_free(sim->dma->devices, TRUE);
	g_free(sim->dma->pernuma_area);
	g_free(sim->dma->numa_area);
	g_free(sim->dma->cmdline.numa_cma_size);
	g_free(sim->dma);
	sim->dma = NULL;
}

void cms_dma_set_cmdline(struct cmasim *sim, const struct cms_dma_cmdline *cl)
{
	struct cms_dma_cmdline *d = &sim->dma->cmdline;
	uint64_t *numa = d->numa_cma_size;
	unsigned int n = d->numa_cma_nodes;

	*d = *cl;
	d->numa_cma_size = numa;
	d->numa_cma_nodes = n;
	memset(numa, 0, n * sizeof(*numa));
	if (cl->numa_cma_size)
		memcpy(numa, cl->numa_cma_size,
		       (cl->numa_cma_nodes < n ? cl->numa_cma_nodes : n) *
		       sizeof(*numa));
}

/* Whether @a is NULL or one of the declared CMA areas. */
static bool area_declared(const struct cmasim *sim,
			  const struct cmasim_cma *a)
{
	const struct cms_cma_state *st = sim->cma;

	return !a || (st && a >= st->areas && a < st->areas + st->area_count);
}

int cms_dma_check(struct cmasim *sim)
{
	const struct cms_dma *dma = sim->dma;
	int ret = 0;

#define DMA_BROKEN(...)						\
	do {							\
		cms_sim_bug(sim, "dma: " __VA_ARGS__);		\
		ret = -EUCLEAN;					\
	} while (0)

	if (!dma)
		return 0;
	if (!area_declared(sim, dma->default_area))
		DMA_BROKEN("dma_contiguous_default_area is not a declared area");
	for (unsigned int nid = 0; nid < sim->max_numnodes; nid++) {
		if (!area_declared(sim, dma->pernuma_area[nid]))
			DMA_BROKEN("the pernuma area of node %u is not a declared area",
				   nid);
		if (!area_declared(sim, dma->numa_area[nid]))
			DMA_BROKEN("the numa area of node %u is not a declared area",
				   nid);
	}
	for (unsigned int i = 0; i < dma->devices->len; i++) {
		const struct cmasim_device *d = g_ptr_array_index(dma->devices, i);

		if (!area_declared(sim, d->cma_area))
			DMA_BROKEN("%s: dev->cma_area is not a declared area",
				   d->name);
	}
#undef DMA_BROKEN
	return ret;
}

int cmasim_device_create(struct cmasim *sim, const char *name, int nid,
			 struct cmasim_device **out)
{
	struct cmasim_device *d;

	if (!sim)
		return -EINVAL;
	if (!name || !*name || strlen(name) >= sizeof(d->name) || !out) {
		cms_client_bug(sim, "cmasim_device_create(): %s",
			       !out ? "NULL out" : "name missing or longer than 63 bytes");
		return -EINVAL;
	}
	if (nid != CMASIM_NUMA_NO_NODE &&
	    (nid < 0 || (unsigned int)nid >= sim->max_numnodes)) {
		cms_client_bug(sim, "cmasim_device_create(%s): node %d is not below MAX_NUMNODES (%u)",
			       name, nid, sim->max_numnodes);
		return -EINVAL;
	}
	if (cmasim_device_find(sim, name)) {
		cms_client_bug(sim, "cmasim_device_create(%s): a device of that name exists",
			       name);
		return -EEXIST;
	}
	d = g_new0(struct cmasim_device, 1);
	g_strlcpy(d->name, name, sizeof(d->name));
	d->owner = sim;
	d->nid = nid;
	d->dma_mask = cms_dma_bit_mask(32);
	d->coherent_dma_mask = cms_dma_bit_mask(32);
	d->dma_coherent = true;
	g_ptr_array_add(sim->dma->devices, d);
	*out = d;
	return 0;
}

struct cmasim_device *cmasim_device_find(const struct cmasim *sim,
					 const char *name)
{
	if (!sim || !name)
		return NULL;
	for (unsigned int i = 0; i < sim->dma->devices->len; i++) {
		struct cmasim_device *d = g_ptr_array_index(sim->dma->devices, i);

		if (!strcmp(d->name, name))
			return d;
	}
	return NULL;
}

int cms_dma_check_device(struct cmasim *sim, const struct cmasim_device *dev,
			 bool null_ok, const char *fn)
{
	if (!dev && !null_ok) {
		cms_client_bug(sim, "%s(): NULL device", fn);
		return -EINVAL;
	}
	if (dev && dev->owner != sim) {
		cms_client_bug(sim, "%s(): device %s is another instance's", fn,
			       dev->name);
		return -EINVAL;
	}
	return 0;
}

bool cms_dma_size_bad(const struct cmasim *sim, uint64_t size)
{
	return !size || size > UINT64_MAX - (sim->page_size - 1);
}

int cmasim_device_set_masks(struct cmasim *sim, struct cmasim_device *dev,
			    uint64_t dma_mask, uint64_t coherent_mask)
{
	if (!sim)
		return -EINVAL;
	if (cms_dma_check_device(sim, dev, false, "cmasim_device_set_masks"))
		return -EINVAL;
	/* dma_supported(): no dma_map_ops, so dma-direct decides */
	if (!cms_dma_direct_supported(sim, dma_mask) ||
	    !cms_dma_direct_supported(sim, coherent_mask)) {
		cms_explain(sim, "%s: DMA mask %#" PRIx64 "/%#" PRIx64 " is below what the platform can satisfy: dma_set_mask() says -EIO",
			    dev->name, dma_mask, coherent_mask);
		return -EIO;
	}
	dev->dma_mask = dma_mask;
	dev->coherent_dma_mask = coherent_mask;
	return 0;
}

int cmasim_device_set_cma_area(struct cmasim *sim, struct cmasim_device *dev,
			       struct cmasim_cma *cma)
{
	if (!sim)
		return -EINVAL;
	if (cms_dma_check_device(sim, dev, false,
				 "cmasim_device_set_cma_area") ||
	    cms_cma_foreign(sim, cma, "cmasim_device_set_cma_area()"))
		return -EINVAL;
	dev->cma_area = cma;
	return 0;
}
