/* cli_commands.h — the command-line faces over the engine: eval, train, sweep and
 * the engine benchmark. Each returns the process exit status (0, or 2 after one line
 * on stderr); machine output goes to stdout, messages for people to stderr. */
#ifndef CLI_COMMANDS_H
#define CLI_COMMANDS_H

#include "cli_options.h"

int cli_eval(const CliArgs *args);
int cli_train(const CliArgs *args);
int cli_sweep(const CliArgs *args);
int cli_bench_engine(const CliArgs *args);

#endif
