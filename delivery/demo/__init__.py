"""The demo government: its story (``story``), the rows of its returns (``tables``), the
returns written as workbooks (``returns``), and the first-start load (``bootstrap``)."""
