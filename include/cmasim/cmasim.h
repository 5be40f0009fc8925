/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libcmasim: a userspace simulator of the Linux physical-memory stack
 * under dma_alloc_coherent(): memblock, zones, the buddy allocator, CMA
 * and the DMA contiguous layer.  Include this umbrella header.
 *
 * The API is cut by what a user does:
 *   <cmasim/types.h>     unit typedefs, CMASIM_EXPORT, shared enums
 *   <cmasim/instance.h>  configuration, create/destroy, geometry, checker
 *   <cmasim/machine.h>   machines, the command line, cmasim_boot(), phases
 *   <cmasim/memblock.h>  memblock, the boot-time allocator
 *   <cmasim/pages.h>     pages, GFP, owners, pins, migration, zones
 *   <cmasim/cma.h>       CMA areas, cma_alloc, alloc_contig_range
 *   <cmasim/dma.h>       devices, the DMA contiguous layer, dma-direct,
 *                        coherent pools
 *   <cmasim/observe.h>   kernel files, vmstat, trace events, logs
 *   <cmasim/workload.h>  named allocations, pins, page cache, random and
 *                        fragmenting phases, cma and dma allocations
 *   <cmasim/scenario.h>  scenario files: machine, boot and workload
 *   <cmasim/policy.h>    allocation policies: the allocator's decisions
 *                        as hooks, built in or from shared objects, and
 *                        comparing them on a scenario
 * Each compiles alone; this header includes them all.
 */
#ifndef CMASIM_CMASIM_H
#define CMASIM_CMASIM_H

#include <cmasim/version.h>
#include <cmasim/types.h>
#include <cmasim/instance.h>
#include <cmasim/machine.h>
#include <cmasim/memblock.h>
#include <cmasim/pages.h>
#include <cmasim/cma.h>
#include <cmasim/dma.h>
#include <cmasim/observe.h>
#include <cmasim/workload.h>
#include <cmasim/scenario.h>
#include <cmasim/policy.h>

#endif /* CMASIM_CMASIM_H */
