"""The return workbook: its contract, reading it safely, checking it, and writing workbooks.

In the order a file meets them: ``safety`` (bytes, before any parser), ``reader`` (with
``cell_styles``, ``normalise`` and ``about_sheet``) into a ``parsed.ParsedReturn``, then
``validate`` into ``problems``; ``workbook`` writes templates and returns, ``annotate``
hands an analyst's workbook back with its problems marked. ``contract``
defines what a return may say (the rating words are reference data: ``delivery.reference.ratings``).
"""
