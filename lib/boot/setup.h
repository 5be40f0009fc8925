/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The boot layer's header: the machine description, what the boot learns
 * on the way (struct cms_boot_state, struct cmasim's boot member), and
 * the functions of the boot files that boot/setup.c calls.  The files
 * follow the kernel's:
 *   setup.c        init/main.c: start_kernel()'s order, parse_early_param(),
 *                  the initcalls, kernel_init()'s frees
 *   setup_x86.c    arch/x86/kernel/setup.c setup_arch() (and the
 *                  arch/x86/mm/init.c direct-map steps it makes)
 *   setup_arm64.c  arch/arm64/kernel/setup.c setup_arch(),
 *                  arch/arm64/mm/init.c arm64_memblock_init(), bootmem_init()
 *   e820.c         arch/x86/kernel/e820.c (boot/e820.h)
 *   numa.c         arch/x86/mm/numa.c, mm/numa_memblks.c (boot/numa.h)
 *   replay.c       a real log's memblock steps, replayed in stages
 *   boot_alloc.c   x86 memblock allocations after the CMA reservation
 *   boot_alloc_arm64.c   arm64's memblock allocations, built machines
 *   cmdline.c      the early parameters' parser (boot/cmdline.h)
 *   machine.c, bootlog.c   machines, built or read from a boot log
 *   grow.h         cms_boot_grow(), the arrays' geometric growth
 * Every boot file includes this header; setup.c includes no other boot
 * header but cmdline.h, so the include graph has no cycle.
 */
#ifndef CMS_BOOT_H
#define CMS_BOOT_H

#include <stdbool.h>
#include <stdint.h>

#include <cmasim/machine.h>

#include "core/instance.h"
#include "mm/memblock.h"
#include "boot/grow.h"

struct cms_cmdline;

struct cms_e820_entry {
	uint64_t addr;
	uint64_t size;
	unsigned int type;
};

struct cms_numa_range {
	int nid;
	uint64_t base;
	uint64_t size;
};

struct cms_resv {
	uint64_t base;
	uint64_t size;
	char *caller;
	bool logged;
};

struct cms_late_free {
	char *what;
	uint64_t bytes;
};

/* Each array holds nr_X elements in room for X_cap (boot/grow.h). */
struct cmasim_machine {
	enum cmasim_arch arch;
	struct cms_e820_entry *e820;
	size_t nr_e820, e820_cap;
	struct cms_numa_range *numa;
	size_t nr_numa, numa_cap;
	struct cms_resv *resv;
	size_t nr_resv, resv_cap;
	uint64_t initrd_base;
	uint64_t initrd_size;
	uint64_t initrd_moved;	/* a log's "Allocated new RAMDISK" base, or 0 */
	struct cmasim_machine_op *ops;
	size_t nr_ops, ops_cap;
	GStringChunk *op_texts;	/* the ops' texts, freed together */
	uint64_t dma_zone_limit;	/* arm64 arm64_dma_phys_limit, 0: default */
	bool gbpages;			/* x86: the CPU has 1 GiB pages */
	/*
	 * arm64: where the boot loader put the device-tree blob (0: a log's
	 * dump says); fdt_size: its size when the machine has no blob of its
	 * own (the virt machine's tree, placement only)
	 */
	uint64_t fdt_base;
	uint64_t fdt_size;
	unsigned int nr_cpus;		/* 0: one per node */
	uint64_t log_page_size;		/* the page size a log states, or 0 */
	bool has_image;
	uint64_t image[5];	/* code, rwdata, rodata, init, bss (bytes) */
	struct cms_late_free *late;
	size_t nr_late, late_cap;
	char *cmdline;
	char *kernel_version;	/* "6.1" / "6.12" */
	char *kernel_release;
	/* a device tree (arm64, arm): the blob, copied */
	void *dtb;
	size_t dtb_size;
	bool dt_memory;		/* the RAM is the tree's /memory */
};

/* A NUMA memory block after numa_cleanup_meminfo(). */
struct cms_numa_blk {
	int nid;
	uint64_t start;
	uint64_t end;
};

#define CMS_BOOT_MAX_BLKS 128
#define CMS_BOOT_MAX_NODES 64	/* nodes whose NODE_DATA address is kept */
#define CMS_BOOT_MAX_NOSAVE 32

/* What the boot learnt on the way; lives in struct cmasim. */
struct cms_boot_state {
	bool booted;
	bool failed;
	enum cmasim_boot_stage until;	/* cmasim_boot_until()'s stage */
	struct cms_cmdline *cmdline;	/* parsed by cmasim_cmdline_set() */
	size_t replay_pos;		/* next recorded step to replay */
	unsigned int replay_dump;	/* last memblock dump applied */
	uint64_t max_pfn;
	uint64_t max_low_pfn;
	uint64_t max_pfn_mapped;
	uint64_t dma_limit;		/* passed to dma_contiguous_reserve() */
	unsigned int nr_blks;
	struct cms_numa_blk blk[CMS_BOOT_MAX_BLKS];
	uint64_t nodes_parsed[16];	/* numa_nodes_parsed (1024 bits) */
	unsigned int nr_online_nodes;
	unsigned int nr_node_ids;	/* highest node with memory + 1 */
	uint64_t node_data[CMS_BOOT_MAX_NODES];	/* NODE_DATA() addresses */
	unsigned int nr_e820;		/* e820_table entries after the edits */
	unsigned int nr_e820_firmware;	/* the BIOS table's entries */
	uint64_t swiotlb_base;		/* the bounce buffer, 0 if none */
	uint64_t initrd_base;		/* where setup_arch() left it */
	uint64_t image_base;		/* _text's address, 0 if unknown */
	/*
	 * free_init_pages() take the image's pages from its end downwards:
	 * the next page below those given back so far, 0 before the first
	 */
	uint64_t image_cursor;
	unsigned int nr_cpus;		/* the machine's; 0: one per node */
	unsigned int nr_nosave;
	uint64_t nosave[CMS_BOOT_MAX_NOSAVE][2];	/* pfn ranges */
};

/* ---- boot/setup.c ---- */

/* The boot state's life (struct cmasim's boot member): 0 or -ENOMEM. */
int cms_boot_init(struct cmasim *sim);
void cms_boot_fini(struct cmasim *sim);

/*
 * parse_early_param(): cmasim_cmdline_set(), and -EINVAL (with a client
 * bug naming the parameter) when the line would crash the kernel.
 */
int cms_boot_parse_early_param(struct cmasim *sim, const char *cmdline);

/* ---- boot/machine.c ---- */

/* Whether @type is memory the kernel hands to memblock. */
bool cms_e820_is_ram(unsigned int type);
/*
 * qemu's arm64 boot loader for a machine whose RAM is set: the initrd of
 * @initrd_bytes and the virt tree's blob where hw/arm/boot.c puts them.
 * 0, or -EINVAL the machine has no RAM.
 */
int cms_machine_qemu_virt_loader(struct cmasim_machine *m,
				 uint64_t initrd_bytes);
/* The machine's default device tree (the device-tree layer's hook). */
int cms_machine_default_dt(struct cmasim_machine *m);

/* ---- boot/setup_x86.c, boot/setup_arm64.c: setup_arch() ---- */

/*
 * setup_arch() up to the zones: the command line (parse_early_param()),
 * memblock from the firmware's map, the early reservations, NUMA,
 * dma_contiguous_reserve() and free_area_init(), in the arch's order.
 * Return: 0 or the first failing step's -errno.
 */
int cms_x86_setup_arch(struct cmasim *sim, const struct cmasim_machine *m,
		       const char *cmdline);
int cms_arm64_setup_arch(struct cmasim *sim, const struct cmasim_machine *m,
			 const char *cmdline);

/* ---- boot/setup.c: what both setup_arch() call ---- */

/*
 * The arch's hugetlb_cma_reserve() call, made where its setup_arch()
 * makes it: arm64 always (with the granule's gigantic order), x86 only
 * when the machine's CPU has 1 GiB pages, never on the others (hugetlb_cma=
 * is then reported unsupported by hugetlb_cma_check()).
 */
void cms_boot_hugetlb_cma_reserve(struct cmasim *sim,
				  const struct cmasim_machine *m);

/* ---- boot/boot_alloc_arm64.c ---- */

/*
 * arm64's memblock allocations for built machines and logs without
 * memblock=debug, in setup_arch()'s and start_kernel()'s order: 0 or the
 * -errno of the allocation that failed (the kernel panics there).
 */
int cms_arm64_model_memblock_init(struct cmasim *sim,
				  const struct cmasim_machine *m);
int cms_arm64_model_paging_init(struct cmasim *sim);
int cms_arm64_unflatten_device_tree(struct cmasim *sim,
				    const struct cmasim_machine *m);
int cms_arm64_model_numa_init(struct cmasim *sim,
			      const struct cmasim_machine *m);
int cms_arm64_model_sparse(struct cmasim *sim);
int cms_arm64_model_setup_arch_rest(struct cmasim *sim);
int cms_arm64_model_start_kernel(struct cmasim *sim, const char *cmdline);
int cms_arm64_model_swiotlb(struct cmasim *sim);

/* ---- boot/replay.c ---- */

/*
 * The stage marks of a log's recorded steps (bootlog.c sets them, the
 * arch's setup_arch() replays up to each and runs the stage itself):
 * arm64 bootmem_init()'s CMA reservations before sparse_init()
 * (hugetlb_cma=, 6.1 cma_pernuma=), dma_contiguous_reserve(), and x86's
 * zone setup after it.
 */
#define CMS_STAGE_BOOTMEM_CMA		"hugetlb_cma_reserve"
#define CMS_STAGE_DMA_CONTIGUOUS	"dma_contiguous_reserve"
#define CMS_STAGE_FREE_AREA_INIT	"free_area_init"

/*
 * Whether @m carries memblock steps to replay (a log read with
 * memblock=debug); otherwise the boot models the machine.
 */
bool cms_boot_replays(const struct cmasim_machine *m);
/* Replay the recorded steps up to the next stage mark: 0 or -errno. */
int cms_boot_replay_ops(struct cmasim *sim, const struct cmasim_machine *m);
/* The same, and nothing for a modelled machine or after the last step. */
int cms_boot_replay_stage(struct cmasim *sim, const struct cmasim_machine *m);
/* Whether the replay stopped at the stage mark called @stage. */
bool cms_boot_replay_at(const struct cmasim *sim,
			const struct cmasim_machine *m, const char *stage);

/*
 * memblock calls a log does not show (made before memblock=debug was
 * parsed, or replayed): the debug lines off; returns the old setting,
 * which the caller puts back into sim->memblock->debug.
 */
static inline bool cms_boot_memblock_debug_off(struct cmasim *sim)
{
	bool saved = sim->memblock->debug;

	sim->memblock->debug = false;
	return saved;
}

/* ---- boot/boot_alloc.c ---- */

/*
 * x86 memblock allocations after the CMA reservation, for built machines:
 * sparse_init(), the rest of setup_arch(), start_kernel()'s before the
 * command line is printed, the early caches, the bounce buffer.
 */
int cms_boot_model_sparse(struct cmasim *sim);
int cms_boot_model_setup_arch_rest(struct cmasim *sim);
int cms_boot_model_start_kernel(struct cmasim *sim, const char *cmdline);
int cms_boot_model_caches_early(struct cmasim *sim);
/* vfs_caches_init_early()'s hash tables, any arch (in caches_early) */
int cms_boot_model_hash_early(struct cmasim *sim);
int cms_boot_model_swiotlb(struct cmasim *sim);
int cms_boot_model_caches_late(struct cmasim *sim);
void cms_boot_model_swiotlb_late(struct cmasim *sim);

#endif /* CMS_BOOT_H */
