// SPDX-License-Identifier: GPL-2.0-only
/*
 * Machine descriptions: what the firmware tells the kernel (the e820 map,
 * ACPI SRAT node ranges, where the boot loader put the initrd and the
 * ACPI tables) and, for machines read from a log, the recorded early-boot
 * steps.  cmasim_machine_qemu_pc() builds what qemu 7.2's "pc" machine
 * with SeaBIOS 1.16 reports (hw/i386/pc_piix.c, pc.c, acpi-build.c
 * build_srat()), cmasim_machine_qemu_virt() its arm64 "virt" machine and
 * boot loader (hw/arm/virt.c, boot.c); the kernel side is boot/setup*.c.
 * A device tree given to an arm64 machine (cmasim_machine_set_dt()) is
 * booted with it; a machine that has no memory of its own takes the
 * tree's /memory, /chosen bootargs and initrd, and the blob's place.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "core/instance.h"
#include "core/log.h"
#include "of/fdt.h"
#include "boot/setup.h"

bool cms_e820_is_ram(unsigned int type)
{
	return type == CMASIM_E820_RAM || type == CMASIM_E820_RESERVED_KERN;
}

struct cmasim_machine *cmasim_machine_new(enum cmasim_arch arch)
{
	struct cmasim_machine *m;

	if ((unsigned int)arch >= CMASIM_ARCH_COUNT)
		return NULL;
	m = g_try_new0(struct cmasim_machine, 1);
	if (m)
		m->arch = arch;
	return m;
}

void cmasim_machine_destroy(struct cmasim_machine *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nr_resv; i++)
		g_free(m->resv[i].caller);
	if (m->op_texts)
		g_string_chunk_free(m->op_texts);
	for (size_t i = 0; i < m->nr_late; i++)
		g_free(m->late[i].what);
	g_free(m->late);
	g_free(m->e820);
	g_free(m->numa);
	g_free(m->resv);
	g_free(m->ops);
	g_free(m->cmdline);
	g_free(m->kernel_version);
	g_free(m->kernel_release);
	g_free(m->dtb);
	g_free(m);
}

static bool range_ok(uint64_t base, uint64_t size)
{
	return size && base + size - 1 >= base;
}

int cmasim_machine_add_e820(struct cmasim_machine *m, cmasim_phys_addr_t base,
			    cmasim_phys_addr_t size, unsigned int type)
{
	struct cms_e820_entry *e;

	if (!m || !range_ok(base, size))
		return -EINVAL;
	e = cms_boot_grow((void **)&m->e820, &m->nr_e820, &m->e820_cap,
			  sizeof(*e));
	if (!e)
		return -ENOMEM;
	*e = (struct cms_e820_entry){ .addr = base, .size = size, .type = type };
	return 0;
}

int cmasim_machine_add_numa_range(struct cmasim_machine *m, int nid,
				  cmasim_phys_addr_t base,
				  cmasim_phys_addr_t size)
{
	struct cms_numa_range *r;

	if (!m || nid < 0 || nid >= 1024 || !range_ok(base, size))
		return -EINVAL;
	r = cms_boot_grow((void **)&m->numa, &m->nr_numa, &m->numa_cap,
			  sizeof(*r));
	if (!r)
		return -ENOMEM;
	*r = (struct cms_numa_range){ .nid = nid, .base = base, .size = size };
	return 0;
}

int cmasim_machine_add_reservation(struct cmasim_machine *m,
				   cmasim_phys_addr_t base,
				   cmasim_phys_addr_t size, const char *caller,
				   bool logged)
{
	struct cms_resv *r;
	char *name;

	if (!m || !caller || !range_ok(base, size))
		return -EINVAL;
	name = g_strdup(caller);
	r = cms_boot_grow((void **)&m->resv, &m->nr_resv, &m->resv_cap,
			  sizeof(*r));
	if (!r) {
		g_free(name);
		return -ENOMEM;
	}
	*r = (struct cms_resv){ .base = base, .size = size, .caller = name,
				.logged = logged };
	return 0;
}

int cmasim_machine_set_initrd(struct cmasim_machine *m, cmasim_phys_addr_t base,
			      cmasim_phys_addr_t size)
{
	if (!m || !range_ok(base, size))
		return -EINVAL;
	m->initrd_base = base;
	m->initrd_size = size;
	return 0;
}

int cmasim_machine_set_dma_zone_limit(struct cmasim_machine *m,
				      cmasim_phys_addr_t limit)
{
	if (!m || !limit)
		return -EINVAL;
	m->dma_zone_limit = limit;
	return 0;
}

int cmasim_machine_set_cpu_gbpages(struct cmasim_machine *m, bool gbpages)
{
	if (!m)
		return -EINVAL;
	m->gbpages = gbpages;
	return 0;
}

/* The largest kernel image (all sections) a machine may declare. */
#define CMS_KERNEL_IMAGE_MAX	CMS_SZ_1G

int cmasim_machine_set_kernel_image(struct cmasim_machine *m, uint64_t code,
				    uint64_t rwdata, uint64_t rodata,
				    uint64_t init, uint64_t bss)
{
	const uint64_t v[] = { code, rwdata, rodata, init, bss };
	uint64_t total = 0;

	if (!m)
		return -EINVAL;
	/*
	 * x86-64 links its image inside KERNEL_IMAGE_SIZE (1 GiB with
	 * KASLR), the most any profile allows; each term is checked first,
	 * so the sum cannot wrap.
	 */
	for (size_t i = 0; i < CMS_ARRAY_SIZE(v); i++) {
		if (v[i] > CMS_KERNEL_IMAGE_MAX)
			return -EINVAL;
		total += v[i];
	}
	if (total > CMS_KERNEL_IMAGE_MAX)
		return -EINVAL;
	m->image[0] = code;
	m->image[1] = rwdata;
	m->image[2] = rodata;
	m->image[3] = init;
	m->image[4] = bss;
	m->has_image = true;
	return 0;
}

int cmasim_machine_add_late_free(struct cmasim_machine *m, const char *what,
				 uint64_t bytes)
{
	struct cms_late_free *l;
	char *name;

	/* the smallest page size of any profile */
	if (!m || !what || !bytes || bytes % 4096)
		return -EINVAL;
	name = g_strdup(what);
	l = cms_boot_grow((void **)&m->late, &m->nr_late, &m->late_cap,
			  sizeof(*l));
	if (!l) {
		g_free(name);
		return -ENOMEM;
	}
	*l = (struct cms_late_free){ .what = name, .bytes = bytes };
	return 0;
}

int cmasim_machine_add_op(struct cmasim_machine *m,
			  const struct cmasim_machine_op *op)
{
	struct cmasim_machine_op *n;

	if (!m || !op || (unsigned int)op->kind > CMASIM_OP_STAGE)
		return -EINVAL;
	/*
	 * memblock steps may run past the top of the address space
	 * (memblock_remove(base, ULLONG_MAX)): memblock caps them.
	 */
	if (op->kind == CMASIM_OP_LOG_LINE || op->kind == CMASIM_OP_STAGE ?
	    !op->text :
	    op->kind == CMASIM_OP_MEMBLOCK_STATE ? !range_ok(op->base, op->size) :
	    !op->size)
		return -EINVAL;
	n = cms_boot_grow((void **)&m->ops, &m->nr_ops, &m->ops_cap,
			  sizeof(*n));
	if (!n)
		return -ENOMEM;
	/* a log gives thousands of steps: their texts share blocks */
	if (!m->op_texts)
		m->op_texts = g_string_chunk_new(16384);
	*n = *op;
	n->text = g_string_chunk_insert(m->op_texts, op->text ? op->text : "");
	return 0;
}

size_t cmasim_machine_nr_ops(const struct cmasim_machine *m)
{
	return m ? m->nr_ops : 0;
}

const struct cmasim_machine_op *cmasim_machine_op(const struct cmasim_machine *m,
						  size_t idx)
{
	return m && idx < m->nr_ops ? &m->ops[idx] : NULL;
}

size_t cmasim_machine_nr_e820(const struct cmasim_machine *m)
{
	return m ? m->nr_e820 : 0;
}

int cmasim_machine_e820(const struct cmasim_machine *m, size_t idx,
			cmasim_phys_addr_t *base, cmasim_phys_addr_t *size,
			unsigned int *type)
{
	if (!m)
		return -EINVAL;
	if (idx >= m->nr_e820)
		return -ERANGE;
	if (base)
		*base = m->e820[idx].addr;
	if (size)
		*size = m->e820[idx].size;
	if (type)
		*type = m->e820[idx].type;
	return 0;
}

size_t cmasim_machine_nr_numa_ranges(const struct cmasim_machine *m)
{
	return m ? m->nr_numa : 0;
}

int cmasim_machine_numa_range(const struct cmasim_machine *m, size_t idx,
			      int *nid, cmasim_phys_addr_t *base,
			      cmasim_phys_addr_t *size)
{
	if (!m)
		return -EINVAL;
	if (idx >= m->nr_numa)
		return -ERANGE;
	if (nid)
		*nid = m->numa[idx].nid;
	if (base)
		*base = m->numa[idx].base;
	if (size)
		*size = m->numa[idx].size;
	return 0;
}

enum cmasim_arch cmasim_machine_get_arch(const struct cmasim_machine *m)
{
	return m ? m->arch : CMASIM_ARCH_X86_64;
}

uint64_t cmasim_machine_page_size(const struct cmasim_machine *m)
{
	return m ? m->log_page_size : 0;
}

const char *cmasim_machine_cmdline(const struct cmasim_machine *m)
{
	return m ? m->cmdline : NULL;
}

const char *cmasim_machine_kernel_version(const struct cmasim_machine *m)
{
	return m ? m->kernel_version : NULL;
}

const char *cmasim_machine_kernel_release(const struct cmasim_machine *m)
{
	return m ? m->kernel_release : NULL;
}

/*
 * qemu 7.2 "pc" (hw/i386/pc_piix.c, pc.c) with SeaBIOS 1.16: RAM below
 * 4 GiB is all of it, or 3 GiB once the total reaches 3.5 GiB (the rest
 * goes above 4 GiB); SeaBIOS keeps the top 128 KiB below 4 GiB for its
 * ACPI tables; the boot loader puts the initrd just below them.
 */
#define QEMU_ACPI_AREA		(128 * CMS_SZ_1K)
#define QEMU_INITRD_SIZE	(1008 * CMS_SZ_1K)

struct qemu_acpi_table {
	const char *name;
	uint64_t size;		/* one node; SRAT: none */
};

/*
 * SeaBIOS's tables for the pc, one after the other from the start of the
 * ACPI area (the captures' addresses), and the order of the kernel's
 * "ACPI: Reserving" lines (the RSDT's, FACP's DSDT and FACS after it).
 */
enum { ACPI_FACS, ACPI_DSDT, ACPI_FACP, ACPI_APIC, ACPI_HPET, ACPI_SRAT,
       ACPI_WAET, ACPI_NR };
static const struct qemu_acpi_table qemu_acpi_tables[ACPI_NR] = {
	[ACPI_FACS] = { "FACS", 0x40 },
	[ACPI_DSDT] = { "DSDT", 0x194c },
	[ACPI_FACP] = { "FACP", 0x74 },
	[ACPI_APIC] = { "APIC", 0x78 },
	[ACPI_HPET] = { "HPET", 0x38 },
	[ACPI_SRAT] = { "SRAT", 0 },
	[ACPI_WAET] = { "WAET", 0x28 },
};
static const unsigned int qemu_acpi_reserve_order[ACPI_NR] = {
	ACPI_FACP, ACPI_DSDT, ACPI_FACS, ACPI_APIC, ACPI_HPET, ACPI_SRAT,
	ACPI_WAET,
};

/*
 * With NUMA (two-node captures s29, s43, s48, s55): the DSDT grows by
 * the one CPU's proximity (6 bytes), and an SRAT follows the HPET: its
 * 48-byte header, one 16-byte entry per CPU and a 40-byte one per memory
 * range, at least nodes + 2 of them (build_srat pads with empty ones).
 */
static uint64_t qemu_acpi_size(unsigned int t, unsigned int nodes,
			       size_t nr_numa)
{
	if (nodes < 2)
		return qemu_acpi_tables[t].size;
	if (t == ACPI_DSDT)
		return qemu_acpi_tables[t].size + 6;
	if (t == ACPI_SRAT)
		return 48 + 16 + 40 * (nr_numa > nodes + 2 ? nr_numa :
						   nodes + 2);
	return qemu_acpi_tables[t].size;
}

static int qemu_pc_build(struct cmasim_machine *m, uint64_t mem,
			 unsigned int nodes)
{
	uint64_t below = mem >= UINT64_C(0xe0000000) ? UINT64_C(0xc0000000) : mem;
	uint64_t above = mem - below;
	uint64_t acpi = below - QEMU_ACPI_AREA;
	int ret = 0;

	ret |= cmasim_machine_add_e820(m, 0, 0x9fc00, CMASIM_E820_RAM);
	ret |= cmasim_machine_add_e820(m, 0x9fc00, 0x400, CMASIM_E820_RESERVED);
	ret |= cmasim_machine_add_e820(m, 0xf0000, 0x10000, CMASIM_E820_RESERVED);
	ret |= cmasim_machine_add_e820(m, CMS_SZ_1M, acpi - CMS_SZ_1M,
				       CMASIM_E820_RAM);
	ret |= cmasim_machine_add_e820(m, acpi, QEMU_ACPI_AREA,
				       CMASIM_E820_RESERVED);
	ret |= cmasim_machine_add_e820(m, UINT64_C(0xfffc0000), 0x40000,
				       CMASIM_E820_RESERVED);
	if (above)
		ret |= cmasim_machine_add_e820(m, CMS_SZ_4G, above,
					       CMASIM_E820_RAM);
	/* qemu 7.2 reserves the AMD HyperTransport hole for 40-bit CPUs */
	ret |= cmasim_machine_add_e820(m, UINT64_C(0xfd00000000),
				       UINT64_C(0x300000000),
				       CMASIM_E820_RESERVED);
	if (ret)
		return -ENOMEM;

	if (nodes > 1) {
		/*
		 * qemu's SRAT (hw/i386/acpi-build.c build_srat): nodes take
		 * RAM in order; the 640 KiB-1 MiB hole is cut out of the node
		 * that spans it, and RAM past the PCI hole continues at 4 GiB.
		 */
		uint64_t per = mem / nodes, next = 0;

		for (unsigned int n = 0; n < nodes; n++) {
			uint64_t base = next;
			uint64_t len = n == nodes - 1 ? mem - n * per : per;

			next = base + len;
			if (base <= 0xa0000 && next > 0xa0000) {
				len -= next - 0xa0000;
				if (len)
					ret |= cmasim_machine_add_numa_range(m,
							(int)n, base, len);
				if (next <= CMS_SZ_1M)
					continue;
				base = CMS_SZ_1M;
				len = next - CMS_SZ_1M;
			}
			if (base <= below && next > below) {
				len -= next - below;
				if (len)
					ret |= cmasim_machine_add_numa_range(m,
							(int)n, base, len);
				base = CMS_SZ_4G;
				len = next - below;
				next = base + len;
			}
			if (len)
				ret |= cmasim_machine_add_numa_range(m, (int)n,
								     base, len);
		}
		if (ret)
			return -ENOMEM;
	}

	/* before memblock=debug is parsed: not in the log */
	ret |= cmasim_machine_add_reservation(m, 0, 64 * CMS_SZ_1K,
					      "early_reserve_memory", false);
	ret |= cmasim_machine_add_reservation(m, 0x9f000, 0x61000,
					      "reserve_bios_regions", false);
	/* the kernel image and its brk are the booting kernel's (boot adds them) */
	{
		uint64_t off[ACPI_NR], at = 0;

		for (unsigned int t = 0; t < ACPI_NR; t++) {
			off[t] = at;
			at += qemu_acpi_size(t, nodes, m->nr_numa);
		}
		for (unsigned int i = 0; i < ACPI_NR; i++) {
			unsigned int t = qemu_acpi_reserve_order[i];
			uint64_t size = qemu_acpi_size(t, nodes, m->nr_numa);
			char name[16];

			if (!size)
				continue;
			g_snprintf(name, sizeof(name), "ACPI %s",
				   qemu_acpi_tables[t].name);
			ret |= cmasim_machine_add_reservation(m,
					acpi + off[t], size, name, true);
		}
	}
	ret |= cmasim_machine_set_initrd(m,
			cms_align_down(acpi - QEMU_INITRD_SIZE, 4096),
			QEMU_INITRD_SIZE);
	return ret ? -ENOMEM : 0;
}

int cmasim_machine_qemu_pc(uint64_t mem, unsigned int nodes,
			   struct cmasim_machine **out)
{
	struct cmasim_machine *m;
	int ret;

	if (!out || nodes < 1 || nodes > 64 || mem < 64 * CMS_SZ_1M ||
	    !cms_is_aligned(mem, CMS_SZ_1M) || mem > (UINT64_C(1) << 46) ||
	    mem / nodes < 64 * CMS_SZ_1M)
		return -EINVAL;
	m = cmasim_machine_new(CMASIM_ARCH_X86_64);
	if (!m)
		return -ENOMEM;
	ret = qemu_pc_build(m, mem, nodes);
	if (ret) {
		cmasim_machine_destroy(m);
		return ret;
	}
	*out = m;
	return 0;
}

/*
 * qemu 7.2's "virt" machine (hw/arm/virt.c) and its boot loader for a
 * Linux Image (hw/arm/boot.c): RAM at 1 GiB; with several nodes each
 * node's RAM follows the previous one ("-numa node,memdev=" of equal
 * sizes: the captures' node 0 = [1G, 3G), node 1 = [3G, 5G)) and its
 * device tree gives each memory node its numa-node-id.  The loader puts
 * the kernel at RAM + 2 MiB (the kernel's text offset: the build's), the
 * initrd at RAM + min(RAM / 2, 128 MiB), page aligned, and the device
 * tree after it at the next 2 MiB boundary (AArch64 kernels map the
 * blob's 2 MiB block early).  The blob is qemu's virt tree: 0x8814
 * bytes with one node, 0x28e more per node (a cpu and a memory node,
 * the captures' reserved[] dumps).
 */
#define VIRT_RAM_BASE		CMS_SZ_1G
#define VIRT_INITRD_BYTES	987200	/* the captures' initramfs */
#define VIRT_FDT_BYTES		0x8814
#define VIRT_FDT_NODE_BYTES	0x28e

int cms_machine_qemu_virt_loader(struct cmasim_machine *m,
				 uint64_t initrd_bytes)
{
	uint64_t start = UINT64_MAX, end = 0, nodes = 1;

	for (size_t i = 0; i < m->nr_e820; i++) {
		if (!cms_e820_is_ram(m->e820[i].type))
			continue;
		start = cms_min_u64(start, m->e820[i].addr);
		end = cms_max_u64(end, m->e820[i].addr + m->e820[i].size);
	}
	if (start >= end)
		return -EINVAL;
	for (size_t i = 0; i < m->nr_numa; i++)
		nodes = cms_max_u64(nodes, (uint64_t)m->numa[i].nid + 1);
	m->initrd_base = start + cms_min_u64((end - start) / 2,
					     128 * CMS_SZ_1M);
	m->initrd_size = initrd_bytes;
	m->fdt_base = cms_align_up(m->initrd_base + initrd_bytes,
				   2 * CMS_SZ_1M);
	m->fdt_size = VIRT_FDT_BYTES + (nodes - 1) * VIRT_FDT_NODE_BYTES;
	return 0;
}

int cmasim_machine_qemu_virt(uint64_t mem, unsigned int nodes,
			     struct cmasim_machine **out)
{
	struct cmasim_machine *m;
	uint64_t per;
	int ret;

	if (!out || nodes < 1 || nodes > 64 || mem < 64 * CMS_SZ_1M ||
	    !cms_is_aligned(mem, CMS_SZ_1M) || mem > (UINT64_C(1) << 46) ||
	    mem / nodes < 64 * CMS_SZ_1M)
		return -EINVAL;
	m = cmasim_machine_new(CMASIM_ARCH_ARM64_4K);
	if (!m)
		return -ENOMEM;
	/* whole MiB per node, the last one takes the rest */
	per = cms_align_down(mem / nodes, CMS_SZ_1M);
	ret = cmasim_machine_add_e820(m, VIRT_RAM_BASE, mem, CMASIM_E820_RAM);
	for (unsigned int n = 0; n < nodes && nodes > 1 && !ret; n++)
		ret = cmasim_machine_add_numa_range(m, (int)n,
				VIRT_RAM_BASE + n * per,
				n == nodes - 1 ? mem - n * per : per);
	if (!ret)
		ret = cms_machine_qemu_virt_loader(m, VIRT_INITRD_BYTES);
	/* one CPU per node, as "-smp N -numa node,cpus=i" */
	m->nr_cpus = nodes;
	if (!ret)
		ret = cms_machine_default_dt(m);
	if (ret) {
		cmasim_machine_destroy(m);
		return ret == -EINVAL ? -EINVAL : -ENOMEM;
	}
	*out = m;
	return 0;
}

/*
 * The machine's default device tree: qemu's virt tree for the machine
 * (of/fdt.c builds it), its memory one node per NUMA range, a CPU per
 * node, as long as qemu's own blob (m->fdt_size, which the boot
 * reserves where the loader put it).  The machine keeps its memory: the
 * tree gives what the kernel reads besides (no /reserved-memory: 6.12
 * says so).
 */
int cms_machine_default_dt(struct cmasim_machine *m)
{
	struct cms_fdt_range *mem = g_new0(struct cms_fdt_range,
					   m->nr_numa ? m->nr_numa : 1);
	int *nid = m->nr_numa ? g_new0(int, m->nr_numa) : NULL;
	unsigned int nr_cpus = m->nr_cpus ? m->nr_cpus : 1;
	int *cpu_nid = m->nr_numa ? g_new0(int, nr_cpus) : NULL;
	unsigned int nr = 0;
	size_t size = 0;
	void *blob = NULL;
	int ret;

	if (m->nr_numa) {
		for (size_t i = 0; i < m->nr_numa; i++) {
			mem[nr].base = m->numa[i].base;
			mem[nr].size = m->numa[i].size;
			nid[nr++] = m->numa[i].nid;
		}
		for (unsigned int c = 0; c < nr_cpus; c++)
			cpu_nid[c] = (int)(c % nr);
	} else {
		for (size_t i = 0; i < m->nr_e820 && !nr; i++)
			if (cms_e820_is_ram(m->e820[i].type)) {
				mem[0].base = m->e820[i].addr;
				mem[0].size = m->e820[i].size;
				nr = 1;
			}
	}
	ret = cms_fdt_build_virt(mem, nid, nr, cpu_nid, nr_cpus,
				 (size_t)m->fdt_size, &blob, &size);
	g_free(mem);
	g_free(nid);
	g_free(cpu_nid);
	if (ret)
		return ret;
	g_free(m->dtb);
	m->dtb = blob;
	m->dtb_size = size;
	return 0;
}

/* ---- Machines from a device tree ---- */

/* Without --mem: what a board whose boot loader fills /memory is given. */
#define DT_ASSUMED_MEM		(2 * CMS_SZ_1G)
/*
 * Where QEMU's arm loader puts the blob (hw/arm/boot.c): the initrd goes
 * 128 MiB into RAM (half of it on a smaller machine), the blob after it,
 * 2 MiB aligned.
 */
#define QEMU_INITRD_OFFSET	(128 * CMS_SZ_1M)
#define QEMU_DTB_ALIGN		(2 * CMS_SZ_1M)

static bool machine_has_ram(const struct cmasim_machine *m)
{
	for (size_t i = 0; i < m->nr_e820; i++)
		if (cms_e820_is_ram(m->e820[i].type))
			return true;
	for (size_t i = 0; i < m->nr_ops; i++)
		if (m->ops[i].kind == CMASIM_OP_MEMBLOCK_ADD ||
		    (m->ops[i].kind == CMASIM_OP_MEMBLOCK_STATE &&
		     !m->ops[i].reserved))
			return true;
	return m->dt_memory;
}

static void dt_say(cmasim_output_fn diag, void *data, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void dt_say(cmasim_output_fn diag, void *data, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (!diag)
		return;
	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	diag(msg, data);
	g_free(msg);
}

/* The hexadecimal unit address of a node path's last part, or false. */
static bool unit_address(const char *path, uint64_t *addr)
{
	const char *at = strrchr(path, '@');
	char *end;

	if (!at || strchr(at, '/') || !g_ascii_isxdigit(at[1]))
		return false;
	*addr = g_ascii_strtoull(at + 1, &end, 16);
	return !*end;
}

/*
 * A tree whose /memory has no RAM (the boot loader fills it in): the
 * assumed RAM starts at the memory node's unit address, else at the
 * lowest static /reserved-memory region rounded down to 1 GiB, else 0.
 */
static uint64_t assumed_base(const struct cms_fdt *t)
{
	uint64_t base = UINT64_MAX;

	for (unsigned int i = 0; i < t->nr_memory; i++)
		if (unit_address(t->memory[i].path, &base))
			return base;
	for (unsigned int i = 0; i < t->nr_rmem; i++)
		if (t->rmem[i].reg.nr && t->rmem[i].reg.range[0].size &&
		    t->rmem[i].reg.range[0].base < base)
			base = t->rmem[i].reg.range[0].base;
	return base == UINT64_MAX ? 0 : cms_align_down(base, CMS_SZ_1G);
}

/* Whether [base, base + size) meets a range the tree keeps from Linux. */
static bool firmware_range(const struct cms_fdt *t, uint64_t base,
			   uint64_t size, uint64_t *end)
{
	for (unsigned int i = 0; i < t->nr_memreserve; i++) {
		const struct cms_fdt_range *r = &t->memreserve[i];

		if (r->base < base + size && base < r->base + r->size) {
			*end = r->base + r->size;
			return true;
		}
	}
	for (unsigned int i = 0; i < t->nr_rmem; i++) {
		const struct cms_fdt_ranges *reg = &t->rmem[i].reg;

		for (unsigned int k = 0; k < reg->nr; k++) {
			const struct cms_fdt_range *r = &reg->range[k];

			if (r->size && r->base < base + size &&
			    base < r->base + r->size) {
				*end = r->base + r->size;
				return true;
			}
		}
	}
	return false;
}

/*
 * Where the boot loader left the blob: QEMU's place (the initrd 128 MiB
 * into RAM, half of it on a smaller machine, the blob after it, 2 MiB
 * aligned), moved above any /memreserve/ entry or static reserved region
 * it would land on, since no loader writes over firmware memory.
 */
static uint64_t blob_place(const struct cms_fdt *t, uint64_t low,
			   uint64_t total, uint64_t initrd_size)
{
	uint64_t base = cms_align_up(low + cms_min_u64(total / 2,
						       QEMU_INITRD_OFFSET) +
				     initrd_size, QEMU_DTB_ALIGN);
	uint64_t end;

	while (firmware_range(t, base, t->totalsize, &end))
		base = cms_align_up(end, QEMU_DTB_ALIGN);
	return base;
}

/* The machine's RAM from the tree: its /memory, or the assumed block. */
static int take_memory(struct cmasim_machine *m, const struct cms_fdt *t,
		       const char *name, uint64_t assumed_mem,
		       cmasim_output_fn diag, void *data)
{
	uint64_t low = UINT64_MAX, total = 0;
	int ret = 0;

	for (unsigned int i = 0; i < t->nr_memory && !ret; i++) {
		const struct cms_fdt_memory *mem = &t->memory[i];

		if (!mem->available)
			continue;
		for (unsigned int k = 0; k < mem->reg.nr && !ret; k++) {
			const struct cms_fdt_range *r = &mem->reg.range[k];

			if (!r->size)
				continue;
			total += r->size;
			low = cms_min_u64(low, r->base);
			/* of_numa_parse_memory_nodes(): the node's ranges */
			if (mem->nid >= 0 && mem->nid < 1024)
				ret = cmasim_machine_add_numa_range(m, mem->nid,
								    r->base,
								    r->size);
		}
	}
	if (ret)
		return ret;
	if (total) {
		/* early_init_dt_scan_memory() adds it at boot */
		m->dt_memory = true;
	} else {
		total = assumed_mem ? assumed_mem : DT_ASSUMED_MEM;
		low = assumed_base(t);
		dt_say(diag, data, "%s: /memory gives no RAM (the boot loader fills it in): assuming %" PRIu64 " MiB at 0x%" PRIx64 " (--mem sets the size)\n",
		       name, total >> 20, low);
		ret = cmasim_machine_add_e820(m, low, total, CMASIM_E820_RAM);
		if (ret)
			return ret;
	}
	m->fdt_base = blob_place(t, low, total, m->initrd_size);
	return 0;
}

static int set_dt(struct cmasim_machine *m, void *blob, size_t size,
		  const char *name, uint64_t assumed_mem,
		  cmasim_output_fn diag, void *data)
{
	struct cms_fdt *t;
	int ret;

	if (cms_arch_profile(m->arch)->setup_arch != CMS_SETUP_ARCH_ARM64) {
		dt_say(diag, data, "%s: a %s machine boots without a device tree\n",
		       name, cms_arch_profile(m->arch)->name);
		g_free(blob);
		return -EOPNOTSUPP;
	}
	ret = cms_fdt_read_blob(blob, size, name, &t, diag, data);
	if (ret) {
		g_free(blob);
		return ret;
	}
	if (!machine_has_ram(m)) {
		/* early_init_dt_check_for_initrd(): where the loader put it */
		if (t->has_initrd && t->initrd_end > t->initrd_start &&
		    !m->initrd_size)
			ret = cmasim_machine_set_initrd(m, t->initrd_start,
							t->initrd_end -
							t->initrd_start);
		if (!ret)
			ret = take_memory(m, t, name, assumed_mem, diag, data);
		/* early_init_dt_scan_chosen(): the default command line */
		if (!ret && !m->cmdline && t->bootargs)
			m->cmdline = g_strdup(t->bootargs);
	}
	cms_fdt_free(t);
	if (ret) {
		g_free(blob);
		return ret;
	}
	g_free(m->dtb);
	m->dtb = blob;
	m->dtb_size = size;
	return 0;
}

int cmasim_machine_set_dt(struct cmasim_machine *m, const void *blob,
			  size_t size, uint64_t assumed_mem,
			  cmasim_output_fn diag, void *data)
{
	if (!m || !blob || size > CMS_FDT_MAX_BLOB)
		return !m || !blob ? -EINVAL : -EFBIG;
	return set_dt(m, g_memdup2(blob, size), size, "blob", assumed_mem,
		      diag, data);
}

int cmasim_machine_set_dt_file(struct cmasim_machine *m, const char *path,
			       uint64_t assumed_mem, cmasim_output_fn diag,
			       void *data)
{
	void *blob = NULL;
	size_t size = 0;
	int ret;

	if (!m || !path)
		return -EINVAL;
	ret = cms_fdt_load_file(path, &blob, &size, diag, data);
	if (ret)
		return ret;
	return set_dt(m, blob, size, path, assumed_mem, diag, data);
}
