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

/* Layout (all integers u32 little-endian unless said otherwise, offsets from
 * the file start; see schemas/README.md):
 *   0  magic "CRDCBND2"
 *   8  count of definitions
 *  12  meta offset, 16 meta length       (compact JSON object)
 *  20  index offset                       (count entries of 16 bytes:
 *                                          name off, name len, data off, data len;
 *                                          sorted by name, bytewise)
 *  24  string count, 28 string table offset (entries of 8 bytes: off, len)
 * Names are NUL-terminated.  A definition's data is one encoded value:
 *   'n' null, 't' true, 'f' false,
 *   'i' integer (zigzag varint), 'r' number (8 bytes, IEEE 754, little-endian),
 *   's' string (varint index into the string table),
 *   'a' array (varint count, then the values),
 *   'o' object (varint count, then per member a varint key index and the value).
 * Every string and key is stored once in the string table: a bundle is about
 * half the size of the JSON it comes from and decodes several times faster. */
enum { HDR_SIZE = 32, ENTRY_SIZE = 16, STR_ENTRY = 8, MAX_DEPTH = 128 };

struct bundle {
	unsigned char *map;
	size_t size;
	uint32_t count;
	uint32_t index;
	uint32_t nstrings;
	uint32_t strtab;
	json_t **strings;	/* decoded strings, shared (never edited in place) */
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

static void put_varint(struct buf *b, uint64_t v)
{
	unsigned char c[10];
	size_t n = 0;
	do {
		c[n] = (unsigned char)(v & 0x7F);
		v >>= 7;
		if (v)
			c[n] |= 0x80;
		n++;
	} while (v);
	buf_add(b, c, n);
}

/* --- writing ----------------------------------------------------------------- */

struct strtab {
	json_t *index;	/* string -> integer */
	struct buf blob;
	struct buf entries;
	uint32_t n;
};

static uint32_t intern(struct strtab *t, const char *s, size_t len)
{
	/* jansson keys are NUL-terminated; crdc strings never hold NUL. */
	json_t *i = json_object_getn(t->index, s, len);
	if (i)
		return (uint32_t)json_integer_value(i);
	put_u32(&t->entries, (uint32_t)t->blob.len);
	put_u32(&t->entries, (uint32_t)len);
	buf_add(&t->blob, s, len);
	json_object_setn_new(t->index, s, len, json_integer(t->n));
	return t->n++;
}

static void encode(struct buf *b, struct strtab *t, const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_NULL: buf_addc(b, 'n'); break;
	case JSON_TRUE: buf_addc(b, 't'); break;
	case JSON_FALSE: buf_addc(b, 'f'); break;
	case JSON_INTEGER: {
		int64_t i = json_integer_value(v);
		buf_addc(b, 'i');
		put_varint(b, ((uint64_t)i << 1) ^ (uint64_t)(i >> 63));
		break;
	}
	case JSON_REAL: {
		double d = json_real_value(v);
		uint64_t bits;
		memcpy(&bits, &d, 8);
		buf_addc(b, 'r');
		for (int k = 0; k < 8; k++)
			buf_addc(b, (char)(bits >> (8 * k)));
		break;
	}
	case JSON_STRING:
		buf_addc(b, 's');
		put_varint(b, intern(t, json_string_value(v), json_string_length(v)));
		break;
	case JSON_ARRAY: {
		buf_addc(b, 'a');
		put_varint(b, json_array_size(v));
		size_t i;
		json_t *x;
		json_array_foreach((json_t *)v, i, x)
			encode(b, t, x);
		break;
	}
	case JSON_OBJECT: {
		size_t n;
		const char **keys = json_sorted_keys(v, &n);
		buf_addc(b, 'o');
		put_varint(b, n);
		for (size_t i = 0; i < n; i++) {
			put_varint(b, intern(t, keys[i], strlen(keys[i])));
			encode(b, t, json_object_get(v, keys[i]));
		}
		free(keys);
		break;
	}
	}
}

bool bundle_write(const char *path, const json_t *defs, const json_t *meta)
{
	size_t n;
	const char **names = json_sorted_keys(defs, &n);
	struct strtab t = {json_object(), BUF_INIT, BUF_INIT, 0};
	struct buf data = BUF_INIT;
	size_t *doff = xmalloc((n + 1) * sizeof(*doff));
	for (size_t i = 0; i < n; i++) {
		doff[i] = data.len;
		encode(&data, &t, json_object_get(defs, names[i]));
	}
	doff[n] = data.len;

	struct buf out = BUF_INIT;
	buf_add(&out, "CRDCBND2", 8);
	for (int i = 0; i < 6; i++)
		put_u32(&out, 0);
	set_u32(&out, 8, (uint32_t)n);
	set_u32(&out, 20, HDR_SIZE);
	size_t index = out.len;
	for (size_t i = 0; i < n * ENTRY_SIZE; i++)
		buf_addc(&out, 0);
	char *m = json_dumps(meta, JSON_COMPACT | JSON_SORT_KEYS);
	set_u32(&out, 12, (uint32_t)out.len);
	set_u32(&out, 16, (uint32_t)strlen(m));
	buf_adds(&out, m);
	free(m);
	for (size_t i = 0; i < n; i++) {
		set_u32(&out, index + i * ENTRY_SIZE, (uint32_t)out.len);
		set_u32(&out, index + i * ENTRY_SIZE + 4, (uint32_t)strlen(names[i]));
		buf_add(&out, names[i], strlen(names[i]) + 1);
	}
	size_t data_at = out.len;
	buf_add(&out, data.p, data.len);
	for (size_t i = 0; i < n; i++) {
		set_u32(&out, index + i * ENTRY_SIZE + 8, (uint32_t)(data_at + doff[i]));
		set_u32(&out, index + i * ENTRY_SIZE + 12, (uint32_t)(doff[i + 1] - doff[i]));
	}
	/* The string table: entries first, then the bytes they point at. */
	set_u32(&out, 24, t.n);
	set_u32(&out, 28, (uint32_t)out.len);
	size_t entries_at = out.len, blob_at = out.len + t.entries.len;
	buf_add(&out, t.entries.p, t.entries.len);
	for (uint32_t i = 0; i < t.n; i++)
		set_u32(&out, entries_at + (size_t)i * STR_ENTRY,
			(uint32_t)(blob_at + get_u32((const unsigned char *)t.entries.p + (size_t)i * STR_ENTRY)));
	buf_add(&out, t.blob.p, t.blob.len);

	bool ok = out.len < UINT32_MAX && fs_write_atomic(path, out.p, out.len);
	buf_free(&out);
	buf_free(&data);
	buf_free(&t.blob);
	buf_free(&t.entries);
	json_decref(t.index);
	free(doff);
	free(names);
	return ok;
}

/* --- reading ----------------------------------------------------------------- */

static bool in_bounds(const struct bundle *b, uint64_t off, uint64_t len)
{
	return off <= b->size && len <= b->size - off;
}

const char *bundle_name(const struct bundle *b, size_t i)
{
	const unsigned char *e = b->map + b->index + i * ENTRY_SIZE;
	return (const char *)b->map + get_u32(e);
}

struct bundle *bundle_open(const char *path, struct buf *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		buf_addf(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < HDR_SIZE || st.st_size >= UINT32_MAX) {
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
	bool ok = memcmp(p, "CRDCBND2", 8) == 0;
	if (ok) {
		b->count = get_u32(p + 8);
		b->index = get_u32(p + 20);
		b->nstrings = get_u32(p + 24);
		b->strtab = get_u32(p + 28);
		uint32_t moff = get_u32(p + 12), mlen = get_u32(p + 16);
		ok = in_bounds(b, b->index, (uint64_t)b->count * ENTRY_SIZE) &&
		     in_bounds(b, b->strtab, (uint64_t)b->nstrings * STR_ENTRY) && in_bounds(b, moff, mlen);
		if (ok) {
			b->meta = json_loadb((const char *)p + moff, mlen, 0, NULL);
			ok = json_is_object(b->meta);
		}
	}
	/* Every entry in bounds, every name terminated, names in order: the
	 * binary search and the decoder rely on it. */
	for (uint32_t i = 0; ok && i < b->count; i++) {
		const unsigned char *e = p + b->index + (size_t)i * ENTRY_SIZE;
		uint32_t no = get_u32(e), nl = get_u32(e + 4), dof = get_u32(e + 8), dl = get_u32(e + 12);
		ok = in_bounds(b, no, (uint64_t)nl + 1) && p[no + nl] == '\0' && in_bounds(b, dof, dl) &&
		     strlen((const char *)p + no) == nl;
		if (ok && i)
			ok = strcmp(bundle_name(b, i - 1), (const char *)p + no) < 0;
	}
	for (uint32_t i = 0; ok && i < b->nstrings; i++) {
		const unsigned char *e = p + b->strtab + (size_t)i * STR_ENTRY;
		ok = in_bounds(b, get_u32(e), get_u32(e + 4));
	}
	if (!ok) {
		buf_addf(err, "%s: not a valid crdc schema bundle (rebuild crdc)", path);
		bundle_close(b);
		return NULL;
	}
	b->strings = xcalloc(b->nstrings ? b->nstrings : 1, sizeof(*b->strings));
	return b;
}

void bundle_close(struct bundle *b)
{
	if (!b)
		return;
	for (uint32_t i = 0; b->strings && i < b->nstrings; i++)
		json_decref(b->strings[i]);
	free(b->strings);
	munmap(b->map, b->size);
	json_decref(b->meta);
	free(b);
}

size_t bundle_count(const struct bundle *b)
{
	return b->count;
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

struct decoder {
	struct bundle *b;
	const unsigned char *p, *end;
	bool bad;
};

static uint64_t get_varint(struct decoder *d)
{
	uint64_t v = 0;
	for (unsigned shift = 0; shift < 64; shift += 7) {
		if (d->p >= d->end) {
			d->bad = true;
			return 0;
		}
		unsigned char c = *d->p++;
		v |= (uint64_t)(c & 0x7F) << shift;
		if (!(c & 0x80))
			return v;
	}
	d->bad = true;
	return 0;
}

/* The string at index i: new reference to the shared node. */
static json_t *string_at(struct decoder *d, uint64_t i)
{
	struct bundle *b = d->b;
	if (i >= b->nstrings) {
		d->bad = true;
		return NULL;
	}
	if (!b->strings[i]) {
		const unsigned char *e = b->map + b->strtab + i * STR_ENTRY;
		b->strings[i] = json_stringn((const char *)b->map + get_u32(e), get_u32(e + 4));
		if (!b->strings[i]) {
			d->bad = true;	/* not UTF-8: a damaged bundle */
			return NULL;
		}
	}
	return json_incref(b->strings[i]);
}

static json_t *decode(struct decoder *d, int depth)
{
	if (d->bad || d->p >= d->end || depth > MAX_DEPTH) {
		d->bad = true;
		return NULL;
	}
	switch (*d->p++) {
	case 'n': return json_null();
	case 't': return json_true();
	case 'f': return json_false();
	case 'i': {
		uint64_t z = get_varint(d);
		return json_integer((json_int_t)((z >> 1) ^ (~(z & 1) + 1)));
	}
	case 'r': {
		if (d->end - d->p < 8) {
			d->bad = true;
			return NULL;
		}
		uint64_t bits = 0;
		for (int k = 0; k < 8; k++)
			bits |= (uint64_t)d->p[k] << (8 * k);
		d->p += 8;
		double v;
		memcpy(&v, &bits, 8);
		json_t *r = json_real(v);
		if (!r)
			d->bad = true;
		return r;
	}
	case 's': return string_at(d, get_varint(d));
	case 'a': {
		uint64_t n = get_varint(d);
		json_t *a = json_array();
		for (uint64_t i = 0; i < n && !d->bad; i++) {
			json_t *v = decode(d, depth + 1);
			if (v)
				json_array_append_new(a, v);
		}
		return a;
	}
	case 'o': {
		uint64_t n = get_varint(d);
		json_t *o = json_object();
		for (uint64_t i = 0; i < n && !d->bad; i++) {
			json_t *k = string_at(d, get_varint(d));
			json_t *v = k ? decode(d, depth + 1) : NULL;
			if (v)
				json_object_setn_new_nocheck(o, json_string_value(k), json_string_length(k), v);
			json_decref(k);
		}
		return o;
	}
	default: d->bad = true; return NULL;
	}
}

json_t *bundle_get(struct bundle *b, const char *name, struct buf *err)
{
	size_t i = find(b, name);
	if (i == b->count)
		return NULL;
	const unsigned char *e = b->map + b->index + i * ENTRY_SIZE;
	struct decoder d = {b, b->map + get_u32(e + 8), b->map + get_u32(e + 8) + get_u32(e + 12), false};
	json_t *v = decode(&d, 0);
	if (d.bad || !json_is_object(v)) {
		json_decref(v);
		buf_addf(err, "schema bundle entry '%s' is corrupt (rebuild crdc)", name);
		return NULL;
	}
	return v;
}
