"""One module per subcommand group; each is a thin layer over a typed function."""
