/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Booting a simulated machine: the machine description (the firmware
 * memory map, e820 on x86, NUMA node ranges, the early memblock
 * reservations the kernel makes before it reaches the CMA code, or the
 * steps a real boot log recorded), the kernel command line as the boot
 * reads it, and cmasim_boot(), which runs setup_arch() and
 * start_kernel() as far as the simulator models them.
 *
 * The boot phases, as __init code and the initcalls separate them:
 *
 * - early boot, from cmasim_create() to cmasim_boot(): memblock
 *   (<cmasim/memblock.h>), CMA area declarations (<cmasim/cma.h>), the
 *   DMA contiguous layer's reservations and cmasim_cmdline_set() work;
 *   the page allocator does not exist yet.
 * - the boot itself: cmasim_boot() parses the command line, builds
 *   memblock from the machine, makes the arch's early reservations and
 *   dma_contiguous_reserve(), sets up nodes and zones, hands memblock
 *   over to the buddy allocator, then runs the initcalls (CMA activation,
 *   the DMA atomic pools).
 * - running, after a successful cmasim_boot(): the page allocator, CMA
 *   allocations, DMA and the kernel's files work; memblock's mutating
 *   calls and the declarations fail with -EPERM.
 *
 * A call made in the wrong phase fails with the errno its comment gives
 * and a "client bug:" diagnostic.
 */
#ifndef CMASIM_MACHINE_H
#define CMASIM_MACHINE_H

#include <cmasim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cmasim;
/** A machine description (caller's, from a cmasim_machine_*() builder). */
struct cmasim_machine;

/* ---- Machine descriptions ---- */

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
 * cmasim_machine_new() - an empty machine: no memory, one implicit node,
 * no reservations.
 * @arch: a CMASIM_ARCH_* value.
 *
 * Return: the machine, or NULL for an unknown @arch or when host memory
 * is exhausted.  The caller owns it and frees it with
 * cmasim_machine_destroy().
 */
CMASIM_EXPORT struct cmasim_machine *cmasim_machine_new(enum cmasim_arch arch);

/**
 * cmasim_machine_destroy() - free a machine and everything it owns.
 * @m: the machine, or NULL (nothing happens).
 *
 * Instances booted on @m keep nothing of it.
 * Return: nothing.
 */
CMASIM_EXPORT void cmasim_machine_destroy(struct cmasim_machine *m);

/**
 * cmasim_machine_qemu_pc() - an x86_64 qemu "pc" machine, laid out as
 * qemu 7.2 and SeaBIOS lay out "-m SIZE" (RAM above 3 GiB moves above
 * 4 GiB when the total reaches 3.5 GiB) and "-numa node" (an ACPI SRAT
 * when @nodes > 1), with a typical initrd and SeaBIOS's ACPI tables (see
 * docs/boot.md).  4 GiB in one node is the CLI's default machine.
 * @mem: RAM in bytes, a multiple of 1 MiB, 64 MiB to 64 TiB.
 * @nodes: 1..64, each node at least 64 MiB.
 * @out: the new machine; untouched on failure.
 *
 * Return: 0; -EINVAL NULL @out, @mem or @nodes out of range; -ENOMEM
 * host memory exhausted.  The caller owns *@out and frees it with
 * cmasim_machine_destroy().
 */
CMASIM_EXPORT int cmasim_machine_qemu_pc(uint64_t mem, unsigned int nodes,
					 struct cmasim_machine **out);

/**
 * cmasim_machine_qemu_virt() - an arm64 qemu "virt" machine with @mem
 * bytes of RAM from 1 GiB on, split evenly over @nodes NUMA nodes (each
 * node's RAM after the previous one's, as "-numa node,memdev=" lays them
 * out), one CPU per node, and qemu's boot loader: the initrd at RAM +
 * min(RAM / 2, 128 MiB), the device tree at the next 2 MiB after it.  It
 * boots on any arm64 profile (the page size is the kernel's).
 * @mem: RAM in bytes, a multiple of 1 MiB, at least 64 MiB.
 * @nodes: 1..64, each node at least 64 MiB (whole MiB each, the last
 * node takes the rest).
 * @out: the new machine (caller owns).
 *
 * Return: 0; -EINVAL @mem or @nodes out of range; -ENOMEM.
 */
CMASIM_EXPORT int cmasim_machine_qemu_virt(uint64_t mem, unsigned int nodes,
					   struct cmasim_machine **out);

/**
 * cmasim_machine_add_e820() - append a firmware memory-map range.
 * @m: machine (caller's).
 * @base: first byte.
 * @size: bytes (> 0; the range must not wrap).
 * @type: an enum cmasim_e820_type value or any other firmware number.
 *
 * Return: 0; -EINVAL NULL @m, empty or wrapping range; -ENOMEM host
 * memory exhausted.  @m owns the entry.
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
 * @m: machine (caller's).
 * @nid: node id, 0..1023.
 * @base: first byte.
 * @size: bytes (> 0; the range must not wrap).
 *
 * Return: 0; -EINVAL NULL @m, bad node id or empty or wrapping range;
 * -ENOMEM host memory exhausted.  @m owns the entry.
 * Mirrors: acpi_numa_memory_affinity_init() / numa_add_memblk().
 */
CMASIM_EXPORT int cmasim_machine_add_numa_range(struct cmasim_machine *m,
						int nid,
						cmasim_phys_addr_t base,
						cmasim_phys_addr_t size);

/**
 * cmasim_machine_add_reservation() - an early memblock reservation with
 * the name of the kernel code that makes it.
 * @m: machine (caller's).
 * @base: first byte.
 * @size: bytes (> 0; the range must not wrap).
 * @caller: e.g. "kernel image", "initrd" or a kernel function name;
 * copied.
 * @logged: false for reservations made before the command line is parsed
 * (memblock=debug does not show them: kernel image, initrd, BIOS area),
 * true for the ones made later in setup_arch() (ACPI tables, ...).
 *
 * Return: 0; -EINVAL NULL @m or @caller, empty or wrapping range;
 * -ENOMEM host memory exhausted.  @m owns the entry and its copy of
 * @caller.
 * Mirrors: the memblock_reserve() calls of setup_arch().
 */
CMASIM_EXPORT int cmasim_machine_add_reservation(struct cmasim_machine *m,
						 cmasim_phys_addr_t base,
						 cmasim_phys_addr_t size,
						 const char *caller,
						 bool logged);

/**
 * cmasim_machine_set_initrd() - where the boot loader put the initrd
 * (reserved early, printed as "RAMDISK: [mem ...]", freed late in boot).
 * @m: machine (caller's).
 * @base: first byte.
 * @size: bytes (> 0; the range must not wrap).
 *
 * Return: 0; -EINVAL NULL @m, empty or wrapping range.  @m keeps the
 * values.
 * Mirrors: boot_params.hdr.ramdisk_image / ramdisk_size
 * (reserve_initrd() in arch/x86/kernel/setup.c).
 */
CMASIM_EXPORT int cmasim_machine_set_initrd(struct cmasim_machine *m,
					    cmasim_phys_addr_t base,
					    cmasim_phys_addr_t size);

/**
 * cmasim_machine_set_dma_zone_limit() - arm64: the end of ZONE_DMA as the
 * firmware's dma-ranges make it, the limit passed to
 * dma_contiguous_reserve().  Unset, it is min(4 GiB, end of DRAM), as on
 * a machine without dma-ranges.  Ignored on x86, whose limit is
 * max_pfn_mapped.
 * @m: machine (caller's).
 * @limit: bytes, > 0.
 *
 * Return: 0; -EINVAL NULL @m or zero @limit.  @m keeps the value.
 * Mirrors: arm64_dma_phys_limit (arch/arm64/mm/init.c).
 */
CMASIM_EXPORT int cmasim_machine_set_dma_zone_limit(struct cmasim_machine *m,
						    cmasim_phys_addr_t limit);

/**
 * cmasim_machine_set_cpu_gbpages() - x86: whether the machine's CPU has
 * 1 GiB pages (X86_FEATURE_GBPAGES; qemu "-cpu qemu64,+pdpe1gb").  Only
 * then does setup_arch() reserve hugetlb_cma= areas; otherwise the boot
 * prints "hugetlb_cma: the option isn't supported by current arch".
 * Built machines have none; a log shows it ("HugeTLB: registered 1.00
 * GiB page size", or hugetlb_cma lines of a reservation).  Ignored on
 * arm64, which always reserves.
 * @m: machine.  @gbpages: the CPU feature.
 *
 * Return: 0; -EINVAL NULL @m.
 * Mirrors: boot_cpu_has(X86_FEATURE_GBPAGES) in setup_arch().
 */
CMASIM_EXPORT int cmasim_machine_set_cpu_gbpages(struct cmasim_machine *m,
						 bool gbpages);

/**
 * cmasim_machine_set_kernel_image() - the kernel's section sizes, as its
 * "Memory:" boot line reports them.  Without them the boot uses the
 * sizes of the kernels the oracle captures were made with (0 on the
 * profiles whose boot allocations are not modelled).
 * @m: machine (caller's).
 * @code: bytes (_etext - _stext).
 * @rwdata: bytes (_edata - _sdata).
 * @rodata: bytes.
 * @init: bytes (init code and data).
 * @bss: bytes.
 *
 * Return: 0; -EINVAL NULL @m, or the sizes add up to more than 1 GiB
 * (x86-64's KERNEL_IMAGE_SIZE with KASLR, the most any profile maps its
 * image in).  @m keeps the values.
 * Mirrors: the section sizes mem_init_print_info() reads from the
 * linker's symbols.
 */
CMASIM_EXPORT int cmasim_machine_set_kernel_image(struct cmasim_machine *m,
						  uint64_t code, uint64_t rwdata,
						  uint64_t rodata, uint64_t init,
						  uint64_t bss);

/**
 * cmasim_machine_add_late_free() - memory the kernel gives back late in
 * boot ("Freeing @what memory: NK"), in order.  "initrd" frees the
 * initrd; the others ("unused kernel image (initmem)", ...) free pages of
 * the kernel image.  Without any, the boot uses the list of the kernels
 * the oracle captures were made with.
 * @m: machine (caller's).
 * @what: the name in the line; copied.
 * @bytes: a multiple of 4096, > 0.
 *
 * Return: 0; -EINVAL NULL @m or @what, or bad @bytes; -ENOMEM host memory
 * exhausted.  @m owns the entry and its copy of @what.
 * Mirrors: free_initrd_mem(), free_initmem(), free_kernel_image_pages().
 */
CMASIM_EXPORT int cmasim_machine_add_late_free(struct cmasim_machine *m,
					       const char *what,
					       uint64_t bytes);

/**
 * cmasim_machine_add_op() - append a step to replay instead of the
 * modelled early reservations (see enum cmasim_machine_op_kind).
 * @m: machine (caller's).
 * @op: the step; borrowed for the call, @op->text copied.
 *
 * Return: 0; -EINVAL NULL @m or @op, unknown kind, a memblock step of
 * size 0, a dump region that is empty or wraps (other memblock steps may
 * run past the top: memblock caps them), or a line or stage without
 * @op->text; -ENOMEM host memory exhausted.  @m owns its copy.
 */
CMASIM_EXPORT int cmasim_machine_add_op(struct cmasim_machine *m,
					const struct cmasim_machine_op *op);

/**
 * cmasim_machine_nr_ops() - the number of recorded steps.
 * @m: machine, borrowed for the call.
 *
 * Return: the count (0 for machines built without a log, and for NULL).
 */
CMASIM_EXPORT size_t cmasim_machine_nr_ops(const struct cmasim_machine *m);

/**
 * cmasim_machine_op() - one recorded step.
 * @m: machine.
 * @idx: 0 for the first step.
 *
 * Return: the step, or NULL past the end.  The step is borrowed from @m,
 * valid until @m changes or is destroyed.
 */
CMASIM_EXPORT const struct cmasim_machine_op *
cmasim_machine_op(const struct cmasim_machine *m, size_t idx);

/**
 * cmasim_machine_nr_e820() - the number of e820 entries.
 * @m: machine, borrowed for the call.
 *
 * Return: the count (0 for a NULL @m).
 */
CMASIM_EXPORT size_t cmasim_machine_nr_e820(const struct cmasim_machine *m);

/**
 * cmasim_machine_e820() - one e820 entry.
 * @m: machine.
 * @idx: 0 for the first entry.
 * @base: if not NULL, the first byte.
 * @size: if not NULL, the size in bytes.
 * @type: if not NULL, the firmware type.
 *
 * Return: 0; -EINVAL NULL @m; -ERANGE @idx past the end (nothing
 * written).  The outputs are the caller's.
 */
CMASIM_EXPORT int cmasim_machine_e820(const struct cmasim_machine *m,
				      size_t idx, cmasim_phys_addr_t *base,
				      cmasim_phys_addr_t *size,
				      unsigned int *type);

/**
 * cmasim_machine_nr_numa_ranges() - the number of SRAT-like ranges.
 * @m: machine, borrowed for the call.
 *
 * Return: the count (0: the kernel fakes one node; also for NULL).
 */
CMASIM_EXPORT size_t cmasim_machine_nr_numa_ranges(const struct cmasim_machine *m);

/**
 * cmasim_machine_numa_range() - one NUMA range.
 * @m: machine.
 * @idx: 0 for the first range.
 * @nid: if not NULL, the node.
 * @base: if not NULL, the first byte.
 * @size: if not NULL, the size in bytes.
 *
 * Return: 0; -EINVAL NULL @m; -ERANGE @idx past the end (nothing
 * written).  The outputs are the caller's.
 */
CMASIM_EXPORT int cmasim_machine_numa_range(const struct cmasim_machine *m,
					    size_t idx, int *nid,
					    cmasim_phys_addr_t *base,
					    cmasim_phys_addr_t *size);

/**
 * cmasim_machine_get_arch() - the machine's architecture.
 * @m: machine, borrowed for the call.
 *
 * Return: the arch given to cmasim_machine_new() (x86_64 for a NULL @m),
 * or the one a log showed (an arm64 log with the page size it states,
 * 4 KiB when it does not).
 */
CMASIM_EXPORT enum cmasim_arch cmasim_machine_get_arch(const struct cmasim_machine *m);

/**
 * cmasim_machine_page_size() - the page size the machine's boot log
 * states: an arm64 kernel flavour in its "Linux version" line
 * ("...-arm64-16k"), its hash table lines (bytes >> order), or its
 * memblock=debug page-table requests.  A log that states 16 or 64 KiB
 * gives the machine that arm64 profile (cmasim_machine_get_arch()).
 * @m: machine, borrowed for the call.
 *
 * Return: 4096, 16384 or 65536; 0 for a NULL @m or when the log does
 * not say (or the machine was built by calls).
 */
CMASIM_EXPORT uint64_t cmasim_machine_page_size(const struct cmasim_machine *m);

/**
 * cmasim_machine_cmdline() - the command line recorded with the machine
 * (from a log's "Command line:" or "Kernel command line:").
 * @m: machine.
 *
 * Return: the line, or NULL when none was recorded (or @m is NULL).  The
 * text is borrowed from @m.
 */
CMASIM_EXPORT const char *cmasim_machine_cmdline(const struct cmasim_machine *m);

/**
 * cmasim_machine_kernel_version() - the kernel profile the log came from.
 * @m: machine.
 *
 * Return: "6.1" or "6.12", or NULL when unknown (or @m is NULL).  The
 * text is borrowed from @m.
 */
CMASIM_EXPORT const char *cmasim_machine_kernel_version(const struct cmasim_machine *m);

/**
 * cmasim_machine_kernel_release() - the release string of the log's
 * "Linux version" line.
 * @m: machine.
 *
 * Return: e.g. "6.1.192-cmaoracle", or NULL (also for a NULL @m).  The
 * text is borrowed from @m.
 */
CMASIM_EXPORT const char *cmasim_machine_kernel_release(const struct cmasim_machine *m);

/**
 * cmasim_machine_set_dt() - boot @m with a device tree (arm64, arm).
 * @m: the machine.  @blob/@size: a flattened device tree (copied; at most
 * 2 MiB, arm64's MAX_FDT_SIZE).
 * @assumed_mem: bytes of RAM to assume when the tree's /memory has none
 * (boot loaders fill it in); 0 means 2 GiB.
 * @diag/@data: one line per problem the kernel would meet in the tree,
 * and what was assumed (may be NULL).
 *
 * The tree's /reserved-memory is set up at boot as the kernel version
 * does, and each node with memory-region becomes a device bound to its
 * region (cmasim_for_each_rmem(), cmasim_for_each_dt_device()).  A
 * machine with memory of its own (read from a log) keeps it, its recorded
 * steps and its command line: the tree gives the reserved memory.  A
 * machine without memory takes the tree's /memory (its numa-node-id
 * ranges too), /chosen bootargs as the default command line, the initrd
 * and a blob placed where QEMU's loader puts it; a /memory of size 0
 * becomes @assumed_mem at the memory node's unit address (else at the
 * lowest static reserved region rounded down to 1 GiB, else 0).
 * Return: 0; -EINVAL NULL @m or @blob, or not a tree libfdt and the
 * kernel can read; -EFBIG larger than 2 MiB; -EOPNOTSUPP an x86 machine;
 * -ENOMEM.  On failure @m is unchanged.  @m owns the copy.
 * Mirrors: setup_machine_fdt() and early_init_dt_scan() (drivers/of/fdt.c).
 */
CMASIM_EXPORT int cmasim_machine_set_dt(struct cmasim_machine *m,
					const void *blob, size_t size,
					uint64_t assumed_mem,
					cmasim_output_fn diag, void *data);

/**
 * cmasim_machine_set_dt_file() - the same from @path: a .dtb, or a .dts
 * compiled with dtc (device-tree-compiler).
 * @m: the machine.  @path: the file.
 * @assumed_mem: as for cmasim_machine_set_dt().
 * @diag/@data: as for cmasim_machine_set_dt().
 * Return: as cmasim_machine_set_dt(); also -ENOENT no such file, -EIO it
 * cannot be read, -EFBIG larger than 8 MiB, -EOPNOTSUPP a .dts and no
 * dtc, -EINVAL dtc refused it.  @path is read during the call only; @m
 * owns the blob.
 * Mirrors: as cmasim_machine_set_dt().
 */
CMASIM_EXPORT int cmasim_machine_set_dt_file(struct cmasim_machine *m,
					     const char *path,
					     uint64_t assumed_mem,
					     cmasim_output_fn diag,
					     void *data);

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
 * @text: the log: a serial console (with or without printk timestamps,
 * firmware noise and escape sequences) or dmesg text; borrowed for the
 * call.
 * @len: bytes of @text.
 * @out: the machine; untouched on failure.
 * @report: if not NULL, filled (also on failure).
 * @diag: if not NULL, receives one line per damaged input line
 * ("line N: ..."), one per line out of order (the first three), and one
 * saying what an incomplete log lacks, each borrowed for that call.
 * @data: passed to @diag.
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
 * Return: 0; -EINVAL NULL @out, or NULL @text with a non-zero @len;
 * -ENODATA no memory map found (not a boot log); -EBADMSG lines out of
 * the order the kernel prints them in (a printk time going back before
 * the handover, a BIOS-e820 entry out of the sorted map or after it
 * ended; @diag names the first ones); -EFBIG the boot does not end
 * within CMASIM_BOOTLOG_MAX_BYTES (@diag says so); -ENOMEM host memory
 * exhausted.  The caller owns *@out and frees it with
 * cmasim_machine_destroy().
 */
CMASIM_EXPORT int cmasim_machine_from_log(const char *text, size_t len,
					  struct cmasim_machine **out,
					  struct cmasim_bootlog_report *report,
					  cmasim_output_fn diag, void *data);

/**
 * cmasim_machine_from_log_file() - cmasim_machine_from_log() on a file,
 * a pipe or a device, parsed as it is read.
 * @path: the file; borrowed for the call.
 * @out: the machine; untouched on failure.
 * @report: as for cmasim_machine_from_log().
 * @diag: as for cmasim_machine_from_log().
 * @data: passed to @diag.
 *
 * Return: as cmasim_machine_from_log() (-EINVAL also for a NULL @path);
 * also the negative errno of open(2) or read(2) when @path cannot be
 * read (-ENOENT no such file, -EACCES, -EISDIR, ...).  The caller owns
 * *@out and frees it with cmasim_machine_destroy().
 */
CMASIM_EXPORT int cmasim_machine_from_log_file(const char *path,
					       struct cmasim_machine **out,
					       struct cmasim_bootlog_report *report,
					       cmasim_output_fn diag,
					       void *data);

/* ---- The kernel command line ---- */

/**
 * cmasim_memparse() - the kernel's memparse(): a number in base 0 (0x hex
 * when a hex digit follows, leading 0 octal, else decimal) then at most
 * one suffix K, M, G, T, P or E (either case).
 * @s: text, borrowed for the call.
 * @val: the value; on 64-bit overflow the kernel's wrapped value.
 * @consumed: if not NULL, bytes read (0 when @s starts with no digit and
 * no suffix; a lone suffix counts as read).
 *
 * Return: 0; -EINVAL @s or @val is NULL.  The outputs are the caller's.
 * Mirrors: memparse() in lib/cmdline.c over simple_strtoull().
 */
CMASIM_EXPORT int cmasim_memparse(const char *s, uint64_t *val,
				  size_t *consumed);

/**
 * cmasim_cmdline_set() - parse @cmdline as the kernel's
 * parse_early_param() would and keep the result on @sim, replacing an
 * earlier one.
 * @sim: instance in its early-boot phase.
 * @cmdline: the whole line, copied; longer than the arch's
 * COMMAND_LINE_SIZE - 1 it is cut as the kernel cuts it.
 *
 * The early parameters that shape memory are read as the selected kernel
 * version reads them: cma=, numa_cma=, cma_pernuma=, coherent_pool=,
 * mem=, memblock=, kernelcore=, movablecore=.  Kernel lines (e.g. "cma:
 * Config string not provided", "Malformed early option 'cma'") go to
 * dmesg; input the kernel silently ignores or misreads is explained on
 * the diagnostics channel.  memblock=debug and the DMA layer's parameters
 * take effect at once, as their handlers write the kernel's variables
 * while parsing; the rest is applied by cmasim_boot(), which calls this
 * itself with its @cmdline.
 * Return: 0; -EINVAL @cmdline is NULL; -EPERM not in the early-boot
 * phase; -ENOMEM host memory exhausted.  On error the earlier result
 * stays.  @sim keeps its own copy of what it needs.
 * Mirrors: parse_early_param() (init/main.c) and the early_param
 * handlers.
 */
CMASIM_EXPORT int cmasim_cmdline_set(struct cmasim *sim, const char *cmdline);

/**
 * cmasim_cmdline_get_cma() - what cma= left in size_cmdline, base_cmdline
 * and limit_cmdline.
 * @sim: instance.
 * @size: if not NULL, bytes (0 disables CMA).
 * @base: if not NULL, the base address (0: anywhere).
 * @limit: if not NULL, the limit address (0: none).
 *
 * Return: 0; -EINVAL NULL @sim; -ENOENT no cma= was applied (or no
 * command line set).  The outputs are the caller's.
 * Mirrors: early_cma() in kernel/dma/contiguous.c.
 */
CMASIM_EXPORT int cmasim_cmdline_get_cma(const struct cmasim *sim,
					 uint64_t *size, uint64_t *base,
					 uint64_t *limit);

/**
 * cmasim_cmdline_get_numa_cma() - numa_cma_size[@nid].
 * @sim: instance.
 * @nid: node id.
 * @size: if not NULL, bytes (0 = no area on that node).
 *
 * Return: 0; -EINVAL NULL @sim or @nid >= MAX_NUMNODES; -ENOENT
 * numa_cma= was not given or is not a parameter of this kernel.  @size
 * is the caller's.
 * Mirrors: early_numa_cma() in kernel/dma/contiguous.c (6.6+).
 */
CMASIM_EXPORT int cmasim_cmdline_get_numa_cma(const struct cmasim *sim,
					      unsigned int nid,
					      uint64_t *size);

/**
 * cmasim_cmdline_get_pernuma() - pernuma_size_bytes from cma_pernuma=.
 * @sim: instance.
 * @size: if not NULL, bytes.
 *
 * Return: 0; -EINVAL NULL @sim; -ENOENT not given or not a parameter of
 * this configuration.
 * @size is the caller's.
 * Mirrors: early_cma_pernuma() in kernel/dma/contiguous.c.
 */
CMASIM_EXPORT int cmasim_cmdline_get_pernuma(const struct cmasim *sim,
					     uint64_t *size);

/**
 * cmasim_cmdline_get_mem() - the memory limit from mem=: on x86 the
 * smallest accepted mem= (each one removes RAM above it), on arm64 the
 * last one rounded down to a page.
 * @sim: instance.
 * @limit: if not NULL, bytes.
 *
 * Return: 0; -EINVAL NULL @sim; -ENOENT no mem= was accepted;
 * -EOPNOTSUPP 32-bit arm, where mem= adds banks (see
 * cmasim_cmdline_get_mem_bank()).  @limit is the caller's.
 * Mirrors: parse_memopt() (arch/x86/kernel/e820.c), early_mem()
 * (arch/arm64/mm/init.c).
 */
CMASIM_EXPORT int cmasim_cmdline_get_mem(const struct cmasim *sim,
					 uint64_t *limit);

/**
 * cmasim_cmdline_get_mem_bank() - 32-bit arm: the bank added by the
 * (@idx+1)-th mem=size[@start].
 * @sim: instance.
 * @idx: 0 for the first bank.
 * @start: if not NULL, the first byte.
 * @size: if not NULL, bytes.
 * @start_given: if not NULL, false when the bank starts at PHYS_OFFSET.
 *
 * Return: 0; -EINVAL NULL @sim; -ENOENT no such bank.  The outputs are
 * the caller's.
 * Mirrors: early_mem() in arch/arm/kernel/setup.c.
 */
CMASIM_EXPORT int cmasim_cmdline_get_mem_bank(const struct cmasim *sim,
					      unsigned int idx,
					      uint64_t *start, uint64_t *size,
					      bool *start_given);

/**
 * cmasim_cmdline_memblock_debug() - whether memblock=debug was seen (any
 * value containing "debug" counts, as in the kernel).
 * @sim: instance, borrowed for the call.
 *
 * Return: true or false (false for a NULL @sim).
 * Mirrors: early_memblock() in mm/memblock.c.
 */
CMASIM_EXPORT bool cmasim_cmdline_memblock_debug(const struct cmasim *sim);

/**
 * cmasim_cmdline_get_kernelcore() - kernelcore=.
 * @sim: instance.
 * @bytes: if not NULL, the last byte value given.
 * @percent: if not NULL, the percentage (0 = none).
 * @mirror: if not NULL, whether kernelcore=mirror was given.
 *
 * Return: 0; -EINVAL NULL @sim; -ENOENT not given.  The outputs are the
 * caller's.
 * Mirrors: cmdline_parse_kernelcore() (mm/mm_init.c, 6.1
 * mm/page_alloc.c).
 */
CMASIM_EXPORT int cmasim_cmdline_get_kernelcore(const struct cmasim *sim,
						uint64_t *bytes,
						unsigned int *percent,
						bool *mirror);

/**
 * cmasim_cmdline_get_movablecore() - movablecore=, as for kernelcore=.
 * @sim: instance.
 * @bytes: if not NULL, the last byte value given.
 * @percent: if not NULL, the percentage (0 = none).
 *
 * Return: 0; -EINVAL NULL @sim; -ENOENT not given.  The outputs are the
 * caller's.
 * Mirrors: cmdline_parse_movablecore().
 */
CMASIM_EXPORT int cmasim_cmdline_get_movablecore(const struct cmasim *sim,
						 uint64_t *bytes,
						 unsigned int *percent);

/**
 * cmasim_cmdline_oops() - whether the line makes the kernel crash while
 * parsing it (a handler dereferences the NULL value of a bare
 * "numa_cma", "cma_pernuma", "kernelcore" or, on arm, "mem").
 * @sim: instance.
 * @param: if not NULL and the line oopses, the parameter's name, borrowed
 * from @sim until the next cmasim_cmdline_set().
 *
 * Return: true (parsing stopped at that parameter) or false (also for a
 * NULL @sim).
 */
CMASIM_EXPORT bool cmasim_cmdline_oops(const struct cmasim *sim,
				       const char **param);

/* ---- Booting ---- */

/**
 * cmasim_boot() - boot @sim on machine @m with @cmdline.
 * @sim: an instance in its early-boot phase.
 * @m: the machine, borrowed for the call (@sim keeps nothing of it).
 * @cmdline: the kernel command line, borrowed for the call; NULL means
 * the machine's recorded one, or an empty line.
 *
 * Runs, in the arch's order: the command line (cmasim_cmdline_set()),
 * the memory map into memblock, the early reservations (or the recorded
 * steps of a log), NUMA setup, the arch's dma_contiguous_reserve() call,
 * zone and buddy setup, the memblock handover, CMA activation and the DMA
 * atomic pools, the late frees, then leaves @sim running.  Every kernel
 * line goes to dmesg; explanations to the diagnostics channel.
 *
 * Return: 0; -EINVAL NULL @sim or @m, a machine of another arch than the
 * instance's, no usable memory, NUMA ranges that overlap across nodes,
 * or a zone too large to model; -EPERM @sim already booted; -ENOMEM a
 * boot allocation found no simulated memory, or host memory is
 * exhausted.  After a failure the instance is unusable: destroy it.
 * Mirrors: setup_arch() (arch/x86/kernel/setup.c,
 * arch/arm64/kernel/setup.c) and start_kernel() (init/main.c) as far as
 * memory is concerned.
 */
CMASIM_EXPORT int cmasim_boot(struct cmasim *sim,
			      const struct cmasim_machine *m,
			      const char *cmdline);

/**
 * enum cmasim_boot_stage - where cmasim_boot_until() stops (docs/boot.md).
 * @CMASIM_BOOT_MEMBLOCK: memblock and the CMA reservation are done: on
 * x86 just after dma_contiguous_reserve(), before the zones; arm64 sizes
 * its zones before it, so there the zones exist too.
 * @CMASIM_BOOT_ZONES: setup_arch() is over: nodes and zones exist
 * (free_area_init), the buddy allocator does not run yet.
 * @CMASIM_BOOT_FULL: the whole boot, as cmasim_boot().
 */
enum cmasim_boot_stage {
	CMASIM_BOOT_MEMBLOCK = 0,
	CMASIM_BOOT_ZONES,
	CMASIM_BOOT_FULL,
};

/**
 * cmasim_boot_until() - boot @sim on machine @m, stopping after @stage.
 * @sim: an instance in its early-boot phase.  @m: borrowed for the call.
 * @cmdline: as cmasim_boot().  @stage: the last stage to run.
 *
 * A placement sweep that only asks where CMA lands pays for memblock
 * alone.  The boot stops for good: a stopped instance answers the
 * getters of what it has built (memblock, the declared CMA areas, the
 * zones, dmesg so far) and refuses the runtime calls (-EPERM).
 *
 * Return: 0; -EINVAL @stage unknown, or as cmasim_boot(); -EPERM @sim
 * already booted; -ENOMEM; or the error of the phase that failed.
 * Mirrors: cmasim_boot() cut short.
 */
CMASIM_EXPORT int cmasim_boot_until(struct cmasim *sim,
				    const struct cmasim_machine *m,
				    const char *cmdline,
				    enum cmasim_boot_stage stage);

/**
 * cmasim_dma_contiguous_limit() - the limit the arch passed to
 * dma_contiguous_reserve() in the boot of @sim.
 * @sim: instance, borrowed for the call.
 *
 * Return: x86: max_pfn_mapped << PAGE_SHIFT; arm64: arm64_dma_phys_limit;
 * 0 before boot or for a NULL @sim.
 * Mirrors: the argument of dma_contiguous_reserve() in setup_arch() /
 * bootmem_init().
 */
CMASIM_EXPORT cmasim_phys_addr_t cmasim_dma_contiguous_limit(const struct cmasim *sim);

/* ---- Reserved memory from a device tree, after the boot ---- */


/** What a /reserved-memory region became. */
enum cmasim_rmem_kind {
	/** No setup function matched: the memory stays reserved. */
	CMASIM_RMEM_RESERVED = 0,
	/** The same, and no-map: not even in the linear map. */
	CMASIM_RMEM_NOMAP,
	/** rmem_cma_setup(): a CMA area named after the node. */
	CMASIM_RMEM_CMA,
	/** rmem_dma_setup(): a coherent pool for the devices naming it. */
	CMASIM_RMEM_COHERENT,
	/** rmem_swiotlb_setup(): a restricted DMA (bounce) pool. */
	CMASIM_RMEM_RESTRICTED,
	/**
	 * A setup function refused it ("compatible matching fail"): the
	 * memory was given back to the kernel.
	 */
	CMASIM_RMEM_FAILED,
};

/** One region of the kernel's reserved_mem[] table (read access). */
struct cmasim_rmem_info {
	const char *name;	/**< the node's name, "linux,cma" (borrowed) */
	const char *path;	/**< the node's path (borrowed) */
	cmasim_phys_addr_t base;
	/** Bytes; 0 for a 6.1 dynamic region that could not be placed. */
	uint64_t size;
	enum cmasim_rmem_kind kind;
	bool no_map;
	bool reusable;
	/** A static region whose reservation memblock refused. */
	bool reserve_failed;
	/** 0, or the error of the last setup function tried. */
	int init_err;
	/** CMASIM_RMEM_CMA: the area (borrowed), else NULL. */
	const struct cmasim_cma *cma;
	/**
	 * CMASIM_RMEM_COHERENT: the pool's pages and the pages handed out,
	 * both 0 until a device attached (the pool is made then).
	 */
	uint64_t pool_pages;
	uint64_t pool_used_pages;
	/** Devices bound to the region. */
	unsigned int nr_devices;
};

/** Called once per region; a non-zero return stops the walk. */
typedef int (*cmasim_rmem_fn)(const struct cmasim_rmem_info *info,
			      void *data);

/**
 * cmasim_for_each_rmem() - walk the reserved-memory table in the
 * kernel's order (6.1 and 6.12 both leave it sorted by base and size).
 * @sim: a booted instance.  @fn: called with each region; @info and its
 * strings are valid during the call only.  @data: passed to @fn.
 *
 * Return: 0 after the last region (none without a device tree); the
 * first non-zero value @fn returned; -EINVAL NULL @sim or @fn.  @fn may
 * call the getters of @sim (read-only calls).
 * Mirrors: the reserved_mem[] table of drivers/of/of_reserved_mem.c.
 */
CMASIM_EXPORT int cmasim_for_each_rmem(const struct cmasim *sim,
				       cmasim_rmem_fn fn, void *data);

/** A device made from a node with a memory-region property. */
struct cmasim_dt_device_info {
	/** Its name, as cmasim_device_find() knows it (borrowed). */
	const char *name;
	const char *node;	/**< the node's path (borrowed) */
	struct cmasim_device *dev;	/**< borrowed, valid until destroy */
	/** The region memory-region's first entry names, or NULL. */
	const char *region;
	/**
	 * of_reserved_mem_device_init()'s result: 0 bound (or the region is
	 * disabled); -ENODEV no region named; -EINVAL the region is not in
	 * the table or has nothing to bind (a plain or no-map reservation,
	 * a failed one); or the region's device_init error.
	 */
	int err;
	bool dma_coherent;	/**< of_dma_is_coherent() */
};

/** Called once per device; a non-zero return stops the walk. */
typedef int (*cmasim_dt_device_fn)(const struct cmasim_dt_device_info *info,
				   void *data);

/**
 * cmasim_for_each_dt_device() - walk the devices the boot made from the
 * device tree, in tree order.  Each was probed once, as a driver calling
 * of_reserved_mem_device_init() would: a CMA region became its
 * dev->cma_area, a coherent region its dev->dma_mem.
 * @sim: a booted instance.  @fn, @data: as cmasim_for_each_rmem().
 *
 * Return: 0 after the last device; the first non-zero value @fn
 * returned; -EINVAL NULL @sim or @fn.
 * Mirrors: of_reserved_mem_device_init_by_idx(dev, np, 0) at probe.
 */
CMASIM_EXPORT int cmasim_for_each_dt_device(const struct cmasim *sim,
					    cmasim_dt_device_fn fn,
					    void *data);

#ifdef __cplusplus
}
#endif
#endif /* CMASIM_MACHINE_H */
