/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The global vm events the allocator counts (enum vm_event_item of
 * include/linux/vm_event_item.h), as an X-macro list whose names are the
 * /proc/vmstat names.  mm->ev[] holds them; mm/vmstat.c names them.
 */
#ifndef CMS_VM_EVENT_ITEM_H
#define CMS_VM_EVENT_ITEM_H

/* X(id, "name") : global events. */
#define CMS_EVENT_STATS(X)				\
	X(PGALLOC_DMA, "pgalloc_dma")			\
	X(PGALLOC_DMA32, "pgalloc_dma32")		\
	X(PGALLOC_NORMAL, "pgalloc_normal")		\
	X(PGALLOC_HIGH, "pgalloc_high")			\
	X(PGALLOC_MOVABLE, "pgalloc_movable")		\
	X(PGALLOC_DEVICE, "pgalloc_device")		\
	X(PGFREE, "pgfree")				\
	X(ALLOCSTALL, "allocstall")			\
	X(CMA_ALLOC_SUCCESS, "cma_alloc_success")	\
	X(CMA_ALLOC_FAIL, "cma_alloc_fail")

enum cms_event_stat {
#define CMS_EV_ENUM(id, name) CMS_EV_##id,
	CMS_EVENT_STATS(CMS_EV_ENUM)
#undef CMS_EV_ENUM
	CMS_NR_EVENT_STAT
};

#endif /* CMS_VM_EVENT_ITEM_H */
