"""What every page stands on: data, filters, sign-in, text, page pieces, tables, charts, writes, menu."""
