/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Kconfig knob table.  One X-macro list drives the defaults, the
 * names accepted by cmasim_config_set() and the CLI's --set, and the
 * generated docs/config.md.
 */
#ifndef CMS_KCONFIG_H
#define CMS_KCONFIG_H

#include <cmasim/instance.h>
#include <cmasim/observe.h>

/* Which kernel versions have a knob. */
#define CMS_V61  (1u << CMASIM_KERNEL_6_1)
#define CMS_V612 (1u << CMASIM_KERNEL_6_12)
#define CMS_VALL (CMS_V61 | CMS_V612)

/* Which arches have a knob. */
#define CMS_AX86 (1u << 0)
#define CMS_AA64 (1u << 1)
#define CMS_AARM (1u << 2)
#define CMS_AALL (CMS_AX86 | CMS_AA64 | CMS_AARM)

enum cms_knob_type { CMS_KNOB_BOOL, CMS_KNOB_INT };

/* A default that no single number expresses (see config.c). */
#define CMS_DEF_COMPUTED INT64_MIN

/*
 * X(name, type, min, max, default x86_64, default arm64, default arm,
 *   arches, versions, Kconfig default text, doc)
 */
#define CMS_KNOBS(X)								\
	X(CMA, BOOL, 0, 1, 1, 1, 1, CMS_AALL, CMS_VALL, "n",			\
	  "Contiguous Memory Allocator (the simulator's subject: on by default)") \
	X(DMA_CMA, BOOL, 0, 1, 1, 1, 1, CMS_AALL, CMS_VALL, "n",			\
	  "DMA contiguous layer over CMA: cma=, the default area")		\
	X(CMA_DEBUG, BOOL, 0, 1, 0, 0, 0, CMS_AALL, CMS_VALL, "n",		\
	  "pr_debug lines of mm/cma.c and kernel/dma/contiguous.c (6.12 has no option: it models DEBUG defined in both files)") \
	X(CMA_DEBUGFS, BOOL, 0, 1, 1, 1, 1, CMS_AALL, CMS_VALL, "n",		\
	  "/sys/kernel/debug/cma/<area>/ files")				\
	X(CMA_SYSFS, BOOL, 0, 1, 1, 1, 1, CMS_AALL, CMS_VALL, "n",		\
	  "/sys/kernel/mm/cma/<area>/ files")					\
	X(CMA_AREAS, INT, 1, 1024, CMS_DEF_COMPUTED, CMS_DEF_COMPUTED,		\
	  CMS_DEF_COMPUTED, CMS_AALL, CMS_VALL, "19 if NUMA, else 7 (6.1); 20 if NUMA, else 8 (6.12)", \
	  "Maximum number of CMA areas")					\
	X(CMA_SIZE_MBYTES, INT, 0, 1048576, 0, 16, 16, CMS_AALL, CMS_VALL,	\
	  "0 on x86, 16 elsewhere", "Default global CMA size in MiB")		\
	X(CMA_SIZE_PERCENTAGE, INT, 0, 100, 0, 10, 10, CMS_AALL, CMS_VALL,	\
	  "0 on x86, 10 elsewhere", "Default global CMA size as a percentage of memory") \
	X(CMA_SIZE_SEL_MBYTES, BOOL, 0, 1, 1, 1, 1, CMS_AALL, CMS_VALL, "y",	\
	  "Default size from CMA_SIZE_MBYTES (one CMA_SIZE_SEL_* is y)")	\
	X(CMA_SIZE_SEL_PERCENTAGE, BOOL, 0, 1, 0, 0, 0, CMS_AALL, CMS_VALL, "n", \
	  "Default size from CMA_SIZE_PERCENTAGE")				\
	X(CMA_SIZE_SEL_MIN, BOOL, 0, 1, 0, 0, 0, CMS_AALL, CMS_VALL, "n",	\
	  "Default size is the smaller of the two")				\
	X(CMA_SIZE_SEL_MAX, BOOL, 0, 1, 0, 0, 0, CMS_AALL, CMS_VALL, "n",	\
	  "Default size is the larger of the two")				\
	X(CMA_ALIGNMENT, INT, 2, 12, 8, 8, 8, CMS_AALL, CMS_VALL, "8",		\
	  "Maximum alignment order of DMA contiguous allocations")		\
	X(DMA_PERNUMA_CMA, BOOL, 0, 1, 0, CMS_DEF_COMPUTED, 0, CMS_AALL, CMS_V61, "NUMA && ARM64", \
	  "6.1: per-node areas from cma_pernuma= (only arm64 reserves them)")	\
	X(DMA_NUMA_CMA, BOOL, 0, 1, 0, 0, 0, CMS_AALL, CMS_V612, "n",		\
	  "6.12: per-node areas from numa_cma= and cma_pernuma= (depends on NUMA: without it the knob has no effect)") \
	X(NUMA, BOOL, 0, 1, 1, 1, 0, CMS_AALL, CMS_VALL, "y on x86_64 and arm64 (Debian)", \
	  "NUMA support; without it every area has node NUMA_NO_NODE")	\
	X(NODES_SHIFT, INT, 0, 10, 6, 4, 0, CMS_AALL, CMS_VALL,			\
	  "6 on x86_64, 4 on arm64, 0 without NUMA", "log2 of MAX_NUMNODES")	\
	X(ZONE_DMA, BOOL, 0, 1, 1, 1, 0, CMS_AALL, CMS_VALL, "y (x86_64, arm64)", \
	  "ZONE_DMA (x86_64: below 16 MiB; arm64: below zone_dma_bits)")	\
	X(ZONE_DMA32, BOOL, 0, 1, 1, 1, 0, CMS_AX86 | CMS_AA64, CMS_VALL, "y",	\
	  "ZONE_DMA32 (below 4 GiB)")						\
	X(HIGHMEM, BOOL, 0, 1, 0, 0, 1, CMS_AARM, CMS_VALL, "y (Debian armmp)",	\
	  "ZONE_HIGHMEM above the lowmem limit (32-bit arm)")			\
	X(ARCH_FORCE_MAX_ORDER, INT, 1, 20, CMS_DEF_COMPUTED, CMS_DEF_COMPUTED,	\
	  CMS_DEF_COMPUTED, CMS_AA64 | CMS_AARM, CMS_VALL,			\
	  "arm64 6.1: 11/12/14 for 4K/16K/64K pages (exclusive MAX_ORDER); arm64 6.12: 10/11/13 (inclusive); arm: 11 (6.1), 10 (6.12)", \
	  "Largest buddy order, in the version's own meaning (6.1 exclusive, 6.12 inclusive)") \
	X(HUGETLB_PAGE, BOOL, 0, 1, 1, 1, 0, CMS_AALL, CMS_VALL, "y (x86_64, arm64)", \
	  "HugeTLB: pageblock_order = min(HUGETLB_PAGE_ORDER, max order); without it THP's order on 6.12 (64-bit), the max order on 6.1") \
	X(LOG_BUF_SHIFT, INT, 12, 25, 17, 17, 17, CMS_AALL, CMS_VALL, "17",	\
	  "log2 of the dmesg ring size in bytes")

enum cms_knob {
#define CMS_KNOB_ENUM(name, ...) CMS_KNOB_##name,
	CMS_KNOBS(CMS_KNOB_ENUM)
#undef CMS_KNOB_ENUM
	CMS_KNOB_COUNT
};

struct cmasim_config {
	enum cmasim_arch arch;
	enum cmasim_kernel kernel;
	uint64_t seed;
	int64_t value[CMS_KNOB_COUNT];
	bool is_set[CMS_KNOB_COUNT];
	cmasim_log_fn log_fn;
	void *log_data;
	char error[256];
};

/* The arch column (CMS_AX86 ...) of an arch. */
unsigned int cms_arch_class(enum cmasim_arch arch);
/* Whether @knob exists for the configuration's arch and version. */
bool cms_knob_present(const struct cmasim_config *cfg, enum cms_knob knob);
/* The effective value of @knob (explicit setting or profile default). */
int64_t cms_knob_effective(const struct cmasim_config *cfg, enum cms_knob knob);
/* Knob id by Kconfig name (CONFIG_ prefix allowed), or -1. */
int cms_knob_lookup(const char *name);
const char *cms_knob_name(enum cms_knob knob);

#endif /* CMS_KCONFIG_H */
