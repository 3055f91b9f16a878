"""The subcommands, one module per area; tenderwatch.cli merges them into one command."""
