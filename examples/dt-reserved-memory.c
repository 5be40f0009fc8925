// SPDX-License-Identifier: GPL-2.0-only
/*
 * Where does dma_alloc_coherent() take memory from on a board whose
 * device tree reserves memory for its devices?
 *
 * The tree is built in memory with libfdt's sequential-write API: 1 GiB
 * of RAM at 0x40000000 and three /reserved-memory regions: the default
 * CMA pool (linux,cma, 32 MiB), a no-map pool for a video decoder (vpu,
 * 4 MiB at 0x50000000) and a reusable pool of 4.75 MiB for a camera,
 * which the kernel refuses ("incorrect alignment of CMA region": a CMA
 * area must start and end on a pageblock).  The machine boots Linux
 * 6.12's rules; then each device asks for coherent buffers and the
 * simulator says which allocator served each one:
 *  - the decoder gets its buffer from its own pool, and nothing else
 *    when that pool is full;
 *  - the camera's region was never set up, so its buffers come from the
 *    default CMA area, and a non-blocking one from a DMA atomic pool
 *    (the camera is not cache-coherent).
 *
 * Build: cc dt-reserved-memory.c $(pkg-config --cflags --libs cmasim libfdt)
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include <cmasim/cmasim.h>

#define MiB (UINT64_C(1) << 20)

/* A 64-bit value as two big-endian cells. */
static int prop_u64s(void *fdt, const char *name, const uint64_t *v, int n)
{
	fdt64_t cells[4];

	for (int i = 0; i < n; i++)
		cells[i] = cpu_to_fdt64(v[i]);
	return fdt_property(fdt, name, cells, n * (int)sizeof(cells[0]));
}

/* A shared-dma-pool child of /reserved-memory. */
static int pool(void *fdt, const char *name, uint32_t phandle,
		uint64_t base, uint64_t size, const char *flag)
{
	int err = fdt_begin_node(fdt, name);

	err = err ? err : fdt_property_string(fdt, "compatible",
					      "shared-dma-pool");
	if (!err && base) {
		uint64_t reg[2] = { base, size };

		err = prop_u64s(fdt, "reg", reg, 2);
	} else if (!err) {
		err = prop_u64s(fdt, "size", &size, 1);
	}
	err = err ? err : fdt_property(fdt, flag, NULL, 0);
	if (!err && phandle)
		err = fdt_property_u32(fdt, "phandle", phandle);
	if (!err && !strcmp(name, "linux,cma"))
		err = fdt_property(fdt, "linux,cma-default", NULL, 0);
	return err ? err : fdt_end_node(fdt);
}

/* A device node naming region @phandle in memory-region. */
static int device(void *fdt, const char *name, uint32_t phandle)
{
	int err = fdt_begin_node(fdt, name);

	err = err ? err : fdt_property_u32(fdt, "memory-region", phandle);
	return err ? err : fdt_end_node(fdt);
}

static int build_tree(void *fdt, int size)
{
	uint64_t mem[2] = { 0x40000000, 1024 * MiB };
	int err = fdt_create(fdt, size);

	err = err ? err : fdt_finish_reservemap(fdt);
	err = err ? err : fdt_begin_node(fdt, "");
	err = err ? err : fdt_property_u32(fdt, "#address-cells", 2);
	err = err ? err : fdt_property_u32(fdt, "#size-cells", 2);
	err = err ? err : fdt_property_string(fdt, "model", "example board");
	err = err ? err : fdt_begin_node(fdt, "memory@40000000");
	err = err ? err : fdt_property_string(fdt, "device_type", "memory");
	err = err ? err : prop_u64s(fdt, "reg", mem, 2);
	err = err ? err : fdt_end_node(fdt);
	err = err ? err : fdt_begin_node(fdt, "reserved-memory");
	err = err ? err : fdt_property_u32(fdt, "#address-cells", 2);
	err = err ? err : fdt_property_u32(fdt, "#size-cells", 2);
	err = err ? err : fdt_property(fdt, "ranges", NULL, 0);
	err = err ? err : pool(fdt, "linux,cma", 0, 0, 32 * MiB, "reusable");
	err = err ? err : pool(fdt, "vpu@50000000", 1, 0x50000000, 4 * MiB,
			       "no-map");
	err = err ? err : pool(fdt, "camera-pool", 2, 0, 0x4c0000,
			       "reusable");
	err = err ? err : fdt_end_node(fdt);
	err = err ? err : device(fdt, "vpu@10000000", 1);
	err = err ? err : device(fdt, "camera@11000000", 2);
	err = err ? err : fdt_end_node(fdt);
	return err ? err : fdt_finish(fdt);
}

static const char *const paths[] = {
	[CMASIM_DMA_PATH_DEV_COHERENT] = "the device's coherent pool",
	[CMASIM_DMA_PATH_GLOBAL_COHERENT] = "the global coherent pool",
	[CMASIM_DMA_PATH_ATOMIC_POOL] = "a DMA atomic pool",
	[CMASIM_DMA_PATH_CMA] = "a CMA area",
	[CMASIM_DMA_PATH_BUDDY] = "the buddy allocator",
};

static const char *const kinds[] = {
	[CMASIM_RMEM_RESERVED] = "reserved", [CMASIM_RMEM_NOMAP] = "no-map",
	[CMASIM_RMEM_CMA] = "cma", [CMASIM_RMEM_COHERENT] = "coherent",
	[CMASIM_RMEM_RESTRICTED] = "restricted-dma",
	[CMASIM_RMEM_FAILED] = "refused",
};

static int show_region(const struct cmasim_rmem_info *r, void *data)
{
	(void)data;
	printf("  %-14s 0x%08" PRIx64 " %6" PRIu64 " KiB  %s\n", r->name,
	       (uint64_t)r->base, r->size >> 10, kinds[r->kind]);
	return 0;
}

static int show_device(const struct cmasim_dt_device_info *d, void *data)
{
	(void)data;
	printf("  %-18s memory-region %s: %s\n", d->name, d->region,
	       d->err ? "not bound (no setup)" : "bound");
	return 0;
}

/* One dma_alloc_coherent(); the path it took, or -errno. */
static int alloc(struct cmasim *sim, const char *dev_name, uint64_t size,
		 unsigned int flags, struct cmasim_dma_buffer *buf)
{
	struct cmasim_device *dev = cmasim_device_find(sim, dev_name);
	int ret = dev ? cmasim_dma_alloc_coherent(sim, dev, size, flags, buf) :
			-ENODEV;

	if (ret)
		printf("%s: %" PRIu64 " KiB%s: error %d\n", dev_name,
		       size >> 10, flags ? " (atomic)" : "", ret);
	else
		printf("%s: %" PRIu64 " KiB%s at 0x%08" PRIx64 " from %s\n",
		       dev_name, size >> 10, flags ? " (atomic)" : "",
		       (uint64_t)buf->phys, paths[buf->path]);
	return ret ? ret : (int)buf->path;
}

int main(void)
{
	static char blob[4096];
	struct cmasim_config *cfg = cmasim_config_new();
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_ARM64_4K);
	struct cmasim_dma_buffer vpu, big, cam, cam_atomic;
	struct cmasim *sim = NULL;
	int ok = 1;

	if (!cfg || !m || build_tree(blob, sizeof(blob)) ||
	    cmasim_config_set_arch(cfg, "arm64") ||
	    cmasim_config_set_kernel(cfg, "6.12") ||
	    cmasim_create(cfg, &sim) ||
	    cmasim_machine_set_dt(m, blob, fdt_totalsize(blob), 0, NULL,
				  NULL) ||
	    cmasim_boot(sim, m, NULL)) {
		fprintf(stderr, "setup failed\n");
		return 1;
	}
	printf("What the kernel said:\n");
	for (size_t i = 0; i < cmasim_dmesg_count(sim); i++) {
		const char *l = cmasim_dmesg_line(sim, i, NULL);

		if (strstr(l, "Reserved memory") || !strncmp(l, "OF: ", 4) ||
		    strstr(l, "assigned reserved memory"))
			printf("  %s\n", l);
	}
	printf("The reserved-memory table:\n");
	cmasim_for_each_rmem(sim, show_region, NULL);
	printf("The devices:\n");
	cmasim_for_each_dt_device(sim, show_device, NULL);

	ok &= alloc(sim, "10000000.vpu", 64 << 10, 0, &vpu) ==
	      CMASIM_DMA_PATH_DEV_COHERENT;
	/* larger than the whole pool: no fallback */
	ok &= alloc(sim, "10000000.vpu", 8 * MiB, 0, &big) == -E2BIG;
	ok &= alloc(sim, "11000000.camera", 1 * MiB, 0, &cam) ==
	      CMASIM_DMA_PATH_CMA;
	ok &= alloc(sim, "11000000.camera", 8 << 10, CMASIM_DMA_ATOMIC,
		    &cam_atomic) == CMASIM_DMA_PATH_ATOMIC_POOL;
	ok &= !cmasim_dma_free_coherent(sim, cmasim_device_find(sim, "10000000.vpu"),
					64 << 10, vpu.phys, vpu.dma_addr);
	ok &= !cmasim_dma_free_coherent(sim, cmasim_device_find(sim, "11000000.camera"),
					1 * MiB, cam.phys, cam.dma_addr);
	ok &= !cmasim_dma_free_coherent(sim, cmasim_device_find(sim, "11000000.camera"),
					8 << 10, cam_atomic.phys,
					cam_atomic.dma_addr);
	ok &= !cmasim_check(sim);
	printf("%s\n", ok ? "as expected" : "NOT as expected");
	cmasim_destroy(sim);
	cmasim_machine_destroy(m);
	cmasim_config_destroy(cfg);
	return ok ? 0 : 1;
}
