/* Go's regexp syntax (RE2 with Perl flags), parsed the way regexp/syntax
 * parses it: a stack of partial expressions, the same error codes and the
 * same offending text, the same limits.  The parse tree is then written
 * out as PCRE2 with every flag made explicit, so both engines agree on
 * what matches. */
#include "config.h"
#include "re2check.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#ifdef HAVE_VALGRIND_VALGRIND_H
#include <valgrind/valgrind.h>
#endif
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Go's limits (regexp/syntax/parse.go). */
#define MAX_REPEAT 1000
#define MAX_HEIGHT 1000u
#define MAX_SIZE ((int64_t)(128 << 20) / 40)
#define MAX_RUNE 0x10FFFFu

/* Go's error codes, as printed. */
#define E_INVALID_CLASS_RANGE "invalid character class range"
#define E_INVALID_ESCAPE "invalid escape sequence"
#define E_INVALID_NAMED_CAPTURE "invalid named capture"
#define E_INVALID_PERL_OP "invalid or unsupported Perl syntax"
#define E_INVALID_REPEAT_OP "invalid nested repetition operator"
#define E_INVALID_REPEAT_SIZE "invalid repeat count"
#define E_INVALID_UTF8 "invalid UTF-8"
#define E_MISSING_BRACKET "missing closing ]"
#define E_MISSING_PAREN "missing closing )"
#define E_MISSING_REPEAT_ARG "missing argument to repetition operator"
#define E_TRAILING_BACKSLASH "trailing backslash at end of expression"
#define E_UNEXPECTED_PAREN "unexpected )"
#define E_NESTING_DEPTH "expression nests too deeply"
#define E_LARGE "expression too large"

enum rop {
	R_EMPTY, R_LIT, R_CLASS, R_ANY, R_BOL, R_EOL, R_BOT, R_EOT, R_WORDB, R_NWORDB,
	R_CAPTURE, R_CONCAT, R_ALT, R_STAR, R_PLUS, R_QUEST, R_REPEAT,
	R_LPAREN, R_VBAR,	/* pseudo-ops: markers on the parse stack only */
};

/* The parse flags that change meaning (Go's FoldCase, DotNL, OneLine, NonGreedy). */
enum { F_FOLD = 1, F_DOTNL = 2, F_ONELINE = 4, F_NONGREEDY = 8, F_MASK = 15 };

struct rnode {
	enum rop op;
	unsigned flags;
	int min, max;		/* R_REPEAT; max -1 is unbounded */
	uint32_t rune;		/* R_LIT */
	char *text;		/* R_CLASS: PCRE2 text, owned */
	size_t *kids, nkids;
	bool capture;		/* R_LPAREN that opens a capturing group */
	unsigned height;
	int64_t size;		/* Go's estimate of compiled instructions */
};

struct parser {
	const char *s;
	size_t n;
	struct rnode *nodes;
	size_t nn, ncap;
	size_t *stack;
	size_t sn, scap;
	unsigned flags;
	struct buf *err;
	bool failed;
};

/* Unicode classes Go knows by name (Go 1.22: categories and Unicode 15 scripts). */
static const char *const unicode_names[] = {
	"Any", "C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd",
	"Nl", "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm", "So", "Z", "Zl", "Zp",
	"Zs",
	"Adlam", "Ahom", "Anatolian_Hieroglyphs", "Arabic", "Armenian", "Avestan", "Balinese", "Bamum",
	"Bassa_Vah", "Batak", "Bengali", "Bhaiksuki", "Bopomofo", "Brahmi", "Braille", "Buginese", "Buhid",
	"Canadian_Aboriginal", "Carian", "Caucasian_Albanian", "Chakma", "Cham", "Cherokee", "Chorasmian",
	"Common", "Coptic", "Cuneiform", "Cypriot", "Cypro_Minoan", "Cyrillic", "Deseret", "Devanagari",
	"Dives_Akuru", "Dogra", "Duployan", "Egyptian_Hieroglyphs", "Elbasan", "Elymaic", "Ethiopic", "Georgian",
	"Glagolitic", "Gothic", "Grantha", "Greek", "Gujarati", "Gunjala_Gondi", "Gurmukhi", "Han", "Hangul",
	"Hanifi_Rohingya", "Hanunoo", "Hatran", "Hebrew", "Hiragana", "Imperial_Aramaic", "Inherited",
	"Inscriptional_Pahlavi", "Inscriptional_Parthian", "Javanese", "Kaithi", "Kannada", "Katakana", "Kawi",
	"Kayah_Li", "Kharoshthi", "Khitan_Small_Script", "Khmer", "Khojki", "Khudawadi", "Lao", "Latin", "Lepcha",
	"Limbu", "Linear_A", "Linear_B", "Lisu", "Lycian", "Lydian", "Mahajani", "Makasar", "Malayalam", "Mandaic",
	"Manichaean", "Marchen", "Masaram_Gondi", "Medefaidrin", "Meetei_Mayek", "Mende_Kikakui",
	"Meroitic_Cursive", "Meroitic_Hieroglyphs", "Miao", "Modi", "Mongolian", "Mro", "Multani", "Myanmar",
	"Nabataean", "Nag_Mundari", "Nandinagari", "New_Tai_Lue", "Newa", "Nko", "Nushu", "Nyiakeng_Puachue_Hmong",
	"Ogham", "Ol_Chiki", "Old_Hungarian", "Old_Italic", "Old_North_Arabian", "Old_Permic", "Old_Persian",
	"Old_Sogdian", "Old_South_Arabian", "Old_Turkic", "Old_Uyghur", "Oriya", "Osage", "Osmanya",
	"Pahawh_Hmong", "Palmyrene", "Pau_Cin_Hau", "Phags_Pa", "Phoenician", "Psalter_Pahlavi", "Rejang", "Runic",
	"Samaritan", "Saurashtra", "Sharada", "Shavian", "Siddham", "SignWriting", "Sinhala", "Sogdian",
	"Sora_Sompeng", "Soyombo", "Sundanese", "Syloti_Nagri", "Syriac", "Tagalog", "Tagbanwa", "Tai_Le",
	"Tai_Tham", "Tai_Viet", "Takri", "Tamil", "Tangsa", "Tangut", "Telugu", "Thaana", "Thai", "Tibetan",
	"Tifinagh", "Tirhuta", "Toto", "Ugaritic", "Vai", "Vithkuqi", "Wancho", "Warang_Citi", "Yezidi", "Yi",
	"Zanabazar_Square",
};

/* Go's ASCII classes as code-point ranges (lo, hi pairs, ascending).
 * crdc writes them out as ranges: PCRE2 10.42 drops code points over 255
 * from a bracket holding \\S and a POSIX class together. */
struct ascii_class {
	const char *name;
	uint32_t r[10];
	size_t n;	/* pairs */
};

static const struct ascii_class posix_classes[] = {
	{"alnum", {'0', '9', 'A', 'Z', 'a', 'z'}, 3},
	{"alpha", {'A', 'Z', 'a', 'z'}, 2},
	{"ascii", {0, 0x7F}, 1},
	{"blank", {'\t', '\t', ' ', ' '}, 2},
	{"cntrl", {0, 0x1F, 0x7F, 0x7F}, 2},
	{"digit", {'0', '9'}, 1},
	{"graph", {'!', '~'}, 1},
	{"lower", {'a', 'z'}, 1},
	{"print", {' ', '~'}, 1},
	{"punct", {'!', '/', ':', '@', '[', '`', '{', '~'}, 4},
	{"space", {'\t', '\r', ' ', ' '}, 2},
	{"upper", {'A', 'Z'}, 1},
	{"word", {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'}, 4},
	{"xdigit", {'0', '9', 'A', 'F', 'a', 'f'}, 3},
};

/* Perl classes: Go's \\s is [\\t\\n\\f\\r ] (no \\v, unlike PCRE2's); upper case negates. */
static const struct ascii_class perl_classes[] = {
	{"d", {'0', '9'}, 1},
	{"s", {'\t', '\n', '\f', '\r', ' ', ' '}, 3},
	{"w", {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'}, 4},
};

static const struct ascii_class *find_class(const struct ascii_class *list, size_t n, const char *s, size_t len)
{
	for (size_t k = 0; k < n; k++)
		if (strlen(list[k].name) == len && memcmp(list[k].name, s, len) == 0)
			return &list[k];
	return NULL;
}

static bool perr(struct parser *p, const char *code, size_t from, size_t to)
{
	if (!p->failed)
		buf_addf(p->err, "error parsing regexp: %s: `%.*s`", code, (int)(to - from), p->s + from);
	p->failed = true;
	return false;
}

/* Decodes the rune at s[i]; its length, or 0 for invalid UTF-8.  At the end
 * of input it gives U+FFFD and length 0, as Go's DecodeRuneInString does. */
static size_t rune_at(const char *s, size_t n, size_t i, uint32_t *r)
{
	if (i >= n) {
		*r = 0xFFFD;
		return 0;
	}
	const unsigned char *u = (const unsigned char *)s + i;
	size_t avail = n - i, len;
	uint32_t c = u[0];
	if (c < 0x80) {
		*r = c;
		return 1;
	}
	if ((c & 0xE0) == 0xC0)
		len = 2, c &= 0x1F;
	else if ((c & 0xF0) == 0xE0)
		len = 3, c &= 0x0F;
	else if ((c & 0xF8) == 0xF0)
		len = 4, c &= 0x07;
	else
		return 0;
	if (len > avail)
		return 0;
	for (size_t k = 1; k < len; k++) {
		if ((u[k] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (u[k] & 0x3F);
	}
	if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) || (len == 4 && c < 0x10000) || c > MAX_RUNE ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*r = c;
	return len;
}

/* Like rune_at, but invalid UTF-8 is Go's error with the rest of the text. */
static bool next_rune(struct parser *p, size_t i, uint32_t *r, size_t *len)
{
	*len = rune_at(p->s, p->n, i, r);
	if (*len == 0 && i < p->n)
		return perr(p, E_INVALID_UTF8, i, p->n);
	return true;
}

static bool is_alnum(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int unhex(uint32_t c)
{
	if (c >= '0' && c <= '9')
		return (int)(c - '0');
	if (c >= 'a' && c <= 'f')
		return (int)(c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (int)(c - 'A' + 10);
	return -1;
}

/* --- the parse tree ------------------------------------------------------------- */

static size_t new_node(struct parser *p, enum rop op)
{
	if (p->nn == p->ncap) {
		p->ncap = p->ncap ? 2 * p->ncap : 32;
		p->nodes = xrealloc(p->nodes, p->ncap * sizeof(*p->nodes));
	}
	struct rnode *r = &p->nodes[p->nn];
	memset(r, 0, sizeof(*r));
	r->op = op;
	r->flags = p->flags;
	r->height = 1;
	r->size = 1;
	return p->nn++;
}

static void add_kid(struct parser *p, size_t parent, size_t kid)
{
	struct rnode *r = &p->nodes[parent];
	r->kids = xrealloc(r->kids, (r->nkids + 1) * sizeof(*r->kids));
	r->kids[r->nkids++] = kid;
}

static int64_t sat_add(int64_t a, int64_t b)
{
	return a > INT64_MAX / 4 - b ? INT64_MAX / 4 : a + b;
}

static int64_t sat_mul(int64_t a, int64_t b)
{
	return b != 0 && a > INT64_MAX / 4 / b ? INT64_MAX / 4 : a * b;
}

/* Recomputes height and size from the children (Go's calcSize). */
static void measure(struct parser *p, size_t i)
{
	struct rnode *r = &p->nodes[i];
	int64_t sub = 0, sum = 0;
	unsigned h = 0;
	for (size_t k = 0; k < r->nkids; k++) {
		const struct rnode *c = &p->nodes[r->kids[k]];
		if (c->height > h)
			h = c->height;
		sum = sat_add(sum, c->size);
	}
	if (r->nkids)
		sub = p->nodes[r->kids[0]].size;
	r->height = h + 1;
	switch (r->op) {
	case R_CAPTURE:
	case R_STAR: r->size = sat_add(2, sub); break;
	case R_PLUS:
	case R_QUEST: r->size = sat_add(1, sub); break;
	case R_CONCAT: r->size = sum; break;
	case R_ALT: r->size = sat_add(sum, (int64_t)r->nkids - 1); break;
	case R_REPEAT:
		if (r->max == -1)
			r->size = r->min == 0 ? sat_add(2, sub) : sat_add(1, sat_mul(r->min, sub));
		else
			r->size = sat_add(sat_mul(r->max, sub), r->max - r->min);
		break;
	default: r->size = 1; break;
	}
	if (r->size < 1)
		r->size = 1;
}

static bool check_limits(struct parser *p, size_t i)
{
	if (p->nodes[i].height > MAX_HEIGHT)
		return perr(p, E_NESTING_DEPTH, 0, p->n);
	if (p->nodes[i].size > MAX_SIZE)
		return perr(p, E_LARGE, 0, p->n);
	return true;
}

static bool push(struct parser *p, size_t i)
{
	if (p->sn == p->scap) {
		p->scap = p->scap ? 2 * p->scap : 32;
		p->stack = xrealloc(p->stack, p->scap * sizeof(*p->stack));
	}
	p->stack[p->sn++] = i;
	return check_limits(p, i);
}

static bool push_op(struct parser *p, enum rop op)
{
	return push(p, new_node(p, op));
}

static bool literal(struct parser *p, uint32_t r)
{
	size_t i = new_node(p, R_LIT);
	p->nodes[i].rune = r;
	return push(p, i);
}

static bool is_pseudo(const struct parser *p, size_t i)
{
	return p->nodes[i].op >= R_LPAREN;
}

/* Replaces the stack entries from start up with one node of op. */
static size_t collapse(struct parser *p, size_t start, enum rop op)
{
	if (p->sn - start == 1)
		return p->stack[start];
	size_t re = new_node(p, op);
	for (size_t k = start; k < p->sn; k++) {
		size_t sub = p->stack[k];
		if (p->nodes[sub].op == op) {
			for (size_t j = 0; j < p->nodes[sub].nkids; j++)
				add_kid(p, re, p->nodes[sub].kids[j]);
		} else {
			add_kid(p, re, sub);
		}
	}
	measure(p, re);
	return re;
}

static size_t above_pseudo(const struct parser *p)
{
	size_t i = p->sn;
	while (i > 0 && !is_pseudo(p, p->stack[i - 1]))
		i--;
	return i;
}

/* Replaces the run above the topmost marker by one R_CONCAT or R_ALT node
 * (R_EMPTY for an empty run). */
static bool collapse_run(struct parser *p, enum rop op)
{
	size_t i = above_pseudo(p);
	if (i == p->sn)
		return push_op(p, R_EMPTY);
	size_t re = collapse(p, i, op);
	p->sn = i;
	return push(p, re);
}

static bool concat(struct parser *p) { return collapse_run(p, R_CONCAT); }
static bool alternate(struct parser *p) { return collapse_run(p, R_ALT); }

/* Keeps the `|` marker on top with the alternatives below it. */
static bool swap_vertical_bar(struct parser *p)
{
	if (p->sn >= 2 && p->nodes[p->stack[p->sn - 2]].op == R_VBAR) {
		size_t t = p->stack[p->sn - 1];
		p->stack[p->sn - 1] = p->stack[p->sn - 2];
		p->stack[p->sn - 2] = t;
		return true;
	}
	return false;
}

static bool vertical_bar(struct parser *p)
{
	if (!concat(p))
		return false;
	return swap_vertical_bar(p) || push_op(p, R_VBAR);
}

static bool right_paren(struct parser *p)
{
	if (!concat(p))
		return false;
	if (swap_vertical_bar(p))
		p->sn--;
	if (!alternate(p))
		return false;
	if (p->sn < 2)
		return perr(p, E_UNEXPECTED_PAREN, 0, p->n);
	size_t re1 = p->stack[p->sn - 1], re2 = p->stack[p->sn - 2];
	p->sn -= 2;
	if (p->nodes[re2].op != R_LPAREN)
		return perr(p, E_UNEXPECTED_PAREN, 0, p->n);
	p->flags = p->nodes[re2].flags;
	if (!p->nodes[re2].capture)
		return push(p, re1);
	p->nodes[re2].op = R_CAPTURE;
	add_kid(p, re2, re1);
	measure(p, re2);
	return push(p, re2);
}

/* Go's repeatIsValid: nested counted repetitions multiply. */
static bool repeat_valid(const struct parser *p, size_t i, int n)
{
	const struct rnode *r = &p->nodes[i];
	if (r->op == R_REPEAT) {
		int m = r->max;
		if (m == 0)
			return true;
		if (m < 0)
			m = r->min;
		if (m > n)
			return false;
		if (m > 0)
			n /= m;
	}
	for (size_t k = 0; k < r->nkids; k++)
		if (!repeat_valid(p, r->kids[k], n))
			return false;
	return true;
}

/* Applies a repetition to the top of the stack.  before is where the
 * operator starts, *after just past it; last is where the previous
 * repetition started (SIZE_MAX when the previous item was not one). */
static bool repeat(struct parser *p, enum rop op, int min, int max, size_t before, size_t *after, size_t last)
{
	unsigned flags = p->flags;
	if (*after < p->n && p->s[*after] == '?') {
		(*after)++;
		flags ^= F_NONGREEDY;
	}
	if (last != SIZE_MAX)
		return perr(p, E_INVALID_REPEAT_OP, last, *after);
	if (p->sn == 0 || is_pseudo(p, p->stack[p->sn - 1]))
		return perr(p, E_MISSING_REPEAT_ARG, before, *after);
	size_t re = new_node(p, op);
	p->nodes[re].min = min;
	p->nodes[re].max = max;
	p->nodes[re].flags = flags;
	add_kid(p, re, p->stack[p->sn - 1]);
	measure(p, re);
	p->stack[p->sn - 1] = re;
	if (!check_limits(p, re))
		return false;
	if (op == R_REPEAT && (min >= 2 || max >= 2) && !repeat_valid(p, re, MAX_REPEAT))
		return perr(p, E_INVALID_REPEAT_SIZE, before, *after);
	return true;
}

/* --- lexical pieces ---------------------------------------------------------- */

/* Go's parseInt: decimal, no leading zeros; -1 when too big. */
static bool parse_int(const char *s, size_t n, size_t *i, int *out)
{
	size_t j = *i;
	if (j >= n || s[j] < '0' || s[j] > '9')
		return false;
	if (n - j >= 2 && s[j] == '0' && s[j + 1] >= '0' && s[j + 1] <= '9')
		return false;
	long v = 0;
	for (; j < n && s[j] >= '0' && s[j] <= '9'; j++)
		v = v >= 100000000 || v < 0 ? -1 : v * 10 + (s[j] - '0');
	*out = (int)v;
	*i = j;
	return true;
}

/* {min}, {min,} or {min,max} at s[i]; false when it is not one (then `{` is
 * a literal).  min is -1 when a number is too big. */
static bool parse_repeat(const char *s, size_t n, size_t i, int *min, int *max, size_t *after)
{
	if (i >= n || s[i] != '{')
		return false;
	i++;
	if (!parse_int(s, n, &i, min) || i >= n)
		return false;
	if (s[i] != ',') {
		*max = *min;
	} else {
		i++;
		if (i >= n)
			return false;
		if (s[i] == '}') {
			*max = -1;
		} else {
			if (!parse_int(s, n, &i, max))
				return false;
			if (*max < 0)
				*min = -1;
		}
	}
	if (i >= n || s[i] != '}')
		return false;
	*after = i + 1;
	return true;
}

/* An escape at s[i] (a backslash) that stands for one rune. */
static bool parse_escape(struct parser *p, size_t i, uint32_t *r, size_t *rest)
{
	size_t t = i + 1, len;
	uint32_t c;
	if (t >= p->n)
		return perr(p, E_TRAILING_BACKSLASH, t, t);
	if (!next_rune(p, t, &c, &len))
		return false;
	t += len;
	switch (c) {
	case '1': case '2': case '3': case '4': case '5': case '6': case '7':
		/* A lone digit is a backreference, which RE2 does not have. */
		if (t >= p->n || p->s[t] < '0' || p->s[t] > '7')
			break;
		/* fall through */
	case '0':
		*r = c - '0';
		for (int k = 1; k < 3 && t < p->n && p->s[t] >= '0' && p->s[t] <= '7'; k++)
			*r = *r * 8 + (uint32_t)(p->s[t++] - '0');
		*rest = t;
		return true;
	case 'x': {
		if (t >= p->n)
			break;
		if (!next_rune(p, t, &c, &len))
			return false;
		t += len;
		if (c == '{') {
			uint32_t v = 0;
			int nhex = 0;
			for (;;) {
				if (t >= p->n)
					return perr(p, E_INVALID_ESCAPE, i, t);
				if (!next_rune(p, t, &c, &len))
					return false;
				t += len;
				if (c == '}')
					break;
				int h = unhex(c);
				if (h < 0)
					return perr(p, E_INVALID_ESCAPE, i, t);
				v = v * 16 + (uint32_t)h;
				if (v > MAX_RUNE)
					return perr(p, E_INVALID_ESCAPE, i, t);
				nhex++;
			}
			if (nhex == 0)
				break;
			*r = v;
			*rest = t;
			return true;
		}
		int x = unhex(c);
		if (!next_rune(p, t, &c, &len))
			return false;
		t += len;
		int y = unhex(c);
		if (x < 0 || y < 0)
			break;
		*r = (uint32_t)(x * 16 + y);
		*rest = t;
		return true;
	}
	case 'a': *r = '\a'; *rest = t; return true;
	case 'f': *r = '\f'; *rest = t; return true;
	case 'n': *r = '\n'; *rest = t; return true;
	case 'r': *r = '\r'; *rest = t; return true;
	case 't': *r = '\t'; *rest = t; return true;
	case 'v': *r = '\v'; *rest = t; return true;
	default:
		/* Escaped punctuation is itself; escaped letters RE2 does not know are errors. */
		if (c < 0x80 && !is_alnum(c)) {
			*r = c;
			*rest = t;
			return true;
		}
		break;
	}
	return perr(p, E_INVALID_ESCAPE, i, t);
}

static bool known_name(const char *const *names, size_t n, const char *s, size_t len)
{
	for (size_t k = 0; k < n; k++)
		if (strlen(names[k]) == len && memcmp(names[k], s, len) == 0)
			return true;
	return false;
}

/* \pN, \p{Name}, \P{^Name} at s[i].  *found is false when s[i] starts no
 * such class.  Appends the PCRE2 spelling to out. */
static bool parse_unicode_class(struct parser *p, size_t i, size_t *rest, struct buf *out, bool *found)
{
	*found = false;
	if (p->n - i < 2 || p->s[i] != '\\' || (p->s[i + 1] != 'p' && p->s[i + 1] != 'P'))
		return true;
	*found = true;
	bool neg = p->s[i + 1] == 'P';
	size_t t = i + 2, len, name, name_end, seq_end;
	uint32_t c;
	if (!next_rune(p, t, &c, &len))
		return false;
	if (c != '{') {
		name = t;
		name_end = seq_end = t + len;
	} else {
		const char *end = memchr(p->s + i, '}', p->n - i);
		if (!end)
			return perr(p, E_INVALID_CLASS_RANGE, i, p->n);
		seq_end = (size_t)(end - p->s) + 1;
		name = i + 3;
		name_end = seq_end - 1;
	}
	if (name < name_end && p->s[name] == '^') {
		neg = !neg;
		name++;
	}
	if (!known_name(unicode_names, ARRAY_LEN(unicode_names), p->s + name, name_end - name))
		return perr(p, E_INVALID_CLASS_RANGE, i, seq_end);
	buf_addf(out, "\\%c{%.*s}", neg ? 'P' : 'p', (int)(name_end - name), p->s + name);
	*rest = seq_end;
	return true;
}

/* \\d \\D \\s \\S \\w \\W at s[i]: the class, *neg for the upper-case forms. */
static const struct ascii_class *perl_class(const struct parser *p, size_t i, bool *neg)
{
	if (p->n - i < 2 || p->s[i] != '\\')
		return NULL;
	char c = p->s[i + 1], low = (char)(c | 0x20);
	*neg = c != low;
	return find_class(perl_classes, ARRAY_LEN(perl_classes), &low, 1);
}

/* A rune as PCRE2 text that means only itself, in or out of a class. */
static void add_rune(struct buf *b, uint32_t r)
{
	if (r < 0x80 && is_alnum(r))
		buf_addc(b, (char)r);
	else
		buf_addf(b, "\\x{%x}", (unsigned)r);
}

/* PCRE2 refuses surrogates, which Go accepts but never matches in UTF-8
 * text: ranges are clipped to valid runes. */
static bool add_range(struct buf *b, uint32_t lo, uint32_t hi)
{
	if (lo >= 0xD800 && lo <= 0xDFFF)
		lo = 0xE000;
	if (hi >= 0xD800 && hi <= 0xDFFF)
		hi = 0xD7FF;
	if (lo > hi)
		return false;
	add_rune(b, lo);
	if (hi != lo) {
		buf_addc(b, '-');
		add_rune(b, hi);
	}
	return true;
}

/* The class, or its complement, as bracket items. */
static void add_class(struct buf *b, const struct ascii_class *c, bool negate)
{
	uint32_t next = 0;
	for (size_t i = 0; i < c->n; i++) {
		if (!negate)
			add_range(b, c->r[2 * i], c->r[2 * i + 1]);
		else if (c->r[2 * i] > next)
			add_range(b, next, c->r[2 * i] - 1);
		next = c->r[2 * i + 1] + 1;
	}
	if (negate)
		add_range(b, next, MAX_RUNE);
}

static bool class_char(struct parser *p, size_t i, size_t start, uint32_t *r, size_t *rest)
{
	size_t len;
	if (i >= p->n)
		return perr(p, E_MISSING_BRACKET, start, p->n);
	if (p->s[i] == '\\')
		return parse_escape(p, i, r, rest);
	if (!next_rune(p, i, r, &len))
		return false;
	*rest = i + len;
	return true;
}

/* [:name:] at s[i]: 1 found, 0 not a named class, -1 error. */
static int named_class(struct parser *p, size_t i, size_t *rest, struct buf *items)
{
	if (p->n - i <= 2 || p->s[i] != '[' || p->s[i + 1] != ':')
		return 0;
	const char *end = NULL;
	for (size_t k = i + 2; k + 1 < p->n; k++)
		if (p->s[k] == ':' && p->s[k + 1] == ']') {
			end = p->s + k;
			break;
		}
	if (!end)
		return 0;
	size_t close = (size_t)(end - p->s) + 2, name = i + 2;
	bool neg = name < close - 2 && p->s[name] == '^';
	const struct ascii_class *c = find_class(posix_classes, ARRAY_LEN(posix_classes), p->s + name + neg,
						 close - 2 - name - neg);
	if (!c) {
		perr(p, E_INVALID_CLASS_RANGE, i, close);
		return -1;
	}
	add_class(items, c, neg);
	*rest = close;
	return 1;
}

static bool class_item(struct parser *p, size_t *t, size_t start, struct buf *items, bool *any)
{
	bool found;
	int named = named_class(p, *t, t, items);
	if (named != 0) {
		*any = true;
		return named > 0;
	}
	if (!parse_unicode_class(p, *t, t, items, &found))
		return false;
	if (found) {
		*any = true;
		return true;
	}
	bool neg;
	const struct ascii_class *pc = perl_class(p, *t, &neg);
	if (pc) {
		add_class(items, pc, neg);
		*t += 2;
		*any = true;
		return true;
	}
	size_t rng = *t;
	uint32_t lo, hi;
	if (!class_char(p, *t, start, &lo, t))
		return false;
	hi = lo;
	if (p->n - *t >= 2 && p->s[*t] == '-' && p->s[*t + 1] != ']') {
		(*t)++;
		if (!class_char(p, *t, start, &hi, t))
			return false;
		if (hi < lo)
			return perr(p, E_INVALID_CLASS_RANGE, rng, *t);
	}
	if (add_range(items, lo, hi))
		*any = true;
	return true;
}

static bool parse_class(struct parser *p, size_t *pos)
{
	size_t start = *pos, t = start + 1;
	bool neg = false, first = true, any = false;
	struct buf items = BUF_INIT;
	if (t < p->n && p->s[t] == '^') {
		neg = true;
		t++;
	}
	while (t >= p->n || p->s[t] != ']' || first) {
		first = false;
		if (!class_item(p, &t, start, &items, &any)) {
			buf_free(&items);
			return false;
		}
	}
	t++;
	struct buf cls = BUF_INIT;
	bool fold = p->flags & F_FOLD;
	if (!any)	/* only surrogates: nothing, or everything when negated */
		buf_adds(&cls, neg ? "(?s:.)" : "(?!)");
	else
		buf_addf(&cls, "%s[%s%.*s]%s", fold ? "(?i:" : "", neg ? "^" : "", (int)items.len, items.p ? items.p : "",
			 fold ? ")" : "");
	buf_free(&items);
	size_t i = new_node(p, R_CLASS);
	p->nodes[i].text = buf_detach(&cls, NULL);
	*pos = t;
	return push(p, i);
}

/* (?flags), (?flags:, (?P<name> and (?<name> at s[*pos]. */
static bool parse_perl_flags(struct parser *p, size_t *pos)
{
	size_t t = *pos, rest = p->n - t;
	bool with_p = rest > 4 && p->s[t + 2] == 'P' && p->s[t + 3] == '<';
	bool with_name = rest > 3 && p->s[t + 2] == '<';
	if (with_p || with_name) {
		size_t begin = t + (with_p ? 4 : 3);
		const char *gt = memchr(p->s + t, '>', rest);
		if (!gt)
			return perr(p, E_INVALID_NAMED_CAPTURE, t, p->n);
		size_t end = (size_t)(gt - p->s);
		bool ok = end > begin;
		for (size_t k = begin; k < end; k++)
			if (p->s[k] != '_' && !is_alnum((unsigned char)p->s[k]))
				ok = false;
		if (!ok)
			return perr(p, E_INVALID_NAMED_CAPTURE, t, end + 1);
		size_t lp = new_node(p, R_LPAREN);
		p->nodes[lp].capture = true;
		*pos = end + 1;
		return push(p, lp);
	}
	size_t u = t + 2, len;
	unsigned flags = p->flags;
	int sign = 1;
	bool saw = false;
	while (u < p->n) {
		uint32_t c;
		if (!next_rune(p, u, &c, &len))
			return false;
		u += len;
		switch (c) {
		case 'i': flags |= F_FOLD; saw = true; continue;
		case 'm': flags &= ~(unsigned)F_ONELINE; saw = true; continue;
		case 's': flags |= F_DOTNL; saw = true; continue;
		case 'U': flags |= F_NONGREEDY; saw = true; continue;
		case '-':
			if (sign < 0)
				break;
			/* Inverted, so the cases above clear instead of set. */
			sign = -1;
			flags = ~flags;
			saw = false;
			continue;
		case ':':
		case ')':
			if (sign < 0) {
				if (!saw)
					break;
				flags = ~flags;
			}
			if (c == ':' && !push_op(p, R_LPAREN))
				return false;
			p->flags = flags & F_MASK;
			*pos = u;
			return true;
		default:
			break;
		}
		break;
	}
	return perr(p, E_INVALID_PERL_OP, t, u);
}

/* A backslash outside a class at s[*pos]. */
static bool parse_backslash(struct parser *p, size_t *pos)
{
	size_t t = *pos;
	static const struct {
		char c;
		enum rop op;
	} asserts[] = {{'A', R_BOT}, {'b', R_WORDB}, {'B', R_NWORDB}, {'z', R_EOT}};
	if (t + 1 < p->n) {
		char c = p->s[t + 1];
		for (size_t k = 0; k < ARRAY_LEN(asserts); k++)
			if (asserts[k].c == c) {
				*pos = t + 2;
				return push_op(p, asserts[k].op);
			}
		if (c == 'C')	/* any byte: RE2 refuses it */
			return perr(p, E_INVALID_ESCAPE, t, t + 2);
		if (c == 'Q') {
			const char *e = NULL;
			for (size_t k = t + 2; k + 1 < p->n; k++)
				if (p->s[k] == '\\' && p->s[k + 1] == 'E') {
					e = p->s + k;
					break;
				}
			size_t lit_end = e ? (size_t)(e - p->s) : p->n, len;
			for (size_t k = t + 2; k < lit_end; k += len) {
				uint32_t r;
				if (!next_rune(p, k, &r, &len) || !literal(p, r))
					return false;
			}
			*pos = e ? lit_end + 2 : p->n;
			return true;
		}
	}
	struct buf cls = BUF_INIT;
	bool found, fold = p->flags & F_FOLD;
	if (!parse_unicode_class(p, t, pos, &cls, &found)) {
		buf_free(&cls);
		return false;
	}
	bool neg;
	const struct ascii_class *pc = found ? NULL : perl_class(p, t, &neg);
	if (pc) {
		buf_addc(&cls, '[');
		add_class(&cls, pc, neg);
		buf_addc(&cls, ']');
		*pos = t + 2;
	}
	if (found || pc) {
		size_t i = new_node(p, R_CLASS);
		p->nodes[i].text = fold ? xasprintf("(?i:%s)", cls.p) : buf_detach(&cls, NULL);
		buf_free(&cls);
		return push(p, i);
	}
	uint32_t r;
	if (!parse_escape(p, t, &r, pos))
		return false;
	return literal(p, r);
}

/* One item of the pattern at s[*t]; *repeat is set when it was a repetition. */
static bool parse_item(struct parser *p, size_t *t, size_t last, size_t *repeat_at)
{
	size_t len, after;
	uint32_t c;
	int min, max;
	switch (p->s[*t]) {
	case '(':
		if (*t + 1 < p->n && p->s[*t + 1] == '?')
			return parse_perl_flags(p, t);
		(*t)++;
		size_t lp = new_node(p, R_LPAREN);
		p->nodes[lp].capture = true;
		return push(p, lp);
	case '|': (*t)++; return vertical_bar(p);
	case ')': (*t)++; return right_paren(p);
	case '^': (*t)++; return push_op(p, p->flags & F_ONELINE ? R_BOT : R_BOL);
	case '$': (*t)++; return push_op(p, p->flags & F_ONELINE ? R_EOT : R_EOL);
	case '.': (*t)++; return push_op(p, R_ANY);
	case '[': return parse_class(p, t);
	case '*':
	case '+':
	case '?': {
		enum rop op = p->s[*t] == '*' ? R_STAR : p->s[*t] == '+' ? R_PLUS : R_QUEST;
		after = *t + 1;
		if (!repeat(p, op, 0, 0, *t, &after, last))
			return false;
		*repeat_at = *t;
		*t = after;
		return true;
	}
	case '{':
		if (!parse_repeat(p->s, p->n, *t, &min, &max, &after)) {
			(*t)++;
			return literal(p, '{');
		}
		if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max))
			return perr(p, E_INVALID_REPEAT_SIZE, *t, after);
		if (!repeat(p, R_REPEAT, min, max, *t, &after, last))
			return false;
		*repeat_at = *t;
		*t = after;
		return true;
	case '\\': return parse_backslash(p, t);
	default:
		if (!next_rune(p, *t, &c, &len))
			return false;
		*t += len;
		return literal(p, c);
	}
}

static bool parse(struct parser *p)
{
	size_t t = 0, last = SIZE_MAX;
	p->flags = F_ONELINE;	/* regexp.Compile: Perl flags, ^ and $ at the text's ends */
	while (t < p->n) {
		size_t repeat_at = SIZE_MAX;
		if (!parse_item(p, &t, last, &repeat_at))
			return false;
		last = repeat_at;
	}
	if (!concat(p))
		return false;
	if (swap_vertical_bar(p))
		p->sn--;
	if (!alternate(p))
		return false;
	if (p->sn != 1)
		return perr(p, E_MISSING_PAREN, 0, p->n);
	return true;
}

/* --- PCRE2 text ------------------------------------------------------------------- */

static void emit(const struct parser *p, size_t i, struct buf *out)
{
	const struct rnode *r = &p->nodes[i];
	static const char *const suffix[] = {[R_STAR] = "*", [R_PLUS] = "+", [R_QUEST] = "?"};
	switch (r->op) {
	case R_EMPTY: buf_adds(out, "(?:)"); break;
	case R_LIT:
		if (r->rune >= 0xD800 && r->rune <= 0xDFFF) {
			buf_adds(out, "(?!)");
			break;
		}
		if (r->flags & F_FOLD)
			buf_adds(out, "(?i:");
		add_rune(out, r->rune);
		if (r->flags & F_FOLD)
			buf_addc(out, ')');
		break;
	case R_CLASS: buf_adds(out, r->text); break;
	case R_ANY: buf_adds(out, r->flags & F_DOTNL ? "(?s:.)" : "[^\\n]"); break;
	case R_BOL: buf_adds(out, "(?m:^)"); break;
	case R_EOL: buf_adds(out, "(?m:$)"); break;
	case R_BOT: buf_adds(out, "\\A"); break;
	case R_EOT: buf_adds(out, "\\z"); break;
	case R_WORDB: buf_adds(out, "\\b"); break;
	case R_NWORDB: buf_adds(out, "\\B"); break;
	case R_CAPTURE:
	case R_CONCAT:
	case R_ALT:
		buf_adds(out, "(?:");
		for (size_t k = 0; k < r->nkids; k++) {
			if (k && r->op == R_ALT)
				buf_addc(out, '|');
			emit(p, r->kids[k], out);
		}
		buf_addc(out, ')');
		break;
	case R_STAR:
	case R_PLUS:
	case R_QUEST:
	case R_REPEAT:
		buf_adds(out, "(?:");
		emit(p, r->kids[0], out);
		buf_addc(out, ')');
		if (r->op != R_REPEAT)
			buf_adds(out, suffix[r->op]);
		else if (r->max == -1)
			buf_addf(out, "{%d,}", r->min);
		else if (r->max == r->min)
			buf_addf(out, "{%d}", r->min);
		else
			buf_addf(out, "{%d,%d}", r->min, r->max);
		if (r->flags & F_NONGREEDY)
			buf_addc(out, '?');
		break;
	default: break;
	}
}

bool re2_check(const char *pat, size_t len, struct buf *err, struct buf *pcre)
{
	struct parser p = {.s = pat, .n = len, .err = err};
	bool ok = parse(&p);
	if (ok && pcre)
		emit(&p, p.stack[0], pcre);
	for (size_t i = 0; i < p.nn; i++) {
		free(p.nodes[i].kids);
		free(p.nodes[i].text);
	}
	free(p.nodes);
	free(p.stack);
	return ok;
}

/* --- matching ------------------------------------------------------------------ */

struct re2 {
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mc;
};

struct re2 *re2_compile(const char *pat, size_t len, struct buf *err, bool *go_ok)
{
	struct buf pc = BUF_INIT;
	*go_ok = re2_check(pat, len, err, &pc);
	if (!*go_ok) {
		buf_free(&pc);
		return NULL;
	}
	int code;
	PCRE2_SIZE off;
	pcre2_compile_context *cc = pcre2_compile_context_create(NULL);
	pcre2_set_newline(cc, PCRE2_NEWLINE_LF);
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)(pc.p ? pc.p : ""), pc.len, PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C,
				       &code, &off, cc);
	pcre2_compile_context_free(cc);
	buf_free(&pc);
	if (!re) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(code, msg, sizeof(msg));
		buf_addf(err, "crdc cannot match it with PCRE2: %s", (const char *)msg);
		return NULL;
	}
	/* JIT is an optimisation; without it matching still works.  Under
	 * valgrind it is left out: JIT code loads aligned words that reach past
	 * the subject's end, which memcheck reports as uninitialised reads. */
#ifdef HAVE_VALGRIND_VALGRIND_H
	if (!RUNNING_ON_VALGRIND)
#endif
		(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	struct re2 *r = xmalloc(sizeof(*r));
	r->code = re;
	r->md = pcre2_match_data_create(1, NULL);
	r->mc = pcre2_match_context_create(NULL);
	/* RE2 runs in linear time; backtracking gets a budget instead. */
	pcre2_set_match_limit(r->mc, 1000000);
	pcre2_set_depth_limit(r->mc, 100000);
	return r;
}

int re2_match(const struct re2 *re, const char *s, size_t len)
{
	int rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, 0, 0, re->md, re->mc);
	if (rc >= 0)
		return 1;
	return rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

void re2_free(struct re2 *re)
{
	if (!re)
		return;
	pcre2_match_context_free(re->mc);
	pcre2_match_data_free(re->md);
	pcre2_code_free(re->code);
	free(re);
}

static size_t hash_str(const char *s)
{
	size_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

const struct re2 *re2_cache_get(struct re2_cache *c, const char *pat, const char **err, bool *go_ok)
{
	if (2 * (c->n + 1) > c->cap) {
		struct re2_cache old = *c;
		c->cap = c->cap ? 2 * c->cap : 64;
		c->slots = xcalloc(c->cap, sizeof(*c->slots));
		c->n = 0;
		for (size_t i = 0; i < old.cap; i++) {
			if (!old.slots[i].pat)
				continue;
			size_t h = hash_str(old.slots[i].pat) & (c->cap - 1);
			while (c->slots[h].pat)
				h = (h + 1) & (c->cap - 1);
			c->slots[h] = old.slots[i];
			c->n++;
		}
		free(old.slots);
	}
	size_t h = hash_str(pat) & (c->cap - 1);
	while (c->slots[h].pat && strcmp(c->slots[h].pat, pat) != 0)
		h = (h + 1) & (c->cap - 1);
	struct re2_cache_slot *s = &c->slots[h];
	if (!s->pat) {
		struct buf e = BUF_INIT;
		s->pat = xstrdup(pat);
		s->re = re2_compile(pat, strlen(pat), &e, &s->go_ok);
		s->err = e.p ? buf_detach(&e, NULL) : NULL;
		c->n++;
	}
	*err = s->err;
	*go_ok = s->go_ok;
	return s->re;
}

void re2_cache_free(struct re2_cache *c)
{
	for (size_t i = 0; i < c->cap; i++) {
		if (!c->slots[i].pat)
			continue;
		free(c->slots[i].pat);
		free(c->slots[i].err);
		re2_free(c->slots[i].re);
	}
	free(c->slots);
	memset(c, 0, sizeof(*c));
}
