"""The case data: the tables' schema, the validator and the loader that hands out DataFrames."""
