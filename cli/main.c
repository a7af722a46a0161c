/*
 * main.c — briefconv: parse the command line, load the plugins, run.
 *
 * Several inputs or formats, a folder, -j or --update make a batch run
 * (batch.c); otherwise one input is converted to one output (run.c).
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

int main(int argc, char **argv)
{
    cli_args args;
    cli_ctx ctx = {&args, NULL, NULL};
    int rc = cli_parse(argc, argv, &args);
    if (rc != CLI_OK)
        goto done;
    if (args.help) {
        cli_print_help();
        goto done;
    }
    if (args.version) {
        cli_print_version();
        goto done;
    }
    ctx.reg = bc_registry_new();
    if (!ctx.reg) {
        rc = cli_out_of_memory();
        goto done;
    }
    rc = cli_load_plugins(&ctx);
    if (rc != CLI_OK)
        goto done;
    if (args.list_plugins)
        rc = cli_list_plugins(&ctx);
    else if (cli_is_batch(&ctx))
        rc = cli_run_batch(&ctx);
    else
        rc = cli_run_single(&ctx);
done:
    if (fflush(stdout) != 0 && rc == CLI_OK) {
        perror(CLI_NAME ": standard output");
        rc = CLI_FAILED;
    }
    bc_registry_free(ctx.reg);
    free(ctx.load_warnings);
    cli_args_free(&args);
    return rc;
}
