/* replay: a fuzz target's LLVMFuzzerTestOneInput run on files, without
 * libFuzzer, so that `make check` (tests/checks/fuzz-corpus.sh) replays the
 * seed corpora through the targets' oracles with any compiler, under
 * valgrind and the sanitizers too.  Arguments are files or folders (their
 * files, sorted); an oracle that fails aborts, as under libFuzzer. */
#include "config.h"

#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"
#include "util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *current;

/* An oracle or a sanitizer aborted: say which input it was. */
static void on_abort(int sig)
{
	static const char what[] = "replay: the failing input is ";
	if (current) {
		(void)!write(2, what, sizeof(what) - 1);
		(void)!write(2, current, strlen(current));
		(void)!write(2, "\n", 1);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Runs one file; returns 1. */
static size_t run_file(const char *path)
{
	char *data;
	size_t len;
	if (!fs_read(path, path, FS_MAX_INPUT, &data, &len))
		exit(2);
	current = path;
	LLVMFuzzerTestOneInput((const uint8_t *)data, len);
	current = NULL;
	free(data);
	return 1;
}

static size_t run_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return run_file(dir);
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		names = xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = fs_join(dir, e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		run_file(names[i]);
		free(names[i]);
	}
	free(names);
	return n;
}

int main(int argc, char **argv)
{
	signal(SIGABRT, on_abort);
	LLVMFuzzerInitialize(&argc, &argv);
	size_t n = 0;
	for (int i = 1; i < argc; i++)
		n += run_dir(argv[i]);
	printf("%zu inputs\n", n);
	return 0;
}
