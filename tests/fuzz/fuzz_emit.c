/* fuzz_emit: the emitter against its readers.  The input is a tree written
 * as JSON (any value; jansson refuses NUL characters, as crdc's loader does,
 * so the tree is one crdc could hold) or, when it is not JSON, as YAML read
 * by crdc's loader (every document).  Each tree is emitted as YAML and must
 * read back exactly with kubectl's YAML 1.1 reader and crdc's YAML 1.2
 * loader, and as JSON that jansson reads back exactly (fuzz.h). */
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_init_common();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *doc = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
	if (doc) {
		fuzz_check_yaml(doc);
		json_decref(doc);
		return 0;
	}
	struct yfile *f = yfile_parse("input.yaml", (const char *)data, size, LOAD_MULTI | LOAD_ALLOW_EMPTY);
	for (size_t i = 0; f && i < f->ndocs; i++)
		fuzz_check_yaml(f->docs[i]);
	yfile_free(f);
	return 0;
}
