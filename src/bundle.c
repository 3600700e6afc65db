#include "config.h"
#include "bundle.h"
#include "fsutil.h"
#include "jsonutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Layout (all integers u32 little-endian, offsets from the file start):
 *   0  magic "CRDCBND1"
 *   8  count of definitions
 *  12  meta offset, 16 meta length       (JSON object)
 *  20  index offset                       (count entries of 16 bytes:
 *                                          name off, name len, data off, data len;
 *                                          sorted by name, bytewise)
 * Names are NUL-terminated; data is compact JSON. */
enum { HDR_SIZE = 24, ENTRY_SIZE = 16 };

struct bundle {
	unsigned char *map;
	size_t size;
	uint32_t count;
	uint32_t index;
	json_t *meta;
};

static void put_u32(struct buf *b, uint32_t v)
{
	unsigned char c[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
			      (unsigned char)(v >> 24)};
	buf_add(b, c, 4);
}

static void set_u32(struct buf *b, size_t at, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		b->p[at + (size_t)i] = (char)(v >> (8 * i));
}

static uint32_t get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

bool bundle_write(const char *path, const json_t *defs, const json_t *meta)
{
	size_t n;
	const char **names = json_sorted_keys(defs, &n);
	struct buf out = BUF_INIT;
	buf_add(&out, BUNDLE_MAGIC, 8);
	put_u32(&out, (uint32_t)n);
	char *m = json_dumps(meta, JSON_COMPACT | JSON_SORT_KEYS);
	put_u32(&out, 0);
	put_u32(&out, (uint32_t)strlen(m));
	put_u32(&out, HDR_SIZE);
	size_t index = out.len;
	for (size_t i = 0; i < n * ENTRY_SIZE; i++)
		buf_addc(&out, 0);
	set_u32(&out, 12, (uint32_t)out.len);
	buf_adds(&out, m);
	free(m);
	for (size_t i = 0; i < n; i++) {
		size_t at = index + i * ENTRY_SIZE;
		set_u32(&out, at, (uint32_t)out.len);
		set_u32(&out, at + 4, (uint32_t)strlen(names[i]));
		buf_add(&out, names[i], strlen(names[i]) + 1);
	}
	for (size_t i = 0; i < n; i++) {
		size_t at = index + i * ENTRY_SIZE;
		char *js = json_dumps(json_object_get(defs, names[i]), JSON_COMPACT | JSON_SORT_KEYS);
		set_u32(&out, at + 8, (uint32_t)out.len);
		set_u32(&out, at + 12, (uint32_t)strlen(js));
		buf_adds(&out, js);
		free(js);
	}
	free(names);
	bool ok = fs_write_atomic(path, out.p, out.len);
	buf_free(&out);
	return ok;
}

static bool in_bounds(const struct bundle *b, uint32_t off, uint32_t len)
{
	return (size_t)off <= b->size && (size_t)len <= b->size - off;
}

struct bundle *bundle_open(const char *path, struct buf *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		buf_addf(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < HDR_SIZE) {
		buf_addf(err, "%s: not a crdc schema bundle", path);
		close(fd);
		return NULL;
	}
	void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		buf_addf(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	struct bundle *b = xcalloc(1, sizeof(*b));
	b->map = map;
	b->size = (size_t)st.st_size;
	const unsigned char *p = b->map;
	bool ok = memcmp(p, BUNDLE_MAGIC, 8) == 0;
	if (ok) {
		b->count = get_u32(p + 8);
		b->index = get_u32(p + 20);
		uint32_t moff = get_u32(p + 12), mlen = get_u32(p + 16);
		ok = b->count <= (b->size / ENTRY_SIZE) && in_bounds(b, b->index, b->count * ENTRY_SIZE) &&
		     in_bounds(b, moff, mlen);
		if (ok) {
			b->meta = json_loadb((const char *)p + moff, mlen, 0, NULL);
			ok = json_is_object(b->meta);
		}
	}
	/* Every entry in bounds, every name terminated, names in order: the
	 * binary search and the callers rely on it. */
	for (uint32_t i = 0; ok && i < b->count; i++) {
		const unsigned char *e = p + b->index + (size_t)i * ENTRY_SIZE;
		uint32_t no = get_u32(e), nl = get_u32(e + 4), dof = get_u32(e + 8), dl = get_u32(e + 12);
		ok = nl < UINT32_MAX && in_bounds(b, no, nl + 1) && p[no + nl] == '\0' && in_bounds(b, dof, dl) &&
		     strlen((const char *)p + no) == nl;
		if (ok && i)
			ok = strcmp(bundle_name(b, i - 1), (const char *)p + no) < 0;
	}
	if (!ok) {
		buf_addf(err, "%s: not a valid crdc schema bundle (rebuild crdc)", path);
		bundle_close(b);
		return NULL;
	}
	return b;
}

void bundle_close(struct bundle *b)
{
	if (!b)
		return;
	munmap(b->map, b->size);
	json_decref(b->meta);
	free(b);
}

size_t bundle_count(const struct bundle *b)
{
	return b->count;
}

const char *bundle_name(const struct bundle *b, size_t i)
{
	const unsigned char *e = b->map + b->index + i * ENTRY_SIZE;
	return (const char *)b->map + get_u32(e);
}

json_t *bundle_meta(const struct bundle *b)
{
	return b->meta;
}

/* Binary search; returns count when absent. */
static size_t find(const struct bundle *b, const char *name)
{
	size_t lo = 0, hi = b->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, bundle_name(b, mid));
		if (c == 0)
			return mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return b->count;
}

bool bundle_has(const struct bundle *b, const char *name)
{
	return find(b, name) < b->count;
}

json_t *bundle_get(struct bundle *b, const char *name, struct buf *err)
{
	size_t i = find(b, name);
	if (i == b->count)
		return NULL;
	const unsigned char *e = b->map + b->index + i * ENTRY_SIZE;
	json_t *v = json_loadb((const char *)b->map + get_u32(e + 8), get_u32(e + 12), 0, NULL);
	if (!json_is_object(v)) {
		json_decref(v);
		buf_addf(err, "schema bundle entry '%s' is corrupt (rebuild crdc)", name);
		return NULL;
	}
	return v;
}
