/* commands.h: the subcommands, one file each (cmd_<name>.c). */
#ifndef CRDC_COMMANDS_H
#define CRDC_COMMANDS_H

int cmd_build(int argc, char **argv);
int cmd_resolve(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_versions(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_validate(int argc, char **argv);

#endif
