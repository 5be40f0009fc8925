/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The pictures of `cmasim map` and `cmasim run --charts/--html`: a
 * machine's memory as cells (one per pageblock, or per group of
 * pageblocks on a large machine), drawn as SVG or text; charts of a
 * scenario run; the interactive HTML view.  They read the instance
 * through the public getters and never change it.  Only the public API
 * and GLib.
 */
#ifndef CMASIM_VIEW_H
#define CMASIM_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include <cmasim/cmasim.h>

/* ---- The map model (view-map.c) ---- */

/* At most this many zones are told apart inside one cell. */
#define VIEW_CELL_ZONES 4

/* The pageblocks of one zone inside a cell, per migratetype. */
struct view_cell_zone {
	int zone;			/* zone slot, -1: unused entry */
	uint32_t blocks[CMASIM_MIGRATE_TYPES];
};

/* One cell: a pageblock, or 2^k of them. */
struct view_cell {
	/* pages of the pageblocks the walk reported (they have a memmap) */
	uint64_t online;
	uint64_t free, pcp, movable, unmovable, pinned, reserved, absent;
	/* inside CMA pageblocks: pinned pages, and allocated pages that are
	 * not movable and not cma_alloc()'s: what stops cma_alloc() */
	uint64_t cma_pinned, cma_unmovable;
	int max_free_order;		/* -1: no free buddy block */
	struct view_cell_zone zones[VIEW_CELL_ZONES];
};

/* Something outlined and named on the map. */
enum view_region_kind {
	VIEW_REGION_CMA = 0,		/* a CMA area */
	VIEW_REGION_RESERVED,		/* a /reserved-memory region */
	VIEW_REGION_NOMAP,		/* no-map: not even mapped */
	VIEW_REGION_POOL,		/* a DMA pool (coherent, atomic) */
	VIEW_REGION_RESTRICTED,		/* a restricted-dma-pool */
	VIEW_REGION_KINDS
};

struct view_region {
	gchar *name;
	enum view_region_kind kind;
	bool no_map;			/* its memory is not even mapped */
	uint64_t start_pfn, end_pfn;
	gchar *what;			/* "CMA area, 64 MiB, 3% used" */
};

/* A zone as labelled on the map. */
struct view_zone {
	int slot;
	int nid;
	gchar *name;			/* "DMA32" */
	uint64_t start_pfn, end_pfn;
};

struct view_map_opts {
	uint64_t start_pfn, end_pfn;	/* 0, 0: the whole machine */
	unsigned int max_cells;		/* 0: VIEW_MAX_CELLS */
	unsigned int cols;		/* 0: VIEW_COLS */
};

#define VIEW_MAX_CELLS 4096
#define VIEW_COLS 64

/*
 * A row of the drawing: cells, or a run of rows whose cells have no
 * memmap at all (no pageblock), drawn as one line.
 */
struct view_row {
	unsigned int first_cell;
	unsigned int nr_rows;		/* > 1: elided rows without memory */
};

struct view_map {
	gchar *title;			/* "x86_64, Linux 6.12, 1 GiB" */
	uint64_t page_size;
	unsigned int pageblock_order;
	uint64_t start_pfn, end_pfn;	/* the cells' span */
	unsigned int pb_per_cell;	/* pageblocks per cell, a power of 2 */
	uint64_t cell_pages;
	unsigned int cols;
	unsigned int nr_cells;
	struct view_cell *cells;
	GArray *rows;			/* struct view_row */
	GArray *regions;		/* struct view_region */
	GArray *zones;			/* struct view_zone */
};

/*
 * Read @sim (booted: its zones exist) into cells.  Returns 0, or
 * -EINVAL (a range with nothing in it; *@err says why, g_free it) or
 * -EPERM (no zones yet).
 */
int view_map_build(const struct cmasim *sim, const struct view_map_opts *o,
		   struct view_map **out, gchar **err);
void view_map_free(struct view_map *m);

/* The migratetype most of a cell's pageblocks have, -1: none. */
int view_cell_type(const struct view_cell *c);
/* Pages in use (allocated or reserved) of a cell. */
uint64_t view_cell_used(const struct view_cell *c);
/* The first pfn of cell @i. */
uint64_t view_cell_pfn(const struct view_map *m, unsigned int i);
/* The cells [@c0, @c1] that pfns [@s, @e) cover; false if none. */
bool view_cell_span(const struct view_map *m, uint64_t s, uint64_t e,
		    unsigned int *c0, unsigned int *c1);
/*
 * The drawing's row of every row of cells (the rows of an elided run
 * share one), g_free() it.
 */
unsigned int *view_map_visual_rows(const struct view_map *m);

/* Names and colours shared by the writers. */
const char *view_type_name(int mt);		/* "Movable" */
char view_type_letter(int mt);			/* 'M' */
const char *view_type_colour(int mt);		/* "#1f77b4" */
const char *view_region_kind_name(enum view_region_kind k);
/* "64 MiB", "1023.5 MiB": the largest unit, one decimal unless exact */
gchar *view_size(uint64_t bytes);
/* "0x40000000" (hex, at least 8 digits) */
gchar *view_addr(uint64_t addr);

/* The map as an SVG document, and as text with a legend. */
void view_map_svg(const struct view_map *m, GString *out);
void view_map_text(const struct view_map *m, GString *out);

/*
 * Parse "START-END" (byte addresses in memparse syntax: "0x40000000-2G",
 * "1G-1536M") into a pfn range of @sim's page size.  false and *@err on
 * a bad range.
 */
bool view_parse_range(const struct cmasim *sim, const char *text,
		      uint64_t *start_pfn, uint64_t *end_pfn, gchar **err);

/* ---- A scenario run, step by step (view-run.c) ---- */

/* What the charts plot of one step. */
struct view_sample {
	uint64_t *free;			/* per chart zone and order: free pages */
	uint32_t *unusable;		/* per chart zone and order: index, 1/1000 */
	uint32_t blocks[CMASIM_MIGRATE_TYPES];	/* pageblocks, all zones */
	struct cmasim_extfrag_stats extfrag;
	uint64_t *cma_used;		/* per area: pages cma_alloc() holds */
	uint64_t cma_success, cma_fail;	/* vmstat cma_alloc_success/_fail */
};

/* One result of the run (the boot is the first). */
struct view_step {
	unsigned int line;
	gchar *text, *verb, *output, *expect_text;
	bool skipped;
	int ret, check;
	uint64_t value;
	enum cmasim_expect_outcome expect;
	bool cma_alloc;			/* the step called cma_alloc() */
	GPtrArray *dmesg, *diag;	/* gchar * */
	bool sampled;			/* the machine was there to read */
	struct view_sample s;
	/* the interactive view: indices into the run's tables, -1 none */
	int map, details, free_lists, bitmaps;
	gchar *windows;			/* JSON array of failed windows, or NULL */
};

/* A table of distinct texts, each kept once. */
struct view_dict {
	GPtrArray *texts;
	GHashTable *index;		/* text -> index + 1 */
};

struct view_run_opts {
	bool html;			/* keep what the HTML view needs */
	unsigned int max_detail_cells;	/* 0: VIEW_MAX_DETAIL */
};

/* Pageblocks whose pages the HTML view keeps (one cell per pageblock). */
#define VIEW_MAX_DETAIL 16384

struct view_run {
	gchar *name, *description, *file;
	struct view_run_opts opts;
	struct view_map *geometry;	/* the first map: cells, zones, regions */
	unsigned int nr_orders;
	GPtrArray *areas;		/* gchar *: CMA area names */
	GArray *area_base, *area_count;	/* uint64_t */
	GArray *steps;			/* struct view_step */
	/* the HTML view's tables */
	struct view_dict maps, details, detail_sets, free_sets, bitmap_sets;
	struct view_dict owners;	/* owner names; "" is 0 */
	bool details_kept;
};

struct view_run *view_run_new(const struct cmasim_scenario *sc,
			      const char *file,
			      const struct view_run_opts *o);
void view_run_free(struct view_run *r);
/* Record one result: call from the cmasim_scenario_fn, before returning. */
void view_run_record(struct view_run *r, const struct cmasim *sim,
		     const struct cmasim_scenario_result *res);

/* The charts of a run, one SVG file each in @dir (view-charts.c). */
int view_charts_write(const struct view_run *r, const char *dir,
		      GPtrArray *written, gchar **err);
/* The interactive view of a run, one HTML document (view-html.c). */
void view_html(const struct view_run *r, GString *out);

/* JSON text helpers (view-run.c). */
void view_json_str(GString *o, const char *s);

#endif /* CMASIM_VIEW_H */
