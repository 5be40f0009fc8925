// SPDX-License-Identifier: GPL-2.0-only
/*
 * The DMA layer's state and its devices: struct device as far as
 * kernel/dma reads it (node, masks, bus limit, dev->cma_area), created by
 * name, and dma_set_mask_and_coherent() (kernel/dma/mapping.c) with
 * dma_direct_supported()'s check.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "core/instance.h"
#include "core/log.h"
#include "mm/memblock.h"
#include "mm/cma.h"
#include "dma/mapping.h"
#include <cmasim/dma_alloc.h>

int cms_dma_init(struct cmasim *sim)
{
	struct cms_dma *dma = g_try_new0(struct cms_dma, 1);

	if (!dma)
		return -ENOMEM;
	dma->devices = g_ptr_array_new_with_free_func(g_free);
	sim->dma = dma;
	return 0;
}

void cms_dma_fini(struct cmasim *sim)
{
	if (!sim->dma)
		return;
	cms_dma_coherent_fini(sim);
	g_ptr_array_free(sim->dma->devices, TRUE);
	g_free(sim->dma);
	sim->dma = NULL;
}

static struct cms_dma_device *dev_of(struct cmasim_device *d)
{
	return (struct cms_dma_device *)(void *)d;
}


int cmasim_device_create(struct cmasim *sim, const char *name, int nid,
			 struct cmasim_device **out)
{
	struct cms_dma_device *d;

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
	d = g_new0(struct cms_dma_device, 1);
	g_strlcpy(d->name, name, sizeof(d->name));
	d->nid = nid;
	d->dma_mask = cms_dma_bit_mask(32);
	d->coherent_dma_mask = cms_dma_bit_mask(32);
	g_ptr_array_add(sim->dma->devices, d);
	*out = (struct cmasim_device *)(void *)d;
	return 0;
}

struct cmasim_device *cmasim_device_find(struct cmasim *sim, const char *name)
{
	if (!sim || !name)
		return NULL;
	for (unsigned int i = 0; i < sim->dma->devices->len; i++) {
		struct cms_dma_device *d = g_ptr_array_index(sim->dma->devices, i);

		if (!strcmp(d->name, name))
			return (struct cmasim_device *)(void *)d;
	}
	return NULL;
}

/* dma_direct_supported(): the mask must reach the lowest zone's top. */
static bool mask_supported(struct cmasim *sim, uint64_t mask)
{
	unsigned int bits = cms_arch_class(sim->arch->arch) == CMS_AX86 ? 24 : 32;
	uint64_t min_mask = cms_dma_bit_mask(bits);
	uint64_t end = cms_memblock_end_of_DRAM(sim);

	if (end && end - 1 < min_mask)
		min_mask = end - 1;
	return mask >= min_mask;
}

int cmasim_device_set_masks(struct cmasim *sim, struct cmasim_device *dev,
			    uint64_t dma_mask, uint64_t coherent_mask)
{
	struct cms_dma_device *d;

	if (!sim)
		return -EINVAL;
	if (!dev) {
		cms_client_bug(sim, "cmasim_device_set_masks(): NULL device");
		return -EINVAL;
	}
	d = dev_of(dev);
	if (!mask_supported(sim, dma_mask) || !mask_supported(sim, coherent_mask)) {
		cms_explain(sim, "%s: DMA mask %#" PRIx64 "/%#" PRIx64 " is below what the platform can satisfy: dma_set_mask() says -EIO",
			    d->name, dma_mask, coherent_mask);
		return -EIO;
	}
	d->dma_mask = dma_mask;
	d->coherent_dma_mask = coherent_mask;
	return 0;
}

int cmasim_device_set_cma_area(struct cmasim *sim, struct cmasim_device *dev,
			       struct cmasim_cma *cma)
{
	if (!sim)
		return -EINVAL;
	if (!dev) {
		cms_client_bug(sim, "cmasim_device_set_cma_area(): NULL device");
		return -EINVAL;
	}
	dev_of(dev)->cma_area = cma ? cms_cma_area_of(cma) : NULL;
	return 0;
}
