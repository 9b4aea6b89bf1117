"""The base every layer stands on: errors, text-and-HTML results, and where the kit's files are."""
