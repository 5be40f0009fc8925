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
#include <cmasim/instance.h>
#include <cmasim/observe.h>
#include <cmasim/memblock.h>
#include <cmasim/machine.h>
#include <cmasim/pages.h>
#include <cmasim/cma.h>
#include <cmasim/dma.h>

#endif /* CMASIM_CMASIM_H */
