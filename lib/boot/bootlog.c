// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading a machine from a real kernel boot log.  The lines it takes are
 * the ones the kernel prints while it builds its memory picture:
 * "Linux version" (init/version.c; with the page size of an arm64
 * flavour, as the hash table lines also tell), "Command line:" (arch/x86/kernel/
 * setup.c), "BIOS-e820:" (arch/x86/kernel/e820.c e820__print_table),
 * "ACPI: SRAT: Node" (drivers/acpi/numa/srat.c), the arm64
 * "Early memory node ranges" list (mm/mm_init.c), and with memblock=debug
 * every memblock step and "MEMBLOCK configuration:" dump (mm/memblock.c)
 * up to the first line of the CMA reservation.  Anything else is counted
 * and skipped; a recognised line that does not parse is reported with its
 * line number and skipped.  Serial noise (firmware output, escape
 * sequences, the capture harness's sections) is tolerated.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "core/instance.h"
#include "core/log.h"
#include "boot/setup.h"

/*
 * Whether @s begins with the string literal @lit.  A line is tested
 * against some thirty prefixes: the first byte turns most away without
 * a call.
 */
#define starts(s, lit) \
	((s)[0] == (lit)[0] && !strncmp((s), (lit), sizeof(lit) - 1))

/* The same for a prefix of @n bytes that is not a literal. */
static inline bool starts_n(const char *s, const char *prefix, size_t n)
{
	return s[0] == prefix[0] && !strncmp(s, prefix, n);
}

struct parser {
	struct cmasim_machine *m;
	struct cmasim_bootlog_report rep;
	cmasim_output_fn diag;
	void *data;
	unsigned int lineno;
	bool seen_version;
	bool early_done;	/* the CMA reservation began */
	bool seen_zones;	/* "Zone ranges:" after it */
	bool late_done;		/* the handover ("Memory:") */
	bool at_init;		/* "Run /init as init process" */
	bool seen_handover;	/* "Memory: ...K/...K available" */
	bool seen_setup;	/* last_pfn or memblock_add seen */
	bool seen_zone_ranges;	/* "Zone ranges:" seen */
	bool bootmem_cma;	/* arm64: CMA lines before the zones began */
	bool qemu_virt;		/* "Machine model: linux,dummy-virt" */
	bool faked_node;	/* "NUMA: Faking a node at ..." */
	bool in_node_ranges;	/* after "Early memory node ranges" */
	bool in_dump;
	unsigned int dump;	/* "MEMBLOCK configuration:" count */
	bool dump_reserved;	/* in the reserved part of a dump */
	bool done;		/* the boot's end: read no further */
	GString *partial;	/* the start of a line not ended yet */
	GString *line;		/* the line being parsed, reused */
	size_t bytes;		/* bytes taken so far */
	uint64_t last_usec;	/* the last printk timestamp seen */
	unsigned int last_usec_line;	/* its line, 0 before the first */
	unsigned int e820_line;	/* the last BIOS-e820 line */
	uint64_t e820_base;	/* its base */
	bool e820_ended;	/* another line came after the e820 map */
	unsigned int out_of_order;	/* lines out of the kernel's order */
	bool over;		/* more input past CMASIM_BOOTLOG_MAX_BYTES */
	int err;
};

static void damaged(struct parser *p, const char *what, const char *line)
{
	char *msg;

	p->rep.damaged++;
	if (!p->diag)
		return;
	msg = g_strdup_printf("line %u: damaged %s, skipped: %.120s\n",
			      p->lineno, what, line);
	p->diag(msg, p->data);
	g_free(msg);
}

/* Lines in an order the kernel never prints: the first few are named. */
static void out_of_order(struct parser *p, const char *why)
{
	char *msg;

	if (p->out_of_order++ >= 3 || !p->diag)
		return;
	msg = g_strdup_printf("line %u: out of order: %s\n", p->lineno, why);
	p->diag(msg, p->data);
	g_free(msg);
}

static void keep(struct parser *p, int ret)
{
	if (ret && !p->err)
		p->err = ret;
}

/* Parse a hex number with optional 0x; *end past it.  false if none. */
static bool hex(const char *s, uint64_t *v, const char **end)
{
	char *e;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (!g_ascii_isxdigit(*s))
		return false;
	/* at most 16 digits */
	{
		const char *q = s;
		uint64_t x = 0;

		while (g_ascii_isxdigit(*q))
			q++;
		if (q - s > 16)
			return false;
		/*
		 * "0x0x1": strtoull() takes a second prefix as its own; what
		 * it leaves is rare enough to ask it.  Otherwise the digits
		 * are all there is: no sign, no space, no overflow.
		 */
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
			*v = g_ascii_strtoull(s, &e, 16);
			*end = e;
			return true;
		}
		for (const char *d = s; d < q; d++)
			x = x << 4 | (uint64_t)(*d <= '9' ? *d - '0' :
						(*d | 0x20) - 'a' + 10);
		*v = x;
		*end = q;
	}
	return true;
}

/*
 * "[mem 0xA-0xB]" or "[0xA-0xB]": inclusive range; false if damaged.
 * memblock prints base + size - 1 for the end, so a size that runs past
 * the top of the address space (arm64's memblock_remove(base, ULLONG_MAX))
 * shows an end below the base: wrap_ok accepts that.
 */
static bool range_wrap(const char *s, uint64_t *base, uint64_t *size,
		       const char **end, bool wrap_ok)
{
	uint64_t a, b;

	if (*s != '[')
		return false;
	s++;
	if (starts(s, "mem "))
		s += 4;
	if (!hex(s, &a, &s) || *s != '-' || !hex(s + 1, &b, &s) || *s != ']')
		return false;
	if ((b < a || b - a + 1 == 0) && !wrap_ok)
		return false;
	*base = a;
	*size = b - a + 1;
	*end = s + 1;
	return true;
}

static bool range(const char *s, uint64_t *base, uint64_t *size,
		  const char **end)
{
	return range_wrap(s, base, size, end, false);
}

static unsigned int e820_type(const char *s, bool *ok)
{
	unsigned int t;

	*ok = true;
	if (!strcmp(s, "usable"))
		return CMASIM_E820_RAM;
	if (!strcmp(s, "reserved"))
		return CMASIM_E820_RESERVED;
	if (!strcmp(s, "ACPI data"))
		return CMASIM_E820_ACPI;
	if (!strcmp(s, "ACPI NVS"))
		return CMASIM_E820_NVS;
	if (!strcmp(s, "unusable"))
		return CMASIM_E820_UNUSABLE;
	if (!strcmp(s, "soft reserved"))
		return 0xefffffffu;
	if (sscanf(s, "persistent (type %u)", &t) == 1 ||
	    sscanf(s, "type %u", &t) == 1)
		return t;
	*ok = false;
	return 0;
}

static void add_op(struct parser *p, enum cmasim_machine_op_kind kind,
		   uint64_t base, uint64_t size, int nid, const char *text)
{
	struct cmasim_machine_op op = {
		.kind = kind, .base = base, .size = size, .nid = nid,
		.text = text, .line = p->lineno, .dump = p->dump,
	};

	keep(p, cmasim_machine_add_op(p->m, &op));
	if (kind != CMASIM_OP_LOG_LINE && kind != CMASIM_OP_STAGE)
		p->rep.memblock_ops++;
}

static void log_line(struct parser *p, const char *msg)
{
	add_op(p, CMASIM_OP_LOG_LINE, 0, 0, -1, msg);
}

/* "memblock_reserve: [0x..-0x..] caller" and friends. */
static bool memblock_step(struct parser *p, const char *msg)
{
	static const struct {
		const char *prefix;
		enum cmasim_machine_op_kind kind;
	} steps[] = {
		{ "memblock_add: ", CMASIM_OP_MEMBLOCK_ADD },
		{ "memblock_add_node: ", CMASIM_OP_MEMBLOCK_ADD },
		{ "memblock_reserve: ", CMASIM_OP_MEMBLOCK_RESERVE },
		{ "memblock_phys_free: ", CMASIM_OP_MEMBLOCK_PHYS_FREE },
		{ "memblock_free: ", CMASIM_OP_MEMBLOCK_PHYS_FREE },
		{ "memblock_remove: ", CMASIM_OP_MEMBLOCK_REMOVE },
	};

	for (size_t i = 0; i < CMS_ARRAY_SIZE(steps); i++) {
		size_t n = strlen(steps[i].prefix);
		uint64_t base, size;
		const char *rest;
		int nid = -1;

		if (!starts_n(msg, steps[i].prefix, n))
			continue;
		p->rep.memblock_debug = true;
		if (!range_wrap(msg + n, &base, &size, &rest, true)) {
			damaged(p, "memblock step", msg);
			return true;
		}
		while (*rest == ' ')
			rest++;
		/* 6.x memblock_add_node: "nid=%d flags=%x %pS" */
		if (starts(rest, "nid=")) {
			nid = atoi(rest + 4);
			rest = strchr(rest, ' ') ? strchr(rest, ' ') + 1 : "";
			if (starts(rest, "flags="))
				rest = strchr(rest, ' ') ? strchr(rest, ' ') + 1 : "";
			if (nid < 0 || nid >= 1024)
				nid = -1;
		}
		if (steps[i].kind == CMASIM_OP_MEMBLOCK_ADD)
			p->seen_setup = true;
		/* an empty step (printed as [base-(base-1)]) changes nothing */
		if (size)
			add_op(p, steps[i].kind, base, size, nid, rest);
		return true;
	}
	return false;
}

/*
 * A dump region: " memory[0x1]\t[0x..-0x..], 0x.. bytes on node 0 flags: 0x0"
 */
static void dump_region(struct parser *p, const char *msg, bool reserved)
{
	const char *s = strchr(msg, ']');
	uint64_t base, size, bytes;
	int nid = -1;
	unsigned int flags = 0;
	const char *q;
	struct cmasim_machine_op op = { 0 };

	if (!s)
		goto bad;
	s++;
	while (*s == '\t' || *s == ' ')
		s++;
	if (!range(s, &base, &size, &s) || !starts(s, ", ") ||
	    !hex(s + 2, &bytes, &s) || bytes != size)
		goto bad;
	q = strstr(s, "on node ");
	if (q) {
		nid = atoi(q + 8);
		if (nid < 0 || nid >= 1024)
			goto bad;
	}
	q = strstr(s, "flags: ");
	if (!q)
		goto bad;
	{
		uint64_t f;
		const char *e;

		if (!hex(q + 7, &f, &e) || f > 0xffff)
			goto bad;
		flags = (unsigned int)f;
	}
	op = (struct cmasim_machine_op){
		.kind = CMASIM_OP_MEMBLOCK_STATE, .base = base, .size = size,
		.nid = nid, .reserved = reserved, .flags = flags,
		.dump = p->dump, .text = "", .line = p->lineno,
	};
	keep(p, cmasim_machine_add_op(p->m, &op));
	p->rep.memblock_ops++;
	return;
bad:
	damaged(p, "MEMBLOCK configuration region", msg);
}

static bool early_line(struct parser *p, const char *msg)
{
	static const char *const verbatim[] = {
		"e820: update ", "e820: remove ", "last_pfn = ", "RAMDISK: ",
		"ACPI: Reserving ", "NUMA: ", "No NUMA configuration found",
		"NUMA turned off", "Faking a node at ", "NODE_DATA(",
		"    NODE_DATA(", "memblock_alloc", "memblock_phys_alloc",
		"PM: hibernation: Registered nosave memory: ", "setup_percpu: ",
		"percpu: Embedded ", "Dentry cache hash table entries: ",
		"Inode-cache hash table entries: ", "software IO TLB: area num",
		"Allocated new RAMDISK: ", "Move RAMDISK from ",
	};

	if (memblock_step(p, msg))
		return true;
	if (!strcmp(msg, "MEMBLOCK configuration:")) {
		p->in_dump = true;
		p->dump_reserved = false;
		p->dump++;
		log_line(p, msg);
		return true;
	}
	if (p->in_dump && msg[0] == ' ') {
		const char *s = msg + 1;

		if (starts(s, "memory["))
			dump_region(p, msg, false);
		else if (starts(s, "reserved["))
			dump_region(p, msg, true);
		else if (!starts(s, "memory size") &&
			 !starts(s, "memory.cnt") &&
			 !starts(s, "reserved.cnt"))
			return false;
		log_line(p, msg);
		return true;
	}
	p->in_dump = false;
	/*
	 * mem= (parse_memopt) removes RAM up to ULLONG_MAX - 1 while the
	 * command line is parsed; the boot's own parsing prints that line.
	 */
	if (starts(msg, "e820: remove [mem ") &&
	    strstr(msg, "-0xfffffffffffffffe] "))
		return true;
	for (size_t i = 0; i < CMS_ARRAY_SIZE(verbatim); i++) {
		if (!starts_n(msg, verbatim[i], strlen(verbatim[i])))
			continue;
		/* after parse_early_param(): x86 last_pfn, arm64 NUMA init */
		if (starts(msg, "last_pfn") || starts(msg, "NUMA: ") ||
		    starts(msg, "NODE_DATA("))
			p->seen_setup = true;
		log_line(p, msg);
		return true;
	}
	return false;
}

/*
 * Without CMA debug lines the first "cma: " line is "Reserved N MiB at
 * ADDR", printed after memblock already reserved the area: that step
 * belongs to the CMA code the replay runs, so it is taken back out.
 */
static void drop_cma_reservation(struct parser *p, const char *msg)
{
	struct cmasim_machine *m = p->m;
	unsigned long long mib, addr;

	if (sscanf(msg, "cma: Reserved %llu MiB at 0x%llx", &mib, &addr) != 2)
		return;
	for (size_t i = m->nr_ops; i-- > 0; ) {
		struct cmasim_machine_op *op = &m->ops[i];

		if (op->kind == CMASIM_OP_STAGE)
			return;
		if (op->kind != CMASIM_OP_MEMBLOCK_RESERVE)
			continue;
		if (op->base != addr)
			return;
		/* its text stays with the machine's other op texts */
		memmove(op, op + 1, (m->nr_ops - i - 1) * sizeof(*op));
		m->nr_ops--;
		p->rep.memblock_ops--;
		return;
	}
}

/*
 * x86 reserves hugetlb_cma= areas only on a CPU with 1 GiB pages: the
 * log shows it by registering the 1 GiB hstate (gigantic_pages_init), or
 * by any line of hugetlb_cma_reserve(); without them hugetlb_cma_check()
 * says the option is unsupported.
 */
static void cpu_gbpages(struct parser *p, const char *msg)
{
	if (starts(msg, "HugeTLB: registered 1.00 GiB page size"))
		p->m->gbpages = true;
	else if (starts(msg, "hugetlb_cma: ") && !p->at_init)
		p->m->gbpages = !strstr(msg, "isn't supported by current arch");
}

/*
 * arm64's bootmem_init() reserves the hugetlb_cma= areas and (6.1) the
 * cma_pernuma= ones before sparse_init() and the zones, so their lines
 * ("hugetlb_cma: ...", "cma: Reserved ...") come before "Zone ranges:".
 * They start a stage of their own (the replay runs those reservations
 * there, then goes on to sparse_init's steps); the CMA code's own
 * reservations are taken back out.  True when @msg was such a line.
 */
static bool bootmem_cma_line(struct parser *p, const char *msg)
{
	if (p->m->arch == CMASIM_ARCH_X86_64 || p->early_done ||
	    p->seen_zone_ranges || !p->seen_setup ||
	    (!starts(msg, "cma: ") && !starts(msg, "hugetlb_cma: ")))
		return false;
	drop_cma_reservation(p, msg);
	if (!p->bootmem_cma) {
		p->bootmem_cma = true;
		add_op(p, CMASIM_OP_STAGE, 0, 0, -1, CMS_STAGE_BOOTMEM_CMA);
	}
	return true;
}

/* "Memory: ...K/...K available (NK kernel code, NK rwdata, ...)" */
static void memory_line(struct parser *p, const char *msg)
{
	unsigned long long v[5];
	const char *o = strchr(msg, '(');

	if (!o || sscanf(o, "(%lluK kernel code, %lluK rwdata, %lluK rodata, %lluK init, %lluK bss",
			 &v[0], &v[1], &v[2], &v[3], &v[4]) != 5) {
		damaged(p, "Memory line", msg);
		return;
	}
	/* no image is that large: the line is damaged (and << 10 wraps) */
	for (size_t i = 0; i < CMS_ARRAY_SIZE(v); i++)
		if (v[i] > UINT64_MAX >> 10) {
			damaged(p, "Memory line", msg);
			return;
		}
	if (cmasim_machine_set_kernel_image(p->m, v[0] << 10, v[1] << 10,
					    v[2] << 10, v[3] << 10,
					    v[4] << 10))
		damaged(p, "Memory line", msg);
}

/* "Freeing <what> memory: NK" before /init runs. */
static void freeing_line(struct parser *p, const char *msg)
{
	const char *m = strstr(msg, " memory: ");
	unsigned long long kib;
	char *what;

	if (!m || sscanf(m, " memory: %lluK", &kib) != 1 || !kib)
		return;		/* other "Freeing ..." lines are not memory */
	/* the kernel frees whole pages (4 KiB at the least) */
	if (kib > (UINT64_MAX >> 10) || kib % 4) {
		damaged(p, "Freeing line", msg);
		return;
	}
	what = g_strndup(msg + 8, (gsize)(m - (msg + 8)));
	keep(p, cmasim_machine_add_late_free(p->m, what, kib << 10));
	g_free(what);
}

/* A page size a log can state: 4, 16 or 64 KiB. */
static bool granule(uint64_t size)
{
	return size == 4096 || size == 16384 || size == 65536;
}

/*
 * What the log says the page size is (arm64 kernels come in 4K, 16K and
 * 64K flavours): the release's flavour suffix ("6.12.107+deb12-arm64-16k",
 * Debian's naming), else any hash table line (alloc_large_system_hash()
 * prints bytes and their page order, so bytes >> order is PAGE_SIZE), else
 * paging_init()'s page-table requests (memblock=debug: one page each).
 * The first of these that the log shows wins over later ones.
 */
static void page_size_line(struct parser *p, const char *msg)
{
	unsigned long long entries, bytes, size = 0;
	unsigned int order;
	const char *h;

	if (p->m->log_page_size)
		return;
	if (starts(msg, "Linux version ")) {
		const char *r = msg + 14, *sp = strchr(r, ' ');
		size_t n = sp ? (size_t)(sp - r) : strlen(r);

		if (n > 4 && starts(r + n - 4, "-16k"))
			size = 16384;
		else if (n > 4 && starts(r + n - 4, "-64k"))
			size = 65536;
		else if (n > 3 && starts(r + n - 3, "-4k"))
			size = 4096;
	} else if ((h = strstr(msg, " hash table entries: ")) &&
		   sscanf(h, " hash table entries: %llu (order: %u, %llu bytes",
			  &entries, &order, &bytes) == 3 &&
		   order && order < 32) {
		size = bytes >> order;
	} else if (strstr(msg, " early_pgtable_alloc") &&
		   sscanf(msg, "memblock_phys_alloc_range: %llu bytes",
			  &bytes) == 1) {
		size = bytes;
	}
	if (granule(size))
		p->m->log_page_size = size;
}

/*
 * What an arm64 log says about its machine besides memory: qemu's virt
 * board (its boot loader's layout follows), a faked NUMA node (the
 * "node 0:" range then comes from no device-tree node id), the CPUs.
 */
static void arm64_machine_line(struct parser *p, const char *msg)
{
	unsigned int nodes, cpus;

	if (!strcmp(msg, "Machine model: linux,dummy-virt"))
		p->qemu_virt = true;
	else if (starts(msg, "NUMA: Faking a node at "))
		p->faked_node = true;
	/* sscanf() is costly, and the format starts with a plain 's' */
	else if (msg[0] == 's' &&
		 sscanf(msg, "smp: Brought up %u node%*[s,] %u CPU", &nodes,
			&cpus) == 2 && cpus && cpus <= 4096)
		p->m->nr_cpus = cpus;
}

/* One kernel message (timestamp stripped). */
static void message(struct parser *p, const char *msg)
{
	uint64_t base, size;
	const char *rest;

	p->rep.last_line = p->lineno;
	if (starts(msg, "Memory: ") && strstr(msg, "K available"))
		p->seen_handover = true;
	/* e820__print_table(): one block, in address order */
	if (p->e820_line && !starts(msg, "BIOS-e820: "))
		p->e820_ended = true;
	arm64_machine_line(p, msg);

	page_size_line(p, msg);
	if (starts(msg, "Linux version ")) {
		const char *r = msg + 14, *sp = strchr(r, ' ');

		p->seen_version = true;
		if (!p->m->kernel_release) {
			p->m->kernel_release = sp ? g_strndup(r, (gsize)(sp - r)) :
						     g_strdup(r);
			if (starts(r, "6.12.") || starts(r, "6.12-") ||
			    starts(r, "6.12 "))
				p->m->kernel_version = g_strdup("6.12");
			else if (starts(r, "6.1.") || starts(r, "6.1-") ||
				 starts(r, "6.1 "))
				p->m->kernel_version = g_strdup("6.1");
		}
		return;
	}
	if (starts(msg, "Command line: ")) {
		if (!p->m->cmdline)
			p->m->cmdline = g_strdup(msg + 14);
		return;
	}
	/* arm64 prints the command line only here (x86 prints both) */
	if (starts(msg, "Kernel command line: ")) {
		if (!p->m->cmdline)
			p->m->cmdline = g_strdup(msg + 21);
		return;
	}
	if (starts(msg, "BIOS-e820: ")) {
		unsigned int prev = p->e820_line;
		bool ok;
		unsigned int type;

		p->e820_line = p->lineno;
		if (p->e820_ended) {
			char *why = g_strdup_printf("a BIOS-e820 entry after the map ended at line %u",
						    prev);

			out_of_order(p, why);
			g_free(why);
		}
		if (!range(msg + 11, &base, &size, &rest) || *rest != ' ') {
			damaged(p, "BIOS-e820 entry", msg);
			return;
		}
		if (prev && !p->e820_ended && base < p->e820_base) {
			char *why = g_strdup_printf("BIOS-e820 entry at %#" PRIx64 " after line %u's at %#" PRIx64 " (the kernel prints the map sorted)",
						    base, prev, p->e820_base);

			out_of_order(p, why);
			g_free(why);
		}
		p->e820_base = base;
		type = e820_type(rest + 1, &ok);
		if (!ok) {
			damaged(p, "BIOS-e820 type", msg);
			return;
		}
		keep(p, cmasim_machine_add_e820(p->m, base, size, type));
		p->rep.e820_entries++;
		return;
	}
	if (starts(msg, "ACPI: SRAT: Node ")) {
		int nid;
		const char *b = strchr(msg, '[');

		if (sscanf(msg + 17, "%d", &nid) != 1 || nid < 0 || nid >= 1024 ||
		    !b || !range(b, &base, &size, &rest)) {
			damaged(p, "SRAT range", msg);
			return;
		}
		keep(p, cmasim_machine_add_numa_range(p->m, nid, base, size));
		p->rep.node_ranges++;
		if (!p->early_done)
			log_line(p, msg);
		return;
	}
	if (!strcmp(msg, "Early memory node ranges")) {
		p->in_node_ranges = true;
		return;
	}
	if (p->in_node_ranges) {
		int nid;
		const char *b = strchr(msg, '[');

		if (sscanf(msg, "  node %d:", &nid) == 1) {
			if (nid < 0 || nid >= 1024 || !b ||
			    !range(b, &base, &size, &rest)) {
				damaged(p, "node range", msg);
				return;
			}
			/* arm64 has no e820: the node ranges are the memory */
			if (cms_arch_profile(p->m->arch)->setup_arch !=
			    CMS_SETUP_ARCH_X86) {
				keep(p, cmasim_machine_add_e820(p->m, base, size,
								CMASIM_E820_RAM));
				keep(p, cmasim_machine_add_numa_range(p->m, nid,
								      base, size));
				p->rep.node_ranges++;
			}
			return;
		}
		p->in_node_ranges = false;
	}
	if (starts(msg, "Freeing ") && !p->at_init) {
		freeing_line(p, msg);
		return;
	}
	/*
	 * kernel_init() runs init: the boot's memory picture is complete,
	 * and nothing after it is read.
	 */
	if (starts(msg, "Run ") &&
	    g_str_has_suffix(msg, " as init process")) {
		p->at_init = true;
		p->done = true;
		return;
	}
	/*
	 * acpi_reserve_initial_tables(): "ACPI: Reserving FACP table memory
	 * at [mem ...]", printed with or without memblock=debug; a boot
	 * that models the machine (no memblock lines) reserves them again.
	 */
	if (starts(msg, "ACPI: Reserving ") && !p->early_done) {
		const char *sig = msg + 16;
		char name[16];

		if (strlen(sig) < 22 || starts(sig, "    ") ||
		    !starts(sig + 4, " table memory at ") ||
		    !range(sig + 21, &base, &size, &rest)) {
			damaged(p, "ACPI table reservation", msg);
		} else {
			g_snprintf(name, sizeof(name), "ACPI %.4s", sig);
			keep(p, cmasim_machine_add_reservation(p->m, base,
							       size, name,
							       true));
		}
	}
	/* reserve_initrd() moved it below max_pfn_mapped (mem=) */
	if (starts(msg, "Allocated new RAMDISK: ") && !p->m->initrd_moved) {
		if (range(msg + 23, &base, &size, &rest))
			p->m->initrd_moved = base;
		else
			damaged(p, "new RAMDISK range", msg);
	}
	if (starts(msg, "RAMDISK: ") && !p->m->initrd_size) {
		if (range(msg + 9, &base, &size, &rest))
			keep(p, cmasim_machine_set_initrd(p->m, base, size));
		else
			damaged(p, "RAMDISK range", msg);
	}
	if (p->m->arch == CMASIM_ARCH_X86_64)
		cpu_gbpages(p, msg);
	if (!strcmp(msg, "Zone ranges:"))
		p->seen_zone_ranges = true;
	if (p->late_done)
		return;
	/*
	 * The handover ends the steps, also in a log whose CMA areas all
	 * came from the device tree (no "cma:" line began a stage)
	 */
	if (!p->early_done && p->seen_setup && starts(msg, "Memory: ")) {
		memory_line(p, msg);
		p->late_done = true;
		return;
	}
	if (bootmem_cma_line(p, msg))
		return;
	if (starts(msg, "cma: ")) {
		/*
		 * The CMA reservation ends the early part.  "cma:" lines from
		 * parsing the command line come before setup_arch() prints
		 * last_pfn or feeds memblock, and do not.  The CMA code makes
		 * its own reservations in the replay: take them back out.
		 */
		if (!p->early_done &&
		    (p->seen_setup || strstr(msg, "dma_contiguous_reserve") ||
		     strstr(msg, "cma_declare_contiguous"))) {
			drop_cma_reservation(p, msg);
			p->early_done = true;
			p->rep.reached_cma = true;
			add_op(p, CMASIM_OP_STAGE, 0, 0, -1,
			       CMS_STAGE_DMA_CONTIGUOUS);
			return;
		}
		if (p->early_done)
			drop_cma_reservation(p, msg);
		return;
	}
	if (p->early_done) {
		/*
		 * After the CMA reservation: the rest of setup_arch() and
		 * start_kernel() up to the handover ("Memory:").  Zone setup
		 * is a stage of its own; the zone model prints its lines.
		 */
		if (!strcmp(msg, "Zone ranges:") && !p->seen_zones) {
			p->seen_zones = true;
			add_op(p, CMASIM_OP_STAGE, 0, 0, -1,
			       CMS_STAGE_FREE_AREA_INIT);
			return;
		}
		if (starts(msg, "Memory: ")) {
			memory_line(p, msg);
			p->late_done = true;
			return;
		}
	}
	early_line(p, msg);
}

/* Remove ANSI escape sequences and other control characters in place. */
static void clean(char *s)
{
	char *w = s;

	for (char *r = s; *r; r++) {
		unsigned char c = (unsigned char)*r;

		if (c == 0x1b) {
			if (r[1] == '[') {
				r += 2;
				while (*r && !(*r >= '@' && *r <= '~'))
					r++;
				if (!*r)
					break;
			} else if (r[1]) {
				r++;
			}
			continue;
		}
		if (c < 0x20 && c != '\t')
			continue;
		*w++ = *r;
	}
	*w = '\0';
}

/*
 * The message after a printk timestamp "[    0.000000] ", or NULL; *usec
 * the timestamp in microseconds (saturated).
 */
static const char *after_timestamp(const char *s, uint64_t *usec)
{
	for (const char *b = strchr(s, '['); b; b = strchr(b + 1, '[')) {
		const char *q = b + 1;
		uint64_t sec = 0, frac = 0;
		unsigned int fdigits = 0;
		bool digits = false;

		while (*q == ' ')
			q++;
		while (g_ascii_isdigit(*q)) {
			sec = sec > UINT64_MAX / 100 ? UINT64_MAX / 10 :
			      sec * 10 + (uint64_t)(*q - '0');
			q++;
			digits = true;
		}
		if (!digits || *q != '.')
			continue;
		q++;
		if (!g_ascii_isdigit(*q))
			continue;
		while (g_ascii_isdigit(*q)) {
			if (fdigits++ < 6)
				frac = frac * 10 + (uint64_t)(*q - '0');
			q++;
		}
		if (*q != ']')
			continue;
		for (; fdigits < 6; fdigits++)
			frac *= 10;
		*usec = sec > (UINT64_MAX - frac) / 1000000 ? UINT64_MAX :
			sec * 1000000 + frac;
		q++;
		if (*q == ' ')
			q++;
		return q;
	}
	return NULL;
}

/*
 * An arm64 log's machine: a faked node's range is no device-tree node id;
 * on qemu's virt board, the boot loader put the initrd and the device
 * tree where it always does.  The log gives the initrd's whole pages
 * ("Freeing initrd memory: NK"); the loaded file seldom ends on a page,
 * so the initrd is taken one byte longer (its reservation spans one more
 * page, its free the same ones).
 */
static int arm64_machine(struct parser *p)
{
	struct cmasim_machine *m = p->m;
	uint64_t initrd = 0;
	bool ram = false;

	if (p->faked_node)
		m->nr_numa = 0;
	/* without RAM there is no loader layout: the boot says so */
	for (size_t i = 0; i < m->nr_e820; i++)
		ram |= cms_e820_is_ram(m->e820[i].type);
	if (!p->qemu_virt || m->initrd_size || !ram)
		return 0;
	for (size_t i = 0; i < m->nr_late; i++)
		if (!strcmp(m->late[i].what, "initrd"))
			initrd = m->late[i].bytes + 1;
	return cms_machine_qemu_virt_loader(m, initrd);
}

static bool end_of_boot(struct parser *p, const char *line)
{
	return starts(line, "@@@@@") || starts(line, "=====") ||
	       strstr(line, "ORACLE-INIT START") != NULL;
}

/*
 * Whether @s[0, @len) has a byte below 0x20 (a control character, an
 * escape or a NUL): eight bytes at a time, since almost no line has one.
 */
static bool has_control(const char *s, size_t len)
{
	const uint64_t ones = UINT64_C(0x0101010101010101);
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		uint64_t x;

		memcpy(&x, s + i, 8);
		if ((x - ones * 0x20) & ~x & ones * 0x80)
			return true;
	}
	for (; i < len; i++)
		if ((unsigned char)s[i] < 0x20)
			return true;
	return false;
}

/* One line of the log, without its newline; p->done at the boot's end. */
static void parse_line(struct parser *p, const char *raw, size_t len)
{
	char *line;
	const char *msg;
	uint64_t usec;

	p->lineno++;
	p->rep.lines++;
	/* the line is copied into one buffer for the whole log */
	g_string_truncate(p->line, 0);
	g_string_append_len(p->line, raw, (gssize)len);
	line = p->line->str;
	/* a serial console ends each line with a CR: the one control byte */
	if (len && line[len - 1] == '\r' && !has_control(line, len - 1))
		line[len - 1] = '\0';
	else if (has_control(line, len))
		clean(line);
	if (end_of_boot(p, line)) {
		p->done = true;
		return;
	}
	msg = after_timestamp(line, &usec);
	if (msg) {
		p->rep.kernel_lines++;
		/*
		 * Up to the handover one CPU prints, and its clock only goes
		 * forward: an earlier time after a later one is a log whose
		 * lines were shuffled or spliced.  (Later on, the clock
		 * source switch may step back: 0.044 -> 0.001 on qemu.)
		 */
		if (p->last_usec_line && usec < p->last_usec &&
		    !p->seen_handover) {
			char *why = g_strdup_printf("its time %" PRIu64 ".%06" PRIu64 " comes before line %u's %" PRIu64 ".%06" PRIu64,
						    usec / 1000000,
						    usec % 1000000,
						    p->last_usec_line,
						    p->last_usec / 1000000,
						    p->last_usec % 1000000);

			out_of_order(p, why);
			g_free(why);
		}
		p->last_usec = usec;
		p->last_usec_line = p->lineno;
	} else if (p->rep.kernel_lines) {
		/*
		 * In a timestamped log a line without one is another writer
		 * on the console, not a kernel message: it must not end a
		 * memblock dump or a node-range list.
		 */
		return;
	} else {
		msg = line;
	}
	/* a second "Linux version" starts another boot */
	if (starts(msg, "Linux version ") && p->seen_version) {
		p->done = true;
		return;
	}
	/* arm64 logs: "Machine model:" / "Booting Linux on physical CPU" */
	if (!p->seen_version && !p->rep.e820_entries &&
	    (starts(msg, "Booting Linux on physical CPU") ||
	     starts(msg, "Machine model: ")))
		p->m->arch = CMASIM_ARCH_ARM64_4K;
	message(p, msg);
}

/*
 * Feed @n more bytes of the log: whole lines are parsed at once, a line
 * not ended yet waits in p->partial for the next bytes.  At most
 * CMASIM_BOOTLOG_MAX_BYTES are taken in all: a log whose boot has not
 * ended by then fails with -EFBIG rather than holding whatever a stream
 * (/dev/zero, `yes`) sends.
 */
static void feed(struct parser *p, const char *buf, size_t n)
{
	if (p->done || p->err)
		return;
	if (n > CMASIM_BOOTLOG_MAX_BYTES - p->bytes) {
		n = CMASIM_BOOTLOG_MAX_BYTES - p->bytes;
		p->over = true;
	}
	p->bytes += n;
	while (n && !p->done && !p->err) {
		const char *nl = memchr(buf, '\n', n);
		size_t k = nl ? (size_t)(nl - buf) : n;

		if (!nl) {
			g_string_append_len(p->partial, buf, (gssize)k);
			return;
		}
		if (p->partial->len) {
			g_string_append_len(p->partial, buf, (gssize)k);
			parse_line(p, p->partial->str, p->partial->len);
			g_string_truncate(p->partial, 0);
		} else {
			parse_line(p, buf, k);
		}
		buf += k + 1;
		n -= k + 1;
	}
}

static int parser_start(struct parser *p, cmasim_output_fn diag, void *data)
{
	*p = (struct parser){ .diag = diag, .data = data };
	p->m = cmasim_machine_new(CMASIM_ARCH_X86_64);
	if (!p->m)
		return -ENOMEM;
	p->partial = g_string_new(NULL);
	p->line = g_string_new(NULL);
	return 0;
}

/*
 * A complete log runs from "Linux version" to "Run ... as init process":
 * say what a cut one lacks, since what the kernel did past the cut is
 * missing from the machine.
 */
static void check_complete(struct parser *p)
{
	const char *part[3];
	unsigned int n = 0;
	GString *what;
	char *msg;

	if (!p->seen_version)
		p->rep.missing |= CMASIM_BOOTLOG_NO_VERSION;
	if (!p->seen_handover)
		p->rep.missing |= CMASIM_BOOTLOG_NO_HANDOVER;
	if (!p->at_init)
		p->rep.missing |= CMASIM_BOOTLOG_NO_INIT;
	if (!p->rep.missing || !p->diag)
		return;
	if (p->rep.missing & CMASIM_BOOTLOG_NO_VERSION)
		part[n++] = "the \"Linux version\" line (which kernel)";
	if (p->rep.missing & CMASIM_BOOTLOG_NO_HANDOVER)
		part[n++] = "the \"Memory: ...K available\" line (the handover to the buddy allocator)";
	if (p->rep.missing & CMASIM_BOOTLOG_NO_INIT)
		part[n++] = "\"Run ... as init process\" (the frees before init)";
	what = g_string_new(part[0]);
	for (unsigned int i = 1; i < n; i++)
		g_string_append_printf(what, "%s%s",
				       i == n - 1 ? " and " : ", ", part[i]);
	if (p->rep.missing == CMASIM_BOOTLOG_NO_VERSION)
		msg = g_strdup_printf("incomplete boot log: it lacks %s: the kernel version is not known\n",
				      what->str);
	else
		msg = g_strdup_printf("incomplete boot log: its boot stops at line %u and lacks %s: the memory the kernel set up after that is not known, so MemTotal and the reservations would not be the log's\n",
				      p->rep.last_line, what->str);
	p->diag(msg, p->data);
	g_free(msg);
	g_string_free(what, TRUE);
}

/* The last line (without a newline), then the verdict. */
static int parser_finish(struct parser *p, int ret,
			 struct cmasim_machine **out,
			 struct cmasim_bootlog_report *report)
{
	if (!ret && !p->done && !p->err && p->over) {
		ret = -EFBIG;
		if (p->diag)
			p->diag("the boot does not end within the first 16 MiB (CMASIM_BOOTLOG_MAX_BYTES): the rest is not read\n",
				p->data);
	}
	if (!ret && !p->done && !p->err && p->partial->len)
		parse_line(p, p->partial->str, p->partial->len);
	g_string_free(p->partial, TRUE);
	g_string_free(p->line, TRUE);
	if (!ret)
		ret = p->err;
	if (!ret && p->out_of_order) {
		ret = -EBADMSG;
		if (p->diag) {
			char *msg = g_strdup_printf("%u lines out of order: not a boot log as the kernel printed it (shuffled or spliced?)\n",
						    p->out_of_order);

			p->diag(msg, p->data);
			g_free(msg);
		}
	}
	if (!ret && !p->m->nr_e820)
		ret = -ENODATA;
	if (!ret && cms_arch_profile(p->m->arch)->setup_arch ==
		    CMS_SETUP_ARCH_ARM64)
		ret = arm64_machine(p);
	/* an arm64 kernel's page size, when the log says it */
	if (cms_arch_profile(p->m->arch)->setup_arch == CMS_SETUP_ARCH_ARM64 &&
	    p->m->arch != CMASIM_ARCH_ARM) {
		switch (p->m->log_page_size) {
		case 16384:
			p->m->arch = CMASIM_ARCH_ARM64_16K;
			break;
		case 65536:
			p->m->arch = CMASIM_ARCH_ARM64_64K;
			break;
		default:
			break;
		}
	}
	if (!ret)
		check_complete(p);
	if (report)
		*report = p->rep;
	if (ret) {
		cmasim_machine_destroy(p->m);
		return ret;
	}
	*out = p->m;
	return 0;
}

int cmasim_machine_from_log(const char *text, size_t len,
			    struct cmasim_machine **out,
			    struct cmasim_bootlog_report *report,
			    cmasim_output_fn diag, void *data)
{
	struct parser p;
	int ret;

	if (!out || (!text && len))
		return -EINVAL;
	ret = parser_start(&p, diag, data);
	if (ret)
		return ret;
	feed(&p, text, len);
	return parser_finish(&p, 0, out, report);
}

/* Read in chunks of this size: the log is parsed as it comes. */
#define BOOTLOG_CHUNK (64 * 1024)

int cmasim_machine_from_log_file(const char *path, struct cmasim_machine **out,
				 struct cmasim_bootlog_report *report,
				 cmasim_output_fn diag, void *data)
{
	struct parser p;
	char *buf;
	int fd, ret;

	if (!path || !out)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	buf = g_try_malloc(BOOTLOG_CHUNK);
	ret = buf ? parser_start(&p, diag, data) : -ENOMEM;
	if (ret) {
		g_free(buf);
		close(fd);
		return ret;
	}
	while (!p.done && !p.err && !p.over) {
		ssize_t n = read(fd, buf, BOOTLOG_CHUNK);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			ret = -errno;
		if (n <= 0)
			break;
		feed(&p, buf, (size_t)n);
	}
	g_free(buf);
	close(fd);
	return parser_finish(&p, ret, out, report);
}
