#include "config.h"
#include "diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Beyond this many edits in one region, the rest of that region is shown as
 * removed and re-added: still a correct diff, found in bounded time. */
#define MAX_EDIT_COST 20000

struct line {
	const char *s;
	size_t len;	/* without the newline */
	uint64_t hash;
	bool nl;	/* ends with a newline */
};

struct lines {
	struct line *v;
	size_t n;
};

static void split_lines(const char *s, size_t len, struct lines *out)
{
	size_t cap = 16;
	out->v = xmalloc(cap * sizeof(*out->v));
	out->n = 0;
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - s) : len;
		if (out->n == cap)
			out->v = xrealloc(out->v, (cap *= 2) * sizeof(*out->v));
		uint64_t h = 1469598103934665603ULL;
		for (size_t k = i; k < end; k++)
			h = (h ^ (unsigned char)s[k]) * 1099511628211ULL;
		out->v[out->n++] = (struct line){s + i, end - i, h, nl != NULL};
		i = end + 1;
	}
}

struct differ {
	struct lines a, b;
	bool *del, *ins;	/* per line: removed from a / added in b */
	long *vf, *vb;		/* furthest-reaching x per diagonal, forward and backward */
};

static bool same(const struct differ *d, long i, long j)
{
	const struct line *x = &d->a.v[i], *y = &d->b.v[j];
	return x->hash == y->hash && x->len == y->len && x->nl == y->nl && memcmp(x->s, y->s, x->len) == 0;
}

struct range {
	long a0, a1, b0, b1;
};

/* Finds a point on an optimal edit path through r that splits it into two
 * smaller problems.  Returns false when the cost bound is exceeded. */
static bool middle(struct differ *d, struct range r, long *sx, long *sy)
{
	long n = r.a1 - r.a0, m = r.b1 - r.b0, delta = n - m;
	bool odd = delta & 1;
	long max = (n + m + 1) / 2 + 1;
	if (max > MAX_EDIT_COST)
		max = MAX_EDIT_COST;
	long off = max + 1;
	long *vf = d->vf, *vb = d->vb;
	vf[off + 1] = 0;
	vb[off + 1] = 0;
	for (long D = 0; D < max; D++) {
		for (long k = -D; k <= D; k += 2) {
			long x = (k == -D || (k != D && vf[off + k - 1] < vf[off + k + 1])) ? vf[off + k + 1]
											: vf[off + k - 1] + 1;
			long y = x - k;
			while (x < n && y < m && same(d, r.a0 + x, r.b0 + y))
				x++, y++;
			vf[off + k] = x;
			long c = delta - k;
			if (odd && c >= -(D - 1) && c <= D - 1 && x + vb[off + c] >= n) {
				*sx = x, *sy = y;
				return true;
			}
		}
		for (long c = -D; c <= D; c += 2) {
			long x = (c == -D || (c != D && vb[off + c - 1] < vb[off + c + 1])) ? vb[off + c + 1]
											: vb[off + c - 1] + 1;
			long y = x - c;
			while (x < n && y < m && same(d, r.a1 - 1 - x, r.b1 - 1 - y))
				x++, y++;
			vb[off + c] = x;
			long k = delta - c;
			if (!odd && k >= -D && k <= D && vf[off + k] + x >= n) {
				*sx = n - x, *sy = m - y;
				return true;
			}
		}
	}
	return false;
}

static void compute(struct differ *d)
{
	size_t cap = 64, top = 0;
	struct range *stack = xmalloc(cap * sizeof(*stack));
	stack[top++] = (struct range){0, (long)d->a.n, 0, (long)d->b.n};
	while (top) {
		struct range r = stack[--top];
		while (r.a0 < r.a1 && r.b0 < r.b1 && same(d, r.a0, r.b0))
			r.a0++, r.b0++;
		while (r.a1 > r.a0 && r.b1 > r.b0 && same(d, r.a1 - 1, r.b1 - 1))
			r.a1--, r.b1--;
		if (r.a0 == r.a1 || r.b0 == r.b1) {
			for (long i = r.a0; i < r.a1; i++)
				d->del[i] = true;
			for (long j = r.b0; j < r.b1; j++)
				d->ins[j] = true;
			continue;
		}
		long x, y;
		if (!middle(d, r, &x, &y)) {
			for (long i = r.a0; i < r.a1; i++)
				d->del[i] = true;
			for (long j = r.b0; j < r.b1; j++)
				d->ins[j] = true;
			continue;
		}
		if (top + 2 > cap)
			stack = xrealloc(stack, (cap *= 2) * sizeof(*stack));
		stack[top++] = (struct range){r.a0 + x, r.a1, r.b0 + y, r.b1};
		stack[top++] = (struct range){r.a0, r.a0 + x, r.b0, r.b0 + y};
	}
	free(stack);
}

enum { CONTEXT = 3 };

struct edit {
	char op;	/* ' ', '-', '+' */
	size_t ai, bi;	/* line index in a / b (for ' ' both) */
};

static void emit_line(struct buf *out, char op, const struct line *l)
{
	buf_addc(out, op);
	buf_add(out, l->s, l->len);
	buf_addc(out, '\n');
	if (!l->nl)
		buf_adds(out, "\\ No newline at end of file\n");
}

static void range_text(struct buf *out, size_t start, size_t count)
{
	if (count == 1)
		buf_addf(out, "%zu", start + 1);
	else
		buf_addf(out, "%zu,%zu", count ? start + 1 : start, count);
}

size_t diff_unified(struct buf *out, const char *a_name, const char *a, size_t alen, const char *b_name,
		    const char *b, size_t blen)
{
	if (alen == blen && memcmp(a, b, alen) == 0)
		return 0;
	struct differ d;
	split_lines(a, alen, &d.a);
	split_lines(b, blen, &d.b);
	d.del = xcalloc(d.a.n + 1, sizeof(bool));
	d.ins = xcalloc(d.b.n + 1, sizeof(bool));
	size_t vsize = 2 * (MAX_EDIT_COST + 4) + (d.a.n < MAX_EDIT_COST ? 0 : 0);
	d.vf = xcalloc(vsize, sizeof(long));
	d.vb = xcalloc(vsize, sizeof(long));
	compute(&d);

	/* The edit script, in order. */
	struct edit *ed = xmalloc((d.a.n + d.b.n + 1) * sizeof(*ed));
	size_t ne = 0, i = 0, j = 0, changes = 0;
	while (i < d.a.n || j < d.b.n) {
		if (i < d.a.n && d.del[i])
			ed[ne++] = (struct edit){'-', i++, j}, changes++;
		else if (j < d.b.n && d.ins[j])
			ed[ne++] = (struct edit){'+', i, j++}, changes++;
		else
			ed[ne++] = (struct edit){' ', i++, j++};
	}
	buf_addf(out, "--- %s\n+++ %s\n", a_name, b_name);
	for (size_t e = 0; e < ne;) {
		if (ed[e].op == ' ') {
			e++;
			continue;
		}
		/* A hunk: from CONTEXT lines before this change to CONTEXT lines
		 * after the last change that is no more than 2*CONTEXT away. */
		size_t start = e >= CONTEXT ? e - CONTEXT : 0, end = e;
		for (size_t k = e; k < ne; k++) {
			if (ed[k].op != ' ')
				end = k;
			else if (k - end > 2 * CONTEXT)
				break;
		}
		end = end + CONTEXT + 1 < ne ? end + CONTEXT + 1 : ne;
		size_t acount = 0, bcount = 0;
		for (size_t k = start; k < end; k++) {
			acount += ed[k].op != '+';
			bcount += ed[k].op != '-';
		}
		buf_adds(out, "@@ -");
		range_text(out, ed[start].ai, acount);
		buf_adds(out, " +");
		range_text(out, ed[start].bi, bcount);
		buf_adds(out, " @@\n");
		for (size_t k = start; k < end; k++)
			emit_line(out, ed[k].op, ed[k].op == '+' ? &d.b.v[ed[k].bi] : &d.a.v[ed[k].ai]);
		e = end;
	}
	free(ed);
	free(d.vf);
	free(d.vb);
	free(d.del);
	free(d.ins);
	free(d.a.v);
	free(d.b.v);
	return changes;
}
