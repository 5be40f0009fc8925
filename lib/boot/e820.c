// SPDX-License-Identifier: GPL-2.0-only
/*
 * The x86 e820 map (arch/x86/kernel/e820.c): the working copy of the
 * firmware's table that setup_arch() sanitises (e820__update_table),
 * prints ("BIOS-e820", "user"),
 * trims (e820__range_update/remove), reads max_pfn from (e820_end_pfn),
 * hands to memblock (e820__memblock_setup) and registers the nosave
 * ranges of (e820__register_nosave_regions).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "core/instance.h"
#include "core/log.h"
#include "mm/memblock.h"
#include "boot/cmdline.h"
#include "boot/e820.h"
#include "boot/setup.h"

static const char *e820_type_name(unsigned int type, char *buf, size_t len)
{
	switch (type) {
	case CMASIM_E820_RAM:
	case CMASIM_E820_RESERVED_KERN:
		return "usable";
	case CMASIM_E820_RESERVED:
		return "reserved";
	case 0xefffffffu:
		return "soft reserved";
	case CMASIM_E820_ACPI:
		return "ACPI data";
	case CMASIM_E820_NVS:
		return "ACPI NVS";
	case CMASIM_E820_UNUSABLE:
		return "unusable";
	case CMASIM_E820_PMEM:
	case 12:
		g_snprintf(buf, len, "persistent (type %u)", type);
		return buf;
	default:
		g_snprintf(buf, len, "type %u", type);
		return buf;
	}
}

static int cmp_e820(const void *a, const void *b)
{
	const struct cms_e820_entry *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* A boundary of an entry: where it starts or where it ends. */
struct change_point {
	uint64_t addr;
	const struct cms_e820_entry *entry;
	bool end;
};

/* By address; at one address the starts come before the ends. */
static int cmp_change_point(const void *a, const void *b)
{
	const struct change_point *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return (int)x->end - (int)y->end;
}

/* PRAM and soft-reserved ranges keep their boundaries (e820_nomerge). */
static bool e820_nomerge(unsigned int type)
{
	return type == 12 || type == 0xefffffffu;
}

int cms_e820_update_table(struct cms_e820_table *t)
{
	struct change_point *cp;
	const struct cms_e820_entry **live;
	struct cms_e820_entry *out;
	size_t ncp = 0, nlive = 0, nout = 0;
	unsigned int last_type = 0;
	uint64_t last_addr = 0;

	if (t->n < 2)
		return 0;
	for (size_t i = 0; i < t->n; i++)
		if (t->e[i].addr + t->e[i].size < t->e[i].addr)
			return 0;
	cp = g_try_new(struct change_point, 2 * t->n);
	live = g_try_new(const struct cms_e820_entry *, t->n);
	out = g_try_new(struct cms_e820_entry, 2 * t->n);
	if (!cp || !live || !out) {
		g_free(cp);
		g_free(live);
		g_free(out);
		return -ENOMEM;
	}
	for (size_t i = 0; i < t->n; i++) {
		if (!t->e[i].size)
			continue;
		cp[ncp++] = (struct change_point){ t->e[i].addr, &t->e[i],
						   false };
		cp[ncp++] = (struct change_point){
			t->e[i].addr + t->e[i].size, &t->e[i], true };
	}
	qsort(cp, ncp, sizeof(*cp), cmp_change_point);
	/*
	 * Sweep the boundaries with the entries that cover the address: the
	 * highest type among them is the type from here on.  A new entry
	 * starts where the type changes; an empty one is overwritten.
	 */
	for (size_t c = 0; c < ncp; c++) {
		unsigned int type = 0;

		if (!cp[c].end) {
			live[nlive++] = cp[c].entry;
		} else {
			for (size_t i = 0; i < nlive; i++) {
				if (live[i] == cp[c].entry) {
					live[i] = live[--nlive];
					break;
				}
			}
		}
		for (size_t i = 0; i < nlive; i++)
			if (live[i]->type > type)
				type = live[i]->type;
		if (type == last_type && !e820_nomerge(type))
			continue;
		if (last_type) {
			out[nout].size = cp[c].addr - last_addr;
			if (out[nout].size)
				nout++;
		}
		if (type) {
			out[nout].addr = cp[c].addr;
			out[nout].type = type;
			last_addr = cp[c].addr;
		}
		last_type = type;
	}
	g_free(cp);
	g_free(live);
	g_free(t->e);
	t->cap = 2 * t->n;
	t->e = out;
	t->n = nout;
	return 0;
}

int cms_e820_table_init(struct cms_e820_table *t,
			const struct cmasim_machine *m)
{
	t->cap = m->nr_e820 ? m->nr_e820 : 1;
	t->e = g_try_new(struct cms_e820_entry, t->cap);
	if (!t->e)
		return -ENOMEM;
	memcpy(t->e, m->e820, m->nr_e820 * sizeof(*t->e));
	t->n = m->nr_e820;
	qsort(t->e, t->n, sizeof(*t->e), cmp_e820);
	if (cms_e820_update_table(t)) {
		cms_e820_table_free(t);
		return -ENOMEM;
	}
	return 0;
}

void cms_e820_table_free(struct cms_e820_table *t)
{
	g_free(t->e);
	t->e = NULL;
	t->n = 0;
	t->cap = 0;
}

int cms_e820_edit_ram(struct cms_e820_table *t, uint64_t start, uint64_t end,
		      unsigned int new_type)
{
	size_t n = t->n;

	for (size_t i = 0; i < n; i++) {
		struct cms_e820_entry *e = &t->e[i];
		uint64_t es = e->addr, ee = e->addr + e->size;
		uint64_t cs = cms_max_u64(es, start), ce = cms_min_u64(ee, end);
		struct cms_e820_entry tail;

		if (e->type != CMASIM_E820_RAM || cs >= ce)
			continue;
		tail = (struct cms_e820_entry){ .addr = ce, .size = ee - ce,
						.type = e->type };
		e->size = cs - es;
		if (tail.size) {
			struct cms_e820_entry *x = cms_boot_grow((void **)&t->e,
						&t->n, &t->cap, sizeof(*x));
			if (!x)
				return -ENOMEM;
			*x = tail;
			e = &t->e[i];
		}
		if (new_type) {
			struct cms_e820_entry *x = cms_boot_grow((void **)&t->e,
						&t->n, &t->cap, sizeof(*x));
			if (!x)
				return -ENOMEM;
			*x = (struct cms_e820_entry){ .addr = cs, .size = ce - cs,
						      .type = new_type };
		}
	}
	/* drop emptied entries, keep address order */
	{
		size_t w = 0;

		for (size_t i = 0; i < t->n; i++)
			if (t->e[i].size)
				t->e[w++] = t->e[i];
		t->n = w;
	}
	qsort(t->e, t->n, sizeof(*t->e), cmp_e820);
	return 0;
}

uint64_t cms_e820_end_pfn(const struct cms_e820_table *t, uint64_t limit_pfn,
			  unsigned int page_shift)
{
	uint64_t last = 0;

	for (size_t i = 0; i < t->n; i++) {
		uint64_t s = t->e[i].addr >> page_shift;
		uint64_t e = (t->e[i].addr + t->e[i].size) >> page_shift;

		if (t->e[i].type != CMASIM_E820_RAM || s >= limit_pfn)
			continue;
		if (e > limit_pfn) {
			last = limit_pfn;
			break;
		}
		if (e > last)
			last = e;
	}
	return last;
}

void cms_e820_print_table(struct cmasim *sim, const struct cms_e820_table *t,
			  const char *who)
{
	char buf[32];

	for (size_t i = 0; i < t->n; i++)
		cms_pr_info(sim, "%s: [mem 0x%016llx-0x%016llx] %s", who,
			    (unsigned long long)t->e[i].addr,
			    (unsigned long long)(t->e[i].addr + t->e[i].size - 1),
			    e820_type_name(t->e[i].type, buf, sizeof(buf)));
}

/*
 * mem= (parse_memopt) removed the RAM above the smallest limit while the
 * command line was parsed; e820__finish_early_params() then sanitises the
 * table (adjacent entries of one type merge) and prints it as "user".
 * A refused mem=0 still makes the map user-defined.
 */
int cms_e820_user_map(struct cmasim *sim, struct cms_e820_table *t)
{
	const struct cms_cmdline *cl = sim->boot->cmdline;
	int ret;

	if (!cl || !cl->mem_userdef)
		return 0;
	if (cl->mem_given && cl->mem_limit) {
		ret = cms_e820_edit_ram(t, cl->mem_limit, UINT64_MAX, 0);
		if (ret)
			return ret;
	}
	ret = cms_e820_update_table(t);
	if (ret)
		return ret;
	cms_pr_info(sim, "user-defined physical RAM map:");
	cms_e820_print_table(sim, t, "user");
	return 0;
}

/* e820__memblock_setup(): RAM into memblock, partial pages thrown away. */
int cms_e820_memblock_setup(struct cmasim *sim, const struct cms_e820_table *t)
{
	uint64_t ps = sim->page_size;
	/*
	 * EFI may pass more entries than the 128 of the static arrays, and
	 * the reservations x86 needs are made by now: the arrays may grow.
	 */
	int ret = cmasim_memblock_allow_resize(sim);

	for (size_t i = 0; i < t->n && !ret; i++) {
		uint64_t s = t->e[i].addr, e = s + t->e[i].size;

		if (t->e[i].type == 0xefffffffu)
			ret = cms_memblock_reserve(sim, s, e - s,
						   "e820__memblock_setup");
		if (ret || !cms_e820_is_ram(t->e[i].type))
			continue;
		ret = cms_memblock_add(sim, s, e - s, "e820__memblock_setup");
	}
	/* throw away partial pages */
	if (!ret)
		ret = cms_memblock_trim_memory(sim, ps);
	if (!ret)
		cms_memblock_dump_all(sim);
	return ret;
}

/* e820__register_nosave_regions(max_pfn): the holes and non-RAM below it. */
static void register_nosave(struct cms_boot_state *b, uint64_t s, uint64_t e)
{
	if (s >= e)
		return;
	if (b->nr_nosave && b->nosave[b->nr_nosave - 1][1] == s) {
		b->nosave[b->nr_nosave - 1][1] = e;
		return;
	}
	if (b->nr_nosave < CMS_BOOT_MAX_NOSAVE) {
		b->nosave[b->nr_nosave][0] = s;
		b->nosave[b->nr_nosave][1] = e;
		b->nr_nosave++;
	}
}

void cms_e820_register_nosave_regions(struct cmasim *sim,
				      const struct cms_e820_table *t)
{
	struct cms_boot_state *b = sim->boot;
	unsigned int ps = sim->page_shift;
	uint64_t pfn = 0;

	b->nr_nosave = 0;
	for (size_t i = 0; i < t->n; i++) {
		uint64_t up = cms_align_up(t->e[i].addr, sim->page_size) >> ps;

		register_nosave(b, pfn, up);
		pfn = (t->e[i].addr + t->e[i].size) >> ps;
		if (!cms_e820_is_ram(t->e[i].type))
			register_nosave(b, up, pfn);
		if (pfn >= b->max_pfn)
			break;
	}
}
