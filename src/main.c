/* crdc: compiles Kubernetes CRD templates into CRDs an API server accepts. */
#include "config.h"
#include "commands.h"
#include "diag.h"
#include "opts.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

static const struct command commands[] = {
	{"build", NULL, "compile templates into CRDs (or --check that they are current)", cmd_build},
	{"resolve", NULL, "resolve one template, as k8s-crd-resolver does", cmd_resolve},
	{"show", NULL, "print one Kubernetes definition as it would appear in a CRD", cmd_show},
	{"versions", NULL, "list the bundled Kubernetes versions", cmd_versions},
	{"lint", NULL, "check CRDs against the API server's rules", cmd_lint},
	{"validate", NULL, "validate custom resources against their CRDs", cmd_validate},
};

static void usage(FILE *f)
{
	fputs("Usage: crdc COMMAND [options] [ARGS]\n"
	      "Compile Kubernetes CustomResourceDefinition templates into CRDs an API server accepts.\n\n"
	      "Commands:\n", f);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\nRun 'crdc COMMAND --help' for its options; see crdc(1) for everything.\n"
	      "Exit status: 0 success, 1 stale output or problems found, 2 usage or input error.\n", f);
}

int main(int argc, char **argv)
{
	/* An output over RLIMIT_FSIZE must be a write error, not a signal. */
	signal(SIGXFSZ, SIG_IGN);
	if (argc < 2) {
		usage(stderr);
		return EXIT_INPUT;
	}
	const char *name = argv[1];
	if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
		printf("crdc %s\n", PACKAGE_VERSION);
		return EXIT_OK;
	}
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	bool help = strcmp(name, "help") == 0;
	if (help) {
		if (argc < 3) {
			usage(stdout);
			return EXIT_OK;
		}
		name = argv[2];
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(commands[i].name, name) != 0)
			continue;
		if (help) {
			char *hv[] = {(char *)name, (char *)"--help", NULL};
			return commands[i].run(2, hv);
		}
		return commands[i].run(argc - 1, argv + 1);
	}
	fprintf(stderr, "crdc: unknown command '%s'\n", name);
	usage(stderr);
	return EXIT_INPUT;
}
