/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libcmasim: a userspace simulator of the Linux physical-memory stack
 * under dma_alloc_coherent(): memblock, zones, the buddy allocator, CMA
 * and the DMA contiguous layer.  Include this umbrella header.
 */
#ifndef CMASIM_CMASIM_H
#define CMASIM_CMASIM_H

#include <cmasim/version.h>
#include <cmasim/types.h>
#include <cmasim/sim.h>
#include <cmasim/memblock.h>
#include <cmasim/kfs.h>
#include <cmasim/dma_alloc.h>
#include <cmasim/dma_coherent.h>
#include <cmasim/migrate.h>
#include <cmasim/contig.h>
#include <cmasim/boot.h>
#include <cmasim/cma.h>
#include <cmasim/dma.h>
#include <cmasim/page_alloc.h>
#include <cmasim/procfs.h>
#include <cmasim/stats.h>
#include <cmasim/trace.h>
#include <cmasim/zone.h>
#include <cmasim/cmdline.h>
#include <cmasim/of.h>

#endif /* CMASIM_CMASIM_H */
