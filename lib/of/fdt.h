/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A flattened device tree, read into plain structs: what drivers/of/fdt.c
 * and drivers/of/of_reserved_mem.c (6.1 and 6.12) read from the blob
 * before and while the kernel boots.  Values are decoded as the kernel
 * decodes them (dt_mem_next_cell(): the low 64 bits of the cells), and
 * every property the kernel would refuse, truncate or misread is listed
 * as a problem, naming the node and the property, so that the boot can
 * print the kernel's own line for it.  No libfdt type appears here: the
 * reader (fdt.c) is the only file that sees the blob.
 */
#ifndef CMS_OF_FDT_H
#define CMS_OF_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmasim/types.h>

/*
 * Largest blob: arm64's MAX_FDT_SIZE (SZ_2M, arch/arm64/include/asm/
 * boot.h), past which setup_machine_fdt() finds no tree.  A blob read
 * from memory, from a .dtb file or from dtc's output obeys it.
 */
#define CMS_FDT_MAX_BLOB	(UINT64_C(2) << 20)
/* Largest file read at all (a .dts source may carry comments). */
#define CMS_FDT_MAX_FILE	(UINT64_C(8) << 20)
/* #address-cells / #size-cells above this are refused (FDT_MAX_NCELLS). */
#define CMS_FDT_MAX_NCELLS	4u

/* One address/size pair, decoded with the cells of the node's parent. */
struct cms_fdt_range {
	uint64_t base;
	uint64_t size;
};

/*
 * A property of address/size pairs (reg, linux,usable-memory,
 * alloc-ranges).  @len is its length in bytes, -1 when absent, so that
 * the boot can make the kernel's own length tests ("len % t_len");
 * @nr whole pairs are decoded, in order.
 */
struct cms_fdt_ranges {
	int len;
	unsigned int nr;
	struct cms_fdt_range *range;
};

/* A /memory node: early_init_dt_scan_memory(). */
struct cms_fdt_memory {
	char *path;
	int offset;		/* node offset in the blob */
	bool available;		/* status absent, "okay" or "ok" */
	bool hotpluggable;
	/* numa-node-id (of_numa_parse_memory_nodes()), -1 when absent */
	int nid;
	/* the ranges come from linux,usable-memory rather than reg */
	bool usable_memory;
	struct cms_fdt_ranges reg;
};

/*
 * A child of /reserved-memory, in tree order: what
 * __reserved_mem_reserve_reg(), __reserved_mem_alloc_size() and the
 * RESERVEDMEM_OF_DECLARE setup functions read.
 */
struct cms_fdt_rmem {
	char *name;		/* fdt_get_name(): "linux,cma", "cma@60000000" */
	char *unit_address;	/* the part after '@', or NULL */
	char *path;
	/* node offset: 6.12's __rmem_cmp() breaks ties on it */
	int offset;
	bool available;
	struct cms_fdt_ranges reg;
	int size_len;		/* bytes of "size"; -1 when absent */
	uint64_t size;		/* decoded when size_len is #size-cells * 4 */
	int alignment_len;	/* bytes of "alignment"; -1 when absent */
	uint64_t alignment;	/* decoded with #address-cells, as the kernel */
	struct cms_fdt_ranges alloc_ranges;
	bool no_map;
	bool reusable;
	bool cma_default;	/* linux,cma-default */
	bool dma_default;	/* linux,dma-default */
	char **compatible;	/* NULL-terminated; NULL when absent */
	/* the node's phandle as unflatten_device_tree() sets it; 0: none */
	uint32_t phandle;
	/* 6.1 fdt_init_reserved_mem(): of_read_number() of the property */
	uint32_t rmem_phandle;
};

/* A node with a memory-region property (of_reserved_mem_device_init). */
struct cms_fdt_region_user {
	char *path;
	bool available;
	unsigned int nr;	/* phandles named, in order */
	uint32_t *phandle;
	/* per phandle: the /reserved-memory child's index, or -1 */
	int *rmem;
	/* per phandle: the path of the node it names, or NULL */
	char **target;
	char **names;		/* memory-region-names; NULL when absent */
	/*
	 * of_dma_is_coherent(): "dma-coherent" on the node or an ancestor
	 * before any "dma-noncoherent"
	 */
	bool dma_coherent;
	/* of_node_to_nid(): numa-node-id of the node or an ancestor, or -1 */
	int nid;
};

/* Something the kernel would refuse, truncate or misread. */
struct cms_fdt_problem {
	char *path;		/* the node */
	char *property;		/* the property, or NULL for the node */
	int err;		/* -EINVAL malformed; -EOVERFLOW truncated */
	char *what;
};

struct cms_fdt {
	uint32_t totalsize;	/* fdt_totalsize(): what the blob reserves */
	uint32_t addr_cells;	/* dt_root_addr_cells */
	uint32_t size_cells;	/* dt_root_size_cells */
	char *model;		/* of_flat_dt_get_machine_name(), or NULL */

	unsigned int nr_memreserve;	/* /memreserve/ up to a zero size */
	struct cms_fdt_range *memreserve;

	char *bootargs;		/* /chosen bootargs, or NULL */
	bool has_initrd;	/* linux,initrd-start <= linux,initrd-end */
	uint64_t initrd_start;
	uint64_t initrd_end;

	unsigned int nr_memory;
	struct cms_fdt_memory *memory;

	bool has_reserved_memory;	/* fdt_path_offset("/reserved-memory") */
	/* __reserved_mem_check_root(): both cells match the root's, ranges */
	bool rmem_format_ok;
	unsigned int nr_rmem;
	struct cms_fdt_rmem *rmem;

	unsigned int nr_users;
	struct cms_fdt_region_user *users;

	unsigned int nr_problems;
	struct cms_fdt_problem *problems;
};

/*
 * Read a blob of @size bytes (copied; at most CMS_FDT_MAX_BLOB), called
 * @name in the messages (NULL: "blob").
 * @diag/@data receive one line per refusal or problem (may be NULL).
 * Return: 0 and *@out (free with cms_fdt_free()); -EFBIG too large;
 * -EINVAL not a valid flattened device tree, or root cells the kernel
 * cannot read (see fdt.c); -ENOMEM.
 */
int cms_fdt_read_blob(const void *blob, size_t size, const char *name,
		      struct cms_fdt **out, cmasim_output_fn diag, void *data);

/*
 * The blob of @path: a .dtb as it is, a .dts compiled by dtc.  *@blob is
 * the caller's (g_free()).  Return: 0; as cms_fdt_read_file() otherwise.
 */
int cms_fdt_load_file(const char *path, void **blob, size_t *size,
		      cmasim_output_fn diag, void *data);

/*
 * Read @path: a .dtb, or a .dts compiled by dtc (device-tree-compiler).
 * Return: as cms_fdt_read_blob(); also -ENOENT no such file; -EIO it
 * cannot be read; -EFBIG larger than CMS_FDT_MAX_FILE; -EOPNOTSUPP a
 * .dts and no dtc installed; -EINVAL dtc refused the source.
 */
int cms_fdt_read_file(const char *path, struct cms_fdt **out,
		      cmasim_output_fn diag, void *data);

void cms_fdt_free(struct cms_fdt *fdt);

/*
 * The device tree qemu's arm64 "virt" machine hands its kernel, as far
 * as the kernel's memory setup reads it: the root (#address-cells and
 * #size-cells 2, "linux,dummy-virt"), /chosen, one /memory node per
 * range of @mem (with numa-node-id @nid[i] when @nid is not NULL), and
 * @nr_cpus cpus (numa-node-id of cpu i: @cpu_nid[i] when not NULL).
 * The blob's totalsize is @total_size, qemu's own tree's size (which the
 * boot reserves), or the tree's own size when that is larger or 0.
 * Return: 0 and *@blob (g_free()), *@size; -EINVAL no memory range;
 * -ENOMEM.
 */
int cms_fdt_build_virt(const struct cms_fdt_range *mem, const int *nid,
		       unsigned int nr_mem, const int *cpu_nid,
		       unsigned int nr_cpus, size_t total_size, void **blob,
		       size_t *size);

/* of_fdt_is_compatible(): the kernel compares with strcasecmp(). */
bool cms_fdt_rmem_is_compatible(const struct cms_fdt_rmem *r,
				const char *compat);

#endif /* CMS_OF_FDT_H */
