/* crdc build: compile templates into CRDs, or check that they are current. */
#include "config.h"
#include "cli.h"
#include "commands.h"
#include "diag.h"
#include "diff.h"
#include "fsutil.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const struct command build_cmd = {
	"build", "[options] [SRC...]",
	"Compile CRD templates (files, or folders of *.yaml/*.yml/*.json) into CRDs, one per template.\n"
	"SRC defaults to crds-src/.  Outputs go to crds-out/ unless -o is given.",
	cmd_build,
};

/* Client-side `kubectl apply` stores the whole object in an annotation
 * limited to this size. */
#define APPLY_LIMIT 262144u

struct build_opts {
	const char *outdir;
	bool check;
	bool no_lint;
	const char *format;
	struct source_opts src;
};

struct job {
	char *path;	/* template as given */
	char *display;	/* as named in messages and in the header */
	char *out;	/* output path */
	size_t bytes;	/* size of the generated output */
	bool unchanged;	/* the output on disk is already current */
	char *staged;	/* owned: the bytes of a device or FIFO output, alive until commit */
};

struct pending {
	struct job *job;	/* NULL when nothing is pending */
	json_t *crd;
	struct buf gen;
	struct verify v;
};

/* Waits for p's re-read and stages its output; true if nothing was pending
 * or the output was staged (staged[*n] is then taken). */
static bool pending_stage(struct pending *p, struct fs_out *staged, size_t *n)
{
	if (!p->job)
		return true;
	bool ok = verify_finish(&p->v, p->job->display) && fs_stage(&staged[*n], p->job->out, p->gen.p, p->gen.len);
	if (ok && staged[(*n)++].in_place)	/* only then are the bytes still needed */
		p->job->staged = buf_detach(&p->gen, NULL);
	buf_free(&p->gen);
	json_decref(p->crd);
	p->job = NULL;
	return ok;
}

static int cmp_job(const void *a, const void *b)
{
	return strcmp(((const struct job *)a)->out, ((const struct job *)b)->out);
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static char *output_name(const char *outdir, const char *tpl, bool json)
{
	const char *base = base_name(tpl);
	const char *dot = strrchr(base, '.');
	size_t stem = dot ? (size_t)(dot - base) : strlen(base);
	char *file = xasprintf("%.*s.%s", (int)stem, base, json ? "json" : "yaml");
	char *out = fs_join(outdir, file);
	free(file);
	return out;
}

static void add_job(struct job **jobs, size_t *n, const char *path, struct source *s, const char *outdir, bool json)
{
	*jobs = xrealloc(*jobs, (*n + 1) * sizeof(**jobs));
	struct job *j = &(*jobs)[(*n)++];
	memset(j, 0, sizeof(*j));
	j->path = fs_normalize(path);
	/* The folder is resolved, the file keeps its name: a symlinked template
	 * is named as the user named it. */
	char real[PATH_MAX];
	char *dir = fs_dirname(j->path);
	const char *base = strrchr(j->path, '/') ? strrchr(j->path, '/') + 1 : j->path;
	if (realpath(dir, real)) {
		char *full = fs_join(real, base);
		j->display = resolver_display(s->res, full);
		free(full);
	} else {
		j->display = xstrdup(j->path);
	}
	free(dir);
	j->out = output_name(outdir, j->path, json);
}

/* Expands SRC operands into jobs, sorted by output path. */
static bool collect(const struct strlist *srcs, struct source *s, const char *outdir, bool json, struct job **jobs,
		    size_t *n)
{
	static const char *const dflt[] = {"crds-src"};
	struct strlist def = {(const char **)dflt, 1};
	if (!srcs->n)
		srcs = &def;
	for (size_t i = 0; i < srcs->n; i++) {
		const char *src = srcs->v[i];
		struct stat st;
		if (stat(src, &st) != 0) {
			struct pos at = {.file = src};
			diag_error(&at, "no such file or directory");
			return false;
		}
		if (!S_ISDIR(st.st_mode)) {
			add_job(jobs, n, src, s, outdir, json);
			continue;
		}
		char **names;
		size_t k;
		if (!fs_list_templates(src, &names, &k))
			return false;
		if (!k) {
			struct pos at = {.file = src};
			diag_error(&at, "no templates here (crdc reads the *.yaml, *.yml and *.json files directly "
					"inside a folder)");
			free(names);
			return false;
		}
		for (size_t m = 0; m < k; m++) {
			add_job(jobs, n, names[m], s, outdir, json);
			free(names[m]);
		}
		free(names);
	}
	if (*n)
		qsort(*jobs, *n, sizeof(**jobs), cmp_job);
	/* The same template twice is harmless; two templates for one output are not. */
	size_t w = 0;
	for (size_t i = 0; i < *n; i++) {
		if (w && strcmp((*jobs)[w - 1].out, (*jobs)[i].out) == 0) {
			if (strcmp((*jobs)[w - 1].path, (*jobs)[i].path) != 0) {
				struct pos at = {.file = (*jobs)[i].display};
				diag_error(&at, "writes the same output as %s: %s", (*jobs)[w - 1].display, (*jobs)[i].out);
				return false;
			}
			free((*jobs)[i].path);
			free((*jobs)[i].display);
			free((*jobs)[i].out);
			continue;
		}
		(*jobs)[w++] = (*jobs)[i];
	}
	*n = w;
	return true;
}

static void report_size(const char *out, size_t bytes, const char *state)
{
	if (!diag_quiet)
		printf("%s: %zu bytes%s\n", out, bytes, state);
	if (bytes > APPLY_LIMIT) {
		struct pos at = {.file = out};
		diag_warning(&at, "%zu bytes is over the %u-byte limit of client-side 'kubectl apply'; use "
				  "'kubectl apply --server-side', or shrink it with --descriptions strip-refs or "
				  "--descriptions N", bytes, APPLY_LIMIT);
	}
}

/* Compares generated output with the file on disk; prints a diff when they
 * differ.  Returns true when current. */
static bool check_one(const struct job *j, const struct buf *gen)
{
	char *old = NULL;
	size_t oldlen = 0;
	struct stat st;
	if (stat(j->out, &st) != 0) {
		printf("%s: missing (run crdc build)\n", j->out);
		struct buf d = BUF_INIT;
		diff_unified(&d, "/dev/null", "", 0, j->out, gen->p, gen->len);
		fwrite(d.p, 1, d.len, stdout);
		buf_free(&d);
		return false;
	}
	bool quiet = diag_quiet;
	if (!fs_read(j->out, j->out, FS_MAX_INPUT, &old, &oldlen)) {
		diag_quiet = quiet;
		return false;
	}
	bool same = oldlen == gen->len && memcmp(old, gen->p, oldlen) == 0;
	if (!same) {
		struct buf d = BUF_INIT;
		char *bname = xasprintf("%s (generated from %s)", j->out, j->display);
		diff_unified(&d, j->out, old, oldlen, bname, gen->p, gen->len);
		free(bname);
		fwrite(d.p, 1, d.len, stdout);
		buf_free(&d);
	}
	free(old);
	return same;
}

/* The command that brings the outputs up to date: this one without --check,
 * quoted for a POSIX shell. */
static char *command_without_check(int argc, char **argv)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "crdc build");
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--check") == 0)
			continue;
		buf_addc(&b, ' ');
		if (*a && strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./=:,@%+-") == strlen(a)) {
			buf_adds(&b, a);
			continue;
		}
		buf_addc(&b, '\'');
		for (; *a; a++) {
			if (*a == '\'')
				buf_adds(&b, "'\\''");
			else
				buf_addc(&b, *a);
		}
		buf_addc(&b, '\'');
	}
	return buf_detach(&b, NULL);
}

int cmd_build(int argc, char **argv)
{
	struct build_opts o = {0};
	const struct opt opts[] = {
		{"output", 'o', OPT_VALUE, "DIR", "write CRDs into DIR (default: crds-out)", &o.outdir},
		{"check", 0, OPT_FLAG, NULL, "write nothing; exit 1 and print a diff if an output is stale", &o.check},
		{"format", 0, OPT_VALUE, "FMT", "yaml (default) or json", &o.format},
		{"no-lint", 0, OPT_FLAG, NULL, "write CRDs even if the API server would reject them", &o.no_lint},
		SOURCE_OPTIONS(o.src),
		OPT_END,
	};
	struct strlist srcs = {0};
	bool help, json;
	if (!opts_parse(&build_cmd, opts, argc, argv, &srcs, &help))
		return EXIT_INPUT;
	if (help)
		return strlist_free(&srcs), EXIT_OK;
	if (!parse_format(&build_cmd, o.format, &json))
		return EXIT_INPUT;
	const char *outdir = o.outdir ? o.outdir : "crds-out";
	struct source s = {0};
	int rc = EXIT_INPUT;
	struct job *jobs = NULL;
	size_t njobs = 0;
	struct fs_out *staged = NULL;
	size_t nstaged = 0, stale = 0;
	if (!source_open(&s, &o.src, &build_cmd, false))
		goto out;
	if (!collect(&srcs, &s, outdir, json, &jobs, &njobs))
		goto out;
	if (!o.check && !fs_mkdirs(outdir))
		goto out;
	staged = xcalloc(njobs, sizeof(*staged));
	bool failed = false;
	/* An output being re-read on the second thread while the next template
	 * is resolved; it owns its tree and text until staged. */
	struct pending p = {0};
	for (size_t i = 0; i < njobs; i++) {
		struct job *j = &jobs[i];
		struct yfile *tpl = NULL;
		json_t *crd = pipeline_resolve(&s, j->path, j->display, &tpl);
		struct buf gen = BUF_INIT;
		bool ok = crd && pipeline_lint(&s, tpl, crd, o.no_lint, false) &&
			  pipeline_emit(&s, crd, j->display, json, &gen, j->display);
		j->bytes = gen.len;
		if (!ok) {
			failed = true;
		} else if (o.check) {
			if (!check_one(j, &gen))
				stale++;
		} else if (fs_same_content(j->out, gen.p, gen.len)) {
			/* Verified when it was written. */
			j->unchanged = true;
		} else {
			if (!pending_stage(&p, staged, &nstaged))
				failed = true;
			p = (struct pending){.job = j, .crd = crd, .gen = gen};
			verify_start(&p.v, p.crd, &p.gen);
			crd = NULL;
			gen = (struct buf)BUF_INIT;
		}
		json_decref(crd);
		yfile_free(tpl);
		buf_free(&gen);
	}
	if (!pending_stage(&p, staged, &nstaged))
		failed = true;
	/* All or nothing: one bad template leaves every output as it was.  Only
	 * a failing rename (rare: the folder changed under us) can interrupt
	 * the commit, and then we say how far it got. */
	size_t committed = 0;
	bool commit_failed = false;
	for (size_t i = 0; i < nstaged; i++) {
		if (failed || commit_failed)
			fs_discard(&staged[i]);
		else if (fs_commit(&staged[i]))
			committed++;
		else
			commit_failed = true;
	}
	if (failed) {
		if (nstaged)
			diag_plain(SEV_NOTE, "nothing was written because of the errors above");
		rc = EXIT_INPUT;
	} else if (commit_failed) {
		diag_plain(SEV_ERROR, "only %zu of %zu changed outputs were replaced", committed, nstaged);
		rc = EXIT_INPUT;
	} else if (!o.check) {
		for (size_t i = 0; i < njobs; i++)
			report_size(jobs[i].out, jobs[i].bytes, jobs[i].unchanged ? " (unchanged)" : "");
		rc = EXIT_OK;
	} else if (stale) {
		char *fix = command_without_check(argc, argv);
		diag_plain(SEV_ERROR, "%zu of %zu CRDs in %s are stale or missing; to update them, run: %s", stale,
			   njobs, outdir, fix);
		free(fix);
		rc = EXIT_STALE;
	} else {
		if (o.check && !diag_quiet)
			fprintf(stderr, "crdc: %zu CRD%s in %s %s current\n", njobs, njobs == 1 ? "" : "s", outdir,
				njobs == 1 ? "is" : "are");
		rc = EXIT_OK;
	}
out:
	for (size_t i = 0; i < njobs; i++) {
		free(jobs[i].path);
		free(jobs[i].display);
		free(jobs[i].out);
		free(jobs[i].staged);
	}
	free(jobs);
	free(staged);
	strlist_free(&srcs);
	strlist_free(&o.src.schemas);
	strlist_free(&o.src.includes);
	source_close(&s);
	fflush(stdout);
	return rc;
}
