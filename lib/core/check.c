// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmasim_check(): run every subsystem's invariant checker.  Each broken
 * invariant is reported on the diagnostics channel by the subsystem.
 */
#include "config.h"

#include <errno.h>

#include <cmasim/instance.h>

#include "core/instance.h"
#include "core/log.h"
#include "mm/memblock.h"
#include "mm/cma.h"
#include "mm/mmzone.h"
#include "dma/mapping.h"
#include "of/of_reserved_mem.h"
#include "workload/workload.h"

int cmasim_check(struct cmasim *sim)
{
	int ret = 0;

	if (!sim)
		return -EINVAL;
	if (cms_memblock_check(sim))
		ret = -EUCLEAN;
	if (cms_mm_check(sim))
		ret = -EUCLEAN;
	if (cms_cma_check(sim))
		ret = -EUCLEAN;
	if (cms_dma_check(sim))
		ret = -EUCLEAN;
	if (cms_of_check(sim))
		ret = -EUCLEAN;
	if (cms_workload_check(sim))
		ret = -EUCLEAN;
	return ret;
}
