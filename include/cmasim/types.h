/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libcmasim public types, shared by every public header: CMASIM_EXPORT,
 * the unit typedefs (cmasim_phys_addr_t is bytes, cmasim_pfn_t a page
 * frame number), and the enums more than one header needs (arch and
 * kernel-version profiles, migratetypes) and the output callback.  No
 * GLib, no config.h: this header compiles alone as C99 -pedantic and as
 * C++.
 */
#ifndef CMASIM_TYPES_H
#define CMASIM_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(CMASIM_COMPILATION) && defined(__GNUC__)
#define CMASIM_EXPORT __attribute__((visibility("default")))
#else
#define CMASIM_EXPORT
#endif

/** A simulated physical address, in bytes. */
typedef uint64_t cmasim_phys_addr_t;
/** A simulated page frame number. */
typedef uint64_t cmasim_pfn_t;

/** NUMA_NO_NODE: "any node". */
#define CMASIM_NUMA_NO_NODE (-1)

/** Architecture profiles. */
enum cmasim_arch {
	CMASIM_ARCH_X86_64 = 0,	/**< x86_64, 4 KiB pages (default) */
	CMASIM_ARCH_ARM64_4K,	/**< arm64, 4 KiB pages */
	CMASIM_ARCH_ARM64_16K,	/**< arm64, 16 KiB pages */
	CMASIM_ARCH_ARM64_64K,	/**< arm64, 64 KiB pages */
	CMASIM_ARCH_ARM,	/**< 32-bit arm with highmem, 4 KiB pages */
	CMASIM_ARCH_COUNT
};

/** Kernel version profiles. */
enum cmasim_kernel {
	CMASIM_KERNEL_6_1 = 0,	/**< Linux 6.1 (Debian linux-source-6.1) */
	CMASIM_KERNEL_6_12,	/**< Linux 6.12 (default) */
	CMASIM_KERNEL_COUNT
};

/**
 * Migratetypes, numbered as include/linux/mmzone.h with CONFIG_CMA: the
 * page allocator's (<cmasim/pages.h>) and alloc_contig_range()'s
 * (<cmasim/cma.h>).
 */
enum cmasim_migratetype {
	CMASIM_MIGRATE_UNMOVABLE = 0,
	CMASIM_MIGRATE_MOVABLE,
	CMASIM_MIGRATE_RECLAIMABLE,
	CMASIM_MIGRATE_HIGHATOMIC,	/**< == MIGRATE_PCPTYPES */
	CMASIM_MIGRATE_CMA,
	CMASIM_MIGRATE_ISOLATE,
	CMASIM_MIGRATE_TYPES
};

/**
 * cmasim_output_fn - receives formatted text.
 * @text: NUL-terminated text, borrowed for the duration of the call.
 * @data: the caller's pointer.
 */
typedef void (*cmasim_output_fn)(const char *text, void *data);

#ifdef __cplusplus
}
#endif
#endif /* CMASIM_TYPES_H */
