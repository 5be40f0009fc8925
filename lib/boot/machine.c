// SPDX-License-Identifier: GPL-2.0-only
/*
 * Machine descriptions: what the firmware tells the kernel (the e820 map,
 * ACPI SRAT node ranges, where the boot loader put the initrd and the
 * ACPI tables) and, for machines read from a log, the recorded early-boot
 * steps.  cmasim_machine_qemu_pc() builds what qemu 7.2's "pc" machine
 * with SeaBIOS 1.16 reports (hw/i386/pc_piix.c, pc.c, acpi-build.c
 * build_srat()); the kernel side of booting it is boot.c.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "core/instance.h"
#include "core/log.h"
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
	for (size_t i = 0; i < m->nr_ops; i++)
		g_free((char *)m->ops[i].text);
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

int cmasim_machine_set_kernel_image(struct cmasim_machine *m, uint64_t code,
				    uint64_t rwdata, uint64_t rodata,
				    uint64_t init, uint64_t bss)
{
	if (!m)
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
	char *text;

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
	text = g_strdup(op->text ? op->text : "");
	n = cms_boot_grow((void **)&m->ops, &m->nr_ops, &m->ops_cap,
			  sizeof(*n));
	if (!n) {
		g_free(text);
		return -ENOMEM;
	}
	*n = *op;
	n->text = text;
	return 0;
}

size_t cmasim_machine_nr_ops(const struct cmasim_machine *m)
{
	return m->nr_ops;
}

const struct cmasim_machine_op *cmasim_machine_op(const struct cmasim_machine *m,
						  size_t idx)
{
	return idx < m->nr_ops ? &m->ops[idx] : NULL;
}

size_t cmasim_machine_nr_e820(const struct cmasim_machine *m)
{
	return m->nr_e820;
}

int cmasim_machine_e820(const struct cmasim_machine *m, size_t idx,
			cmasim_phys_addr_t *base, cmasim_phys_addr_t *size,
			unsigned int *type)
{
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
	return m->nr_numa;
}

int cmasim_machine_numa_range(const struct cmasim_machine *m, size_t idx,
			      int *nid, cmasim_phys_addr_t *base,
			      cmasim_phys_addr_t *size)
{
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
	return m->arch;
}

const char *cmasim_machine_cmdline(const struct cmasim_machine *m)
{
	return m->cmdline;
}

const char *cmasim_machine_kernel_version(const struct cmasim_machine *m)
{
	return m->kernel_version;
}

const char *cmasim_machine_kernel_release(const struct cmasim_machine *m)
{
	return m->kernel_release;
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
	uint64_t offset;
	uint64_t size;
};

/* SeaBIOS's tables for a one-node pc, as the 6.1 captures list them. */
static const struct qemu_acpi_table qemu_acpi_tables[] = {
	{ "FACP", 0x198c, 0x74 },
	{ "DSDT", 0x40, 0x194c },
	{ "FACS", 0x0, 0x40 },
	{ "APIC", 0x1a00, 0x78 },
	{ "HPET", 0x1a78, 0x38 },
	{ "WAET", 0x1ab0, 0x28 },
};

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
	for (size_t i = 0; i < CMS_ARRAY_SIZE(qemu_acpi_tables); i++) {
		char name[16];

		g_snprintf(name, sizeof(name), "ACPI %s", qemu_acpi_tables[i].name);
		ret |= cmasim_machine_add_reservation(m,
				acpi + qemu_acpi_tables[i].offset,
				qemu_acpi_tables[i].size, name, true);
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

struct cmasim_machine *cmasim_machine_default(enum cmasim_arch arch)
{
	struct cmasim_machine *m = NULL;

	if (arch != CMASIM_ARCH_X86_64)
		return NULL;
	if (cmasim_machine_qemu_pc(4 * CMS_SZ_1G, 1, &m))
		return NULL;
	return m;
}
