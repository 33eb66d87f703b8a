"""The brief screen: the brief on screen (``screen``), its scope and its downloads (``controls``)."""
