"""The page bodies: what each page computes, once per store version and view (``portfolio``, ``detail``),
and the thread that computes the default views as soon as a load publishes (``warm``)."""
