/* fuzz_template: the whole `crdc build` pipeline on one template, from bytes:
 * load -> resolve -> convert -> lint (reported, as with --no-lint) -> emit
 * YAML and JSON.  The emitted YAML must read back as the CRD it was made
 * from, with kubectl's YAML 1.1 reader (pipeline_verify) and with crdc's own
 * loader; the JSON must parse back to it too (fuzz.h); and building the
 * emitted CRD again must give it back unchanged.  Anything else is a bug in
 * crdc and aborts.
 *
 * Schemas: the newest bundle of the build (schemas/, found through
 * CRDC_SCHEMA_DIR, which `make fuzz-run` sets, or beside the binary), opened
 * once.  File refs are confined to a scratch folder made at start-up that
 * holds copies of the project's own fragments (crds-src/common/, so the
 * project's templates resolve in full) and a small OpenAPI document: the
 * resolver's root and current directory are that folder, so a ref can name
 * nothing else (absolute refs are refused, ".." leaves the root).
 *
 * An input may start with a comment line "#!FLAGS" choosing options, one
 * letter each (YAML ignores the line, so positions do not move):
 *   r k s t   --descriptions strip-refs, strip-kubernetes, strip, 40 (bytes)
 *   f o       --embedded-metadata full, object
 *   v         --kube-version 1.30 (explicit; otherwise the newest, implicit)
 *   b         read apiextensions.k8s.io/v1beta1 (as crdc resolve does) */
#include "fuzz.h"

#include "cli.h"
#include "convert.h"
#include "diag.h"
#include "fsutil.h"
#include "kube.h"
#include "resolve.h"

#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <unistd.h>

#ifndef FUZZ_SRCDIR
#define FUZZ_SRCDIR "."
#endif

static struct kube_catalog cat;
static struct kube *newest, *older;
static char scratch[PATH_MAX];
static int home_fd = -1;

/* A few definitions in an OpenAPI v2 document, for file refs that name one
 * (`openapi.json#/definitions/...` goes through kube_add_schema). */
static const char openapi_doc[] =
	"{\"swagger\": \"2.0\", \"info\": {\"title\": \"fuzz\", \"version\": \"v1.30.2\"},\n"
	" \"definitions\": {\n"
	"  \"io.example.v1.Thing\": {\"type\": \"object\", \"description\": \"A thing.\",\n"
	"   \"properties\": {\"size\": {\"$ref\": \"#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity\"},\n"
	"    \"port\": {\"$ref\": \"#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString\"},\n"
	"    \"meta\": {\"$ref\": \"#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta\"},\n"
	"    \"next\": {\"$ref\": \"#/definitions/io.example.v1.Thing\"},\n"
	"    \"tags\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}}}},\n"
	"  \"io.k8s.apimachinery.pkg.api.resource.Quantity\": {\"type\": \"string\"},\n"
	"  \"io.k8s.apimachinery.pkg.util.intstr.IntOrString\": {\"type\": \"string\", \"format\": \"int-or-string\"},\n"
	"  \"io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta\": {\"type\": \"object\",\n"
	"   \"properties\": {\"name\": {\"type\": \"string\"}, \"uid\": {\"type\": \"string\"}}}}}\n";

static void write_file(const char *dir, const char *name, const char *data, size_t len)
{
	char *path = fs_join(dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "fuzz_template: cannot write %s\n", path);
		exit(1);
	}
	free(path);
}

/* Copies the project's shared fragments into scratch/common/. */
static void copy_fragments(void)
{
	char *from = fs_join(FUZZ_SRCDIR, "crds-src/common");
	char *to = fs_join(scratch, "common");
	char **names;
	size_t n;
	fs_mkdirs(to);
	if (fs_list_templates(from, &names, &n)) {
		for (size_t i = 0; i < n; i++) {
			const char *base = strrchr(names[i], '/');
			char *data;
			size_t len;
			if (fs_read(names[i], names[i], FS_MAX_INPUT, &data, &len)) {
				write_file(to, base ? base + 1 : names[i], data, len);
				free(data);
			}
			free(names[i]);
		}
		free(names);
	}
	free(from);
	free(to);
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static void remove_scratch(void)
{
	if (scratch[0])
		nftw(scratch, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void make_scratch(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(scratch, sizeof(scratch), "%s/crdc-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	char buf[PATH_MAX];
	if (!mkdtemp(scratch) || !realpath(scratch, buf)) {
		fprintf(stderr, "fuzz_template: cannot make a scratch folder\n");
		exit(1);
	}
	snprintf(scratch, sizeof(scratch), "%s", buf);
	atexit(remove_scratch);
	copy_fragments();
	write_file(scratch, "openapi.json", openapi_doc, sizeof(openapi_doc) - 1);
	char *dir = fs_join(scratch, "dir");
	fs_mkdirs(dir);
	free(dir);
	home_fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (home_fd < 0)
		exit(1);
}

/* Without CRDC_SCHEMA_DIR, the build's schemas/ seen from tests/fuzz/. */
static void find_schemas(const char *argv0)
{
	const char *env = getenv("CRDC_SCHEMA_DIR");
	if (env && *env)
		return;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0) {
		snprintf(exe, sizeof(exe), "%s", argv0);
		n = (ssize_t)strlen(exe);
	}
	exe[n] = '\0';
	char *dir = fs_dirname(exe);
	char *schemas = fs_join(dir, "../../schemas");
	setenv("CRDC_SCHEMA_DIR", schemas, 1);
	free(schemas);
	free(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	fuzz_init_common();
	find_schemas((*argv)[0]);
	if (!kube_catalog_load(&cat))
		exit(1);
	newest = kube_open(&cat, kube_catalog_newest(&cat));
	const char *v130 = NULL;
	bool patch, malformed;
	v130 = kube_catalog_match(&cat, "1.30", &patch, &malformed);
	older = v130 ? kube_open(&cat, v130) : NULL;
	if (!newest)
		exit(1);
	make_scratch();
	return 0;
}

struct flags {
	struct resolve_opts ro;
	struct kube *dflt;
	bool explicit;
};

static void parse_flags(const uint8_t *data, size_t size, struct flags *fl)
{
	memset(fl, 0, sizeof(*fl));
	fl->ro.root = scratch;
	fl->dflt = newest;
	if (size < 2 || data[0] != '#' || data[1] != '!')
		return;
	for (size_t i = 2; i < size && data[i] != '\n'; i++) {
		switch (data[i]) {
		case 'r': fl->ro.desc = DESC_STRIP_REFS; break;
		case 'k': fl->ro.desc = DESC_STRIP_K8S; break;
		case 's': fl->ro.desc = DESC_STRIP_ALL; break;
		case 't': fl->ro.desc = DESC_TRUNCATE, fl->ro.desc_max = 40; break;
		case 'f': fl->ro.meta = META_FULL; break;
		case 'o': fl->ro.meta = META_OBJECT; break;
		case 'v':
			fl->dflt = older ? older : newest;
			fl->explicit = true;
			break;
		case 'b': fl->ro.allow_v1beta1 = true; break;
		default: break;
		}
	}
}

/* A resolver whose current directory (the base of file refs in a template
 * read from memory) is the scratch folder. */
static struct resolver *new_resolver(const struct flags *fl)
{
	if (chdir(scratch) != 0)
		abort();
	struct resolver *r = resolver_new(&fl->ro, &cat, fl->dflt, fl->explicit);
	if (fchdir(home_fd) != 0)
		abort();
	return r;
}

/* What crdc writes is a template with nothing left to expand: built again
 * with the same options, it must come back unchanged.  Except for cut
 * descriptions: like controller-gen's, one cut without a sentence end gets
 * "...", which a second cut finds as one, so they are kept the second time. */
static void check_rebuild(const struct flags *fl, const json_t *crd, const struct buf *out)
{
	struct flags again_fl = *fl;
	if (again_fl.ro.desc == DESC_TRUNCATE)
		again_fl.ro.desc = DESC_KEEP;
	unsigned depth = 0;
	size_t nodes = 0;
	fuzz_tree_size(crd, 0, &depth, &nodes);
	if (depth > LOAD_MAX_DEPTH || nodes > LOAD_MAX_NODES)
		return;
	struct yfile *again = yfile_parse("out.yaml", out->p, out->len, 0);
	if (!again)
		fuzz_fail("crdc cannot read the CRD it wrote", NULL, out->p, out->len);
	struct resolver *r = new_resolver(&again_fl);
	json_t *crd2 = resolve_crd(r, again);
	if (!crd2)
		fuzz_fail("crdc cannot build the CRD it wrote", NULL, out->p, out->len);
	convert_crd(crd2, &again_fl.ro);
	struct buf path = BUF_INIT;
	if (!json_same(crd, crd2, &path))
		fuzz_fail("building the CRD crdc wrote changes it", path.p, out->p, out->len);
	buf_free(&path);
	json_decref(crd2);
	resolver_free(r);
	yfile_free(again);
}

static void build(const struct flags *fl, struct source *s, struct yfile *tpl, json_t *crd)
{
	convert_crd(crd, &s->ro);
	/* As --no-lint: report every finding, traced back to the template. */
	pipeline_lint(s, tpl, crd, true, true);
	struct buf out = BUF_INIT;
	if (!pipeline_emit(s, crd, "template.yaml", false, &out, "out.yaml"))
		fuzz_fail("pipeline_emit failed", NULL, NULL, 0);
	if (!pipeline_verify(crd, &out, "out.yaml"))
		fuzz_fail("pipeline_verify refused the emitted YAML", NULL, out.p, out.len);
	fuzz_check_yaml_text(crd, out.p, out.len);
	check_rebuild(fl, crd, &out);
	buf_free(&out);
	struct buf js = BUF_INIT;
	if (!pipeline_emit(s, crd, "template.yaml", true, &js, "out.json"))
		fuzz_fail("pipeline_emit (JSON) failed", NULL, NULL, 0);
	buf_free(&js);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct flags fl;
	parse_flags(data, size, &fl);
	struct yfile *tpl = yfile_parse("template.yaml", (const char *)data, size, 0);
	if (!tpl)
		return 0;
	struct source s;
	memset(&s, 0, sizeof(s));
	s.ro = fl.ro;
	s.res = new_resolver(&fl);
	json_t *crd = resolve_crd(s.res, tpl);
	if (crd)
		build(&fl, &s, tpl, crd);
	json_decref(crd);
	resolver_free(s.res);
	yfile_free(tpl);
	return 0;
}
