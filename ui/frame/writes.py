"""Writing to the store from a page: one way to say plainly that nothing was written."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from delivery.errors import DeliveryError
from ui.frame.auth import error_text

T = TypeVar("T")
_FAILED = (
    "something went wrong while writing, and the store is unchanged. Please try again; "
    "if it happens again, tell the data team (the server log has the detail)."
)


def guarded_write(nothing_done: str, write: Callable[[], T]) -> T | None:
    """Run ``write``; on failure show "<nothing_done>: why" and return None.

    A DeliveryError is bad input or a busy store, said in its own words. Anything else
    is a bug: a failed write publishes nothing, so the user is told the store is
    unchanged and the server log gets the traceback.
    """
    result, refused = attempt(nothing_done, write)
    if refused is not None:
        st.error(refused, icon=":material/error:")
    return result


def attempt(nothing_done: str, write: Callable[[], T]) -> tuple[T | None, str | None]:
    """Run ``write``: (its result, None), or (None, "<nothing_done>: why") on failure, for a callback to keep
    and the page to say on its next run (``guarded_write`` says it at once)."""
    try:
        return write(), None
    except DeliveryError as error:
        return None, f"{nothing_done}: {error_text(error)}"
    except Exception:
        logging.getLogger(__name__).exception(nothing_done)
        return None, f"{nothing_done}: {_FAILED}"
