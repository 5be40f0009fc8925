/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Machine descriptions and the boot sequence: the firmware memory map
 * (e820 on x86), NUMA node ranges, the early memblock reservations the
 * kernel makes before it reaches the CMA code, and cmasim_boot(), which
 * runs setup_arch() and start_kernel() as far as the simulator models
 * them.  A machine can also be read from a real kernel boot log.
 */
#ifndef CMASIM_BOOT_H
#define CMASIM_BOOT_H

#include <cmasim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cmasim;
struct cmasim_machine;

/** e820 range types, with the kernel's numbers (arch/x86/include/asm/e820/types.h). */
enum cmasim_e820_type {
	CMASIM_E820_RAM = 1,		/**< "usable" */
	CMASIM_E820_RESERVED = 2,	/**< "reserved" */
	CMASIM_E820_ACPI = 3,		/**< "ACPI data" */
	CMASIM_E820_NVS = 4,		/**< "ACPI NVS" */
	CMASIM_E820_UNUSABLE = 5,	/**< "unusable" */
	CMASIM_E820_PMEM = 7,		/**< "persistent (type 7)" */
	CMASIM_E820_RESERVED_KERN = 128,	/**< printed "usable" */
};

/** Kinds of recorded early-boot steps that a replay applies in order. */
enum cmasim_machine_op_kind {
	CMASIM_OP_MEMBLOCK_ADD = 0,	/**< memblock_add(base, size) */
	CMASIM_OP_MEMBLOCK_RESERVE,	/**< memblock_reserve(base, size) */
	CMASIM_OP_MEMBLOCK_PHYS_FREE,	/**< memblock_phys_free(base, size) */
	CMASIM_OP_MEMBLOCK_REMOVE,	/**< memblock_remove(base, size) */
	/**
	 * One region of a "MEMBLOCK configuration:" dump: @nid is the node
	 * (-1 when the dump shows none), @reserved says which array.  A
	 * replay resets memblock to each complete dump it meets.
	 */
	CMASIM_OP_MEMBLOCK_STATE,
	CMASIM_OP_LOG_LINE,		/**< a kernel line re-emitted verbatim */
	/**
	 * Where a boot stage ran in the log: @text "dma_contiguous_reserve"
	 * or "free_area_init".  A replay applies the steps before the first
	 * marker in setup_arch(), and the later ones after that stage.
	 */
	CMASIM_OP_STAGE,
};

/** One recorded step (read access for tools and tests). */
struct cmasim_machine_op {
	enum cmasim_machine_op_kind kind;
	cmasim_phys_addr_t base;
	cmasim_phys_addr_t size;
	int nid;
	bool reserved;		/**< CMASIM_OP_MEMBLOCK_STATE: reserved array */
	unsigned int flags;	/**< CMASIM_OP_MEMBLOCK_STATE: region flags */
	unsigned int dump;	/**< CMASIM_OP_MEMBLOCK_STATE: dump number */
	const char *text;	/**< caller name (memblock ops) or the line */
	unsigned int line;	/**< line number in the log, 0 if built by calls */
};

/**
 * cmasim_machine_new() - an empty machine for @arch: no memory, one
 * implicit node, no reservations.
 *
 * Return: the machine (caller owns; free with cmasim_machine_destroy()),
 * or NULL for an unknown @arch or when host memory is exhausted.
 */
CMASIM_EXPORT struct cmasim_machine *cmasim_machine_new(enum cmasim_arch arch);

/**
 * cmasim_machine_destroy() - free @m and everything it owns.  Accepts NULL.
 * Return: nothing.
 */
CMASIM_EXPORT void cmasim_machine_destroy(struct cmasim_machine *m);

/**
 * cmasim_machine_default() - the built-in default machine: for x86_64 a
 * qemu "pc" with 4 GiB in one node as SeaBIOS reports it (see
 * docs/boot.md), with a typical kernel image, initrd and ACPI tables.
 *
 * Return: the machine (caller owns), or NULL (unsupported arch, no memory).
 */
CMASIM_EXPORT struct cmasim_machine *cmasim_machine_default(enum cmasim_arch arch);

/**
 * cmasim_machine_qemu_pc() - a qemu "pc" machine with @mem bytes of RAM
 * split evenly over @nodes NUMA nodes, laid out as qemu 7.2 and SeaBIOS
 * lay out "-m SIZE" (RAM above 3 GiB moves above 4 GiB when the total
 * reaches 3.5 GiB) and "-numa node" (an ACPI SRAT when @nodes > 1).
 * @mem: RAM in bytes, a multiple of 1 MiB, at least 64 MiB.
 * @nodes: 1..64, and each node at least 64 MiB.
 * @out: the new machine (caller owns).
 *
 * Return: 0; -EINVAL @mem or @nodes out of range; -ENOMEM.
 */
CMASIM_EXPORT int cmasim_machine_qemu_pc(uint64_t mem, unsigned int nodes,
					 struct cmasim_machine **out);

/**
 * cmasim_machine_add_e820() - append a firmware memory-map range.
 * @m: machine.  @base/@size: the range (size > 0, no wrap).
 * @type: an enum cmasim_e820_type value or any other firmware number.
 *
 * Return: 0; -EINVAL empty or wrapping range; -ENOMEM.
 * Mirrors: an entry of the BIOS e820 table (arch/x86/kernel/e820.c).
 */
CMASIM_EXPORT int cmasim_machine_add_e820(struct cmasim_machine *m,
					  cmasim_phys_addr_t base,
					  cmasim_phys_addr_t size,
					  unsigned int type);

/**
 * cmasim_machine_add_numa_range() - a memory affinity range of node @nid
 * (an ACPI SRAT entry).  Without any, the machine has no NUMA
 * configuration and the kernel fakes one node over all memory.
 *
 * Return: 0; -EINVAL bad node id (0..1023) or empty range; -ENOMEM.
 * Mirrors: acpi_numa_memory_affinity_init() / numa_add_memblk().
 */
CMASIM_EXPORT int cmasim_machine_add_numa_range(struct cmasim_machine *m,
						int nid,
						cmasim_phys_addr_t base,
						cmasim_phys_addr_t size);

/**
 * cmasim_machine_add_reservation() - an early memblock reservation with
 * the name of the kernel code that makes it.
 * @m: machine.  @base/@size: the range.  @caller: e.g. "kernel image",
 * "initrd" or a kernel function name (copied).
 * @logged: false for reservations made before the command line is parsed
 * (memblock=debug does not show them: kernel image, initrd, BIOS area),
 * true for the ones made later in setup_arch() (ACPI tables, ...).
 *
 * Return: 0; -EINVAL empty range or NULL @caller; -ENOMEM.
 */
CMASIM_EXPORT int cmasim_machine_add_reservation(struct cmasim_machine *m,
						 cmasim_phys_addr_t base,
						 cmasim_phys_addr_t size,
						 const char *caller,
						 bool logged);

/**
 * cmasim_machine_set_initrd() - where the boot loader put the initrd
 * (reserved early, and printed as "RAMDISK: [mem ...]").
 *
 * Return: 0; -EINVAL empty range.
 */
CMASIM_EXPORT int cmasim_machine_set_initrd(struct cmasim_machine *m,
					    cmasim_phys_addr_t base,
					    cmasim_phys_addr_t size);

/**
 * cmasim_machine_set_dma_zone_limit() - arm64: the end of ZONE_DMA as the
 * firmware's dma-ranges make it (arm64_dma_phys_limit), the limit passed
 * to dma_contiguous_reserve().  Unset, it is min(4 GiB, end of DRAM), as
 * on a machine without dma-ranges.  Ignored on x86, whose limit is
 * max_pfn_mapped.
 * @limit: bytes, > 0.
 *
 * Return: 0; -EINVAL NULL @m or zero @limit.
 */
CMASIM_EXPORT int cmasim_machine_set_dma_zone_limit(struct cmasim_machine *m,
						    cmasim_phys_addr_t limit);

/**
 * cmasim_machine_set_kernel_image() - the kernel's section sizes in bytes,
 * as its "Memory:" boot line reports them (code, rwdata, rodata, init,
 * bss).  Without them the boot uses the sizes of the kernels the oracle
 * captures were made with.
 *
 * Return: 0; -EINVAL NULL @m.
 */
CMASIM_EXPORT int cmasim_machine_set_kernel_image(struct cmasim_machine *m,
						  uint64_t code, uint64_t rwdata,
						  uint64_t rodata, uint64_t init,
						  uint64_t bss);

/**
 * cmasim_machine_add_late_free() - memory the kernel gives back late in
 * boot ("Freeing @what memory: NK": "initrd", "unused kernel image
 * (initmem)", ...), in order.  "initrd" frees the initrd; the others free
 * pages of the kernel image.  Without any, the boot uses the list of the
 * kernels the oracle captures were made with.
 * @bytes: a multiple of the page size, > 0.
 *
 * Return: 0; -EINVAL NULL @what or bad @bytes; -ENOMEM.
 * Mirrors: free_initrd_mem(), free_initmem(), free_kernel_image_pages().
 */
CMASIM_EXPORT int cmasim_machine_add_late_free(struct cmasim_machine *m,
					       const char *what,
					       uint64_t bytes);

/**
 * cmasim_machine_add_op() - append a step to replay instead of the
 * modelled early reservations (see enum cmasim_machine_op_kind).
 * @op: the step; @op->text is copied.
 *
 * Return: 0; -EINVAL unknown kind, empty range, or a dump region that
 * wraps (memblock steps may run past the top: memblock caps them); -ENOMEM.
 */
CMASIM_EXPORT int cmasim_machine_add_op(struct cmasim_machine *m,
					const struct cmasim_machine_op *op);

/**
 * cmasim_machine_nr_ops() - the number of recorded steps.
 * Return: the count (0 for machines built without a log).
 */
CMASIM_EXPORT size_t cmasim_machine_nr_ops(const struct cmasim_machine *m);
/**
 * cmasim_machine_op() - recorded step @idx.
 * Return: the step (borrowed from @m, valid until it changes), or NULL
 * past the end.
 */
CMASIM_EXPORT const struct cmasim_machine_op *
cmasim_machine_op(const struct cmasim_machine *m, size_t idx);

/**
 * cmasim_machine_nr_e820() - the number of e820 entries.
 * Return: the count.
 */
CMASIM_EXPORT size_t cmasim_machine_nr_e820(const struct cmasim_machine *m);
/**
 * cmasim_machine_e820() - entry @idx.
 * Return: 0; -ERANGE @idx past the end.
 */
CMASIM_EXPORT int cmasim_machine_e820(const struct cmasim_machine *m,
				      size_t idx, cmasim_phys_addr_t *base,
				      cmasim_phys_addr_t *size,
				      unsigned int *type);

/**
 * cmasim_machine_nr_numa_ranges() - the number of SRAT-like ranges.
 * Return: the count (0: the kernel fakes one node).
 */
CMASIM_EXPORT size_t cmasim_machine_nr_numa_ranges(const struct cmasim_machine *m);
/**
 * cmasim_machine_numa_range() - range @idx.
 * Return: 0; -ERANGE @idx past the end.
 */
CMASIM_EXPORT int cmasim_machine_numa_range(const struct cmasim_machine *m,
					    size_t idx, int *nid,
					    cmasim_phys_addr_t *base,
					    cmasim_phys_addr_t *size);

/**
 * cmasim_machine_get_arch() - the machine's architecture.
 * Return: the arch given to cmasim_machine_new(), or the one a log showed.
 */
CMASIM_EXPORT enum cmasim_arch cmasim_machine_get_arch(const struct cmasim_machine *m);

/**
 * cmasim_machine_cmdline() - the command line recorded with the machine
 * (from a log's "Command line:" or "Kernel command line:").
 * Return: the line (borrowed from @m), or NULL when none was recorded.
 */
CMASIM_EXPORT const char *cmasim_machine_cmdline(const struct cmasim_machine *m);

/**
 * cmasim_machine_kernel_version() - the kernel profile the log came from.
 * Return: "6.1" or "6.12" (borrowed from @m), or NULL when unknown.
 */
CMASIM_EXPORT const char *cmasim_machine_kernel_version(const struct cmasim_machine *m);

/**
 * cmasim_machine_kernel_release() - the release string of the log's
 * "Linux version" line.
 * Return: e.g. "6.1.192-cmaoracle" (borrowed from @m), or NULL.
 */
CMASIM_EXPORT const char *cmasim_machine_kernel_release(const struct cmasim_machine *m);

/**
 * CMASIM_BOOTLOG_MAX_BYTES - the most of a boot log that is read: its
 * boot must end (at "Run ... as init process", a capture harness's
 * "@@@@@"/"=====" section or a second "Linux version") within this many
 * bytes, or the import fails with -EFBIG.  Sixteen times the largest
 * real capture; half the largest printk ring (LOG_BUF_SHIFT 25).
 */
#define CMASIM_BOOTLOG_MAX_BYTES (16u << 20)

/**
 * What a complete boot log holds and a cut one lacks (the bits of
 * cmasim_bootlog_report.missing).  A complete log runs from "Linux
 * version" to "Run ... as init process"; a log cut before the end lacks
 * the memory steps the kernel made after the cut, so its MemTotal and
 * reservations cannot be the log's.
 */
enum cmasim_bootlog_missing {
	/** no "Linux version" line: the kernel version is unknown */
	CMASIM_BOOTLOG_NO_VERSION = 1u << 0,
	/** no "Memory: ...K/...K available" line: the handover (mem_init) */
	CMASIM_BOOTLOG_NO_HANDOVER = 1u << 1,
	/** no "Run ... as init process": the frees before init */
	CMASIM_BOOTLOG_NO_INIT = 1u << 2,
};

/** What cmasim_machine_from_log() found. */
struct cmasim_bootlog_report {
	unsigned int lines;		/**< lines read */
	unsigned int kernel_lines;	/**< lines with a printk timestamp */
	unsigned int e820_entries;	/**< "BIOS-e820:" entries taken */
	unsigned int node_ranges;	/**< SRAT/"node N:" ranges taken */
	unsigned int memblock_ops;	/**< memblock steps recorded */
	unsigned int damaged;		/**< recognised lines that did not parse */
	bool memblock_debug;		/**< the log has memblock=debug lines */
	bool reached_cma;		/**< a "cma: " line ended the early part */
	/** enum cmasim_bootlog_missing bits; 0 when the log is complete */
	unsigned int missing;
	unsigned int last_line;		/**< the boot's last line read */
};

/**
 * cmasim_machine_from_log() - build a machine from a real boot log.
 * @text/@len: the log: a serial console (with or without printk
 * timestamps, firmware noise and escape sequences) or dmesg text.
 * @out: the machine (caller owns).  @report: filled when not NULL.
 * @diag/@data: receives one line per damaged input line ("line N: ..."),
 * and one saying what an incomplete log lacks; may be NULL.
 *
 * Takes the "Linux version" line, "Command line:", the BIOS-e820 map
 * (x86) or the "Early memory node ranges" (arm64), the SRAT node ranges
 * and, with memblock=debug, every memblock step before the first "cma: "
 * line, then the memblock steps after it up to the handover ("Memory:")
 * with stage markers (the CMA code's own reservations left out: the
 * replay makes them).  Only the first boot in the text is read, up to
 * "Run ... as init process", and at most CMASIM_BOOTLOG_MAX_BYTES of it.
 * A log cut short still gives a machine; @report->missing says what it
 * lacks, and a caller should not trust its memory figures without it.
 *
 * Return: 0; -ENODATA no memory map found (not a boot log); -EBADMSG
 * lines out of the order the kernel prints them in (a printk time going
 * back before the handover, a BIOS-e820 entry out of the sorted map or
 * after it ended; @diag names the first ones); -EFBIG the boot does not
 * end within CMASIM_BOOTLOG_MAX_BYTES (@diag says so); -ENOMEM.
 */
CMASIM_EXPORT int cmasim_machine_from_log(const char *text, size_t len,
					  struct cmasim_machine **out,
					  struct cmasim_bootlog_report *report,
					  cmasim_output_fn diag, void *data);

/**
 * cmasim_machine_from_log_file() - the same, reading @path (a file, a
 * pipe or a device), parsed as it is read.
 * Return: as cmasim_machine_from_log(); also the negative errno of
 * open(2) or read(2) when @path cannot be read (-ENOENT no such file,
 * -EACCES, -EISDIR, ...).
 */
CMASIM_EXPORT int cmasim_machine_from_log_file(const char *path,
					       struct cmasim_machine **out,
					       struct cmasim_bootlog_report *report,
					       cmasim_output_fn diag,
					       void *data);

/**
 * cmasim_boot() - boot @sim on machine @m with @cmdline.
 * @sim: an instance in its early-boot phase.  @m: borrowed for the call.
 * @cmdline: the kernel command line (NULL = the machine's recorded one,
 * or empty).
 *
 * Runs, in the arch's order: the memory map into memblock, the early
 * reservations (or the recorded steps of a log), NUMA setup, the arch's
 * dma_contiguous_reserve() call, zone and buddy setup, the memblock
 * handover, CMA activation and the DMA atomic pools, then leaves @sim
 * running.  Every kernel line goes to dmesg; explanations to the
 * diagnostics channel.
 *
 * Return: 0; -EINVAL the machine does not fit the instance's arch or has
 * no usable memory; -EPERM @sim already booted; -ENOMEM; or the error of
 * the phase that failed (the instance is then unusable: destroy it).
 * Mirrors: setup_arch() (arch/x86/kernel/setup.c) and start_kernel()
 * (init/main.c) as far as memory is concerned.
 */
CMASIM_EXPORT int cmasim_boot(struct cmasim *sim,
			      const struct cmasim_machine *m,
			      const char *cmdline);

/**
 * cmasim_dma_contiguous_limit() - the limit the arch passed to
 * dma_contiguous_reserve() in the boot of @sim.
 * Return: x86: max_pfn_mapped << PAGE_SHIFT; arm64: arm64_dma_phys_limit;
 * 0 before boot.
 * Mirrors: the argument of dma_contiguous_reserve() in setup_arch() /
 * bootmem_init().
 */
CMASIM_EXPORT cmasim_phys_addr_t cmasim_dma_contiguous_limit(const struct cmasim *sim);

#ifdef __cplusplus
}
#endif
#endif /* CMASIM_BOOT_H */
