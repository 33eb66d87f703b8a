"""Checks on a priority ID new to the store: it must not be a look-alike of one there, and must
carry its department's prefix, so that one department cannot register another's next ID.

IDs are compared as ``id_key`` gives them: NFKC-normalised and upper-cased, so ``hom-01`` and
``HOM-01`` (or a full-width ``ＨＯＭ-01``) are one ID. A new ID is also compared by its
``skeleton``: each character that is not ASCII replaced by the Latin letter it looks like,
as the ``confusable-homoglyphs`` library (Unicode's confusables.txt, TR39) lists them, so a
Cyrillic О in ``HОM-01`` is caught. Invisible characters never get this far: the validator
refuses them (``delivery.returns.normalise.INVISIBLE_IN_ID``).

A department's prefix is what all its priority IDs share up to and including their first
hyphen (``HOM-`` for HOM-01 and HOM-02); a department whose IDs share none has no prefix. A
new ID must start with its department's prefix, and may not start with another department's,
unless an administrator loads it (``admin``: the Upload page asks ``delivery.auth``; the
command line has no roles, so the rule always holds there).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

from confusable_homoglyphs import confusables

from delivery.returns.contract import named
from delivery.returns.problems import Problem


def id_key(pid: str) -> str:
    """The form IDs are compared in: NFKC, upper case ('hom-01' and 'HOM-01' are one ID)."""
    return unicodedata.normalize("NFKC", pid).upper()


def skeleton(pid: str) -> str:
    """``id_key`` with each non-ASCII character replaced by the Latin character it is confusable with."""
    return "".join(_latin(ch) for ch in id_key(pid)).upper()


def _latin(ch: str) -> str:
    if ch.isascii():
        return ch
    for found in confusables.is_confusable(ch, greedy=True, preferred_aliases=["latin"]) or ():
        for glyph in found["homoglyphs"]:
            if glyph["c"].isascii():
                return glyph["c"]
    return ch


def prefix(pid: str) -> str | None:
    """'HOM-' for 'HOM-01'; None for an ID with no hyphen."""
    head, hyphen, _ = pid.partition("-")
    return head + hyphen if hyphen and head else None


class KnownIds:
    """The priority IDs in a store and the prefix each department's IDs share (read once per check)."""

    def __init__(self, leads: dict[str, str]):
        self.by_key = {id_key(pid): pid for pid in leads}
        self.by_skeleton = {skeleton(pid): pid for pid in leads}
        ids = defaultdict(set)
        for pid, dept in leads.items():
            ids[dept].add(prefix(pid))
        self.prefixes = {dept: next(iter(p)) for dept, p in ids.items() if len(p) == 1 and None not in p}
        self.known = set(leads)

    def problem(self, pid: str, dept: str, admin: bool) -> str | None:
        """Why ``dept`` may not bring the new ID ``pid`` (one sentence), or None if it may."""
        if pid in self.known:
            return None
        same = self.by_key.get(id_key(pid))
        if same is not None:
            return (
                f"{named('priority_id')} '{pid}' differs from the priority {same} already reported only in case "
                f"or character width: write {same} if it is that priority, or give this one a different ID."
            )
        alike = self.by_skeleton.get(skeleton(pid))
        if alike is not None:
            odd = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '?')}" for c in dict.fromkeys(pid) if not c.isascii())
            return (
                f"{named('priority_id')} '{pid}' looks the same as the priority {alike} already reported, but is "
                f"written with other characters ({odd}): type {alike} if it is that priority, or give this one "
                "a different ID."
            )
        return None if admin else self._prefix_problem(pid, dept)

    def _prefix_problem(self, pid: str, dept: str) -> str | None:
        own, theirs = self.prefixes.get(dept), prefix(pid)
        if own is not None and not id_key(pid).startswith(id_key(own)):
            return (
                f"{named('priority_id')} '{pid}' is a new priority, and {dept}'s priority IDs all start {own}: "
                f"give it an ID starting {own}, or ask an administrator to load this return."
            )
        others = sorted(d for d, p in self.prefixes.items() if p == theirs and d != dept)
        if own is None and others:
            return (
                f"{named('priority_id')} '{pid}' is a new priority with {others[0]}'s prefix, {theirs}: only "
                f"{others[0]}'s return may add one (or an administrator); give it another ID."
            )
        return None


def new_id_problems(known: KnownIds, parsed, dept: str, admin: bool = False) -> list[Problem]:
    """A problem at each Priorities row whose ID ``dept`` may not register as new."""
    frame = parsed.tables.get("priorities")
    if frame is None or frame.empty:
        return []
    problems = []
    for row, pid in zip(frame["_row"].tolist(), frame["priority_id"].tolist()):
        if isinstance(pid, str) and (why := known.problem(pid, dept, admin)):
            problems.append(
                Problem(
                    parsed.sheet("priorities"),
                    parsed.cell("priorities", "priority_id", row),
                    pid,
                    why,
                    parsed.file_name,
                )
            )
    return problems


def batch_problems(known: KnownIds, returns: list) -> list[list[Problem]]:
    """For each return of one batch, a problem at each new ID that an earlier row of the batch brings
    spelt otherwise but alike (``skeleton``), or that another department's return for the same
    period brings: checked against the store alone, both would pass, and two spellings, or two
    owners in one period, would share one priority. (A department's returns for several periods,
    or a successor's for a later one, bring the same new ID legitimately.)"""
    first: dict[str, tuple] = {}
    found: list[list[Problem]] = [[] for _ in returns]
    for i, parsed in enumerate(returns):
        frame = parsed.tables.get("priorities")
        rows = [] if frame is None or frame.empty else zip(frame["_row"].tolist(), frame["priority_id"].tolist())
        for row, pid in rows:
            if not isinstance(pid, str) or pid in known.known:
                continue
            seen = first.setdefault(skeleton(pid), (pid, parsed, row))
            if not _clash(seen, pid, parsed):
                continue
            where = (
                "this return"
                if seen[1] is parsed
                else f"{seen[1].about.get('department')}'s return {seen[1].file_name}"
            )
            found[i].append(
                Problem(
                    parsed.sheet("priorities"),
                    parsed.cell("priorities", "priority_id", row),
                    pid,
                    f"{named('priority_id')} '{pid}' is a new priority, and {where} in this batch "
                    f"also brings it as new ('{seen[0]}'): one return brings a new priority; load "
                    "its lead's return first, or give this one a different ID.",
                    parsed.file_name,
                )
            )
    return found


def _clash(seen: tuple, pid: str, parsed) -> bool:
    """Whether ``pid`` in ``parsed`` clashes with the first new ID ``seen`` spelt alike."""
    first_pid, first, _ = seen
    if first_pid != pid:
        return True
    return first.about.get("department") != parsed.about.get("department") and first.about.get(
        "period_end"
    ) == parsed.about.get("period_end")
