"""Benchmarks of the delivery dashboard, in their own package: ``python -m bench`` (see bench/cli.py).

They import the app (``delivery``, and Streamlit to run ``app.py``) and nothing imports them:
the app never depends on its benchmarks. ``common`` holds what more than one benchmark uses;
``loads`` times validated loading, ``pages`` each page, ``sessions`` and ``crowd`` many people at
once (``protocol``: a visitor speaking Streamlit's protocol from Python; ``proxy``: the README's
nginx example in front), and ``memory`` the app server's memory.
"""
