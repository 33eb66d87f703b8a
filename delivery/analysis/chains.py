"""Delivery chains across government: where chains break by level, each chain's weakest link,
and bodies that appear in several chains (no Streamlit). One chain's tree: chain_tree.py.
"""

from __future__ import annotations

import pandas as pd

from delivery.reference.ratings import NOT_ASSESSED, score
from delivery.returns.contract import LEVELS


def _with_scores(chain: pd.DataFrame) -> pd.DataFrame:
    out = chain.copy()
    out["rag"] = out["rag"].fillna(NOT_ASSESSED)
    out["score"] = [score(r) for r in out["rag"]]
    out["level_order"] = [LEVELS.index(v) if v in LEVELS else len(LEVELS) for v in out["level"]]
    return out


def worst_by_level(chain: pd.DataFrame) -> pd.DataFrame:
    """One row per priority and chain level: the weakest rating there and how many links.

    Columns: priority_id, level, rag, links. Unrated links count only when a level has
    no rated link (then the rating is Not assessed).
    """
    cols = ["priority_id", "level", "rag", "links"]
    if chain.empty:
        return pd.DataFrame(columns=cols)
    scored = _with_scores(chain).sort_values(["score", "level_order"], na_position="last")
    first = (
        scored.groupby(["priority_id", "level"], sort=False)
        .agg(rag=("rag", "first"), links=("node_id", "size"), level_order=("level_order", "first"))
        .reset_index()
    )
    return first.sort_values(["priority_id", "level_order"])[cols].reset_index(drop=True)


def level_breaks(chain: pd.DataFrame) -> pd.DataFrame:
    """Per chain level: in how many priorities it is rated Red or Amber/Red, and which.

    Columns: level, priorities_red (count), priority_ids (comma-separated), priorities
    (how many chains have that level). Sorted by priorities_red, most first, then level.
    """
    cols = ["level", "priorities_red", "priority_ids", "priorities"]
    worst = worst_by_level(chain)
    if worst.empty:
        return pd.DataFrame(columns=cols)
    worst["red"] = worst["rag"].isin(["Red", "Amber/Red"])
    rows = []
    for level, group in worst.groupby("level", sort=False):
        reds = sorted(group.loc[group["red"], "priority_id"])
        rows.append(
            {
                "level": level,
                "priorities_red": len(reds),
                "priority_ids": ", ".join(reds),
                "priorities": group["priority_id"].nunique(),
            }
        )
    out = pd.DataFrame(rows, columns=cols)
    out["order"] = [LEVELS.index(v) if v in LEVELS else len(LEVELS) for v in out["level"]]
    return out.sort_values(["priorities_red", "order"], ascending=[False, True])[cols].reset_index(drop=True)


def any_rated(worst: pd.DataFrame) -> bool:
    """True when some level of some chain in ``worst`` (worst_by_level) has a rating (Complete counts)."""
    return bool((worst["rag"] != NOT_ASSESSED).any()) if not worst.empty else False


def level_rating_counts(worst: pd.DataFrame) -> pd.DataFrame:
    """How many priorities have each rating as the weakest at each chain level.

    ``worst`` is worst_by_level(...). Columns: level, rag, priorities. For a whole
    government the per-priority grid is too tall to read; these counts are the summary.
    """
    cols = ["level", "rag", "priorities"]
    if worst.empty:
        return pd.DataFrame(columns=cols)
    counts = worst.groupby(["level", "rag"]).size().rename("priorities").reset_index()
    return counts[cols]


def id_list(ids: str, most: int = 8) -> str:
    """'A, B, C' from a comma-separated list, shortened to 'A, B, … and 12 more' past ``most``."""
    parts = [p for p in ids.split(", ") if p]
    if len(parts) <= most:
        return ", ".join(parts)
    return ", ".join(parts[:most]) + f", … and {len(parts) - most} more"


def weakest_links(chain: pd.DataFrame) -> pd.DataFrame:
    """The weakest link of every chain: the lowest-rated link(s), ties listed together.

    Columns: priority_id, rag, links (names, "; "-separated, highest in the chain
    first), levels. A chain with no rated link says Not assessed.
    """
    cols = ["priority_id", "rag", "links", "levels"]
    if chain.empty:
        return pd.DataFrame(columns=cols)
    scored = _with_scores(chain)
    lowest = scored.groupby("priority_id")["score"].transform("min")
    weakest = scored[scored["score"].notna() & (scored["score"] == lowest)].sort_values(["level_order", "name"])
    found = (
        weakest.groupby("priority_id", sort=True)
        .agg(rag=("rag", "first"), links=("name", "; ".join), levels=("level", lambda v: ", ".join(dict.fromkeys(v))))
        .reset_index()
    )
    unrated = sorted(set(scored["priority_id"]) - set(found["priority_id"]))
    none = pd.DataFrame({"priority_id": unrated, "rag": NOT_ASSESSED, "links": "No link is rated", "levels": ""})
    return pd.concat([found, none]).sort_values("priority_id")[cols].reset_index(drop=True)


# A department's own tiers: a "North East region" in DfE's chain and one in DHSC's are different
# bodies, while "Local authorities, North East" in two departments' chains are the same councils.
OWN_TIERS = ("minister", "department", "agency", "region")


def _body_keys(chain: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """What identifies a body: its name (ignoring case and spaces) and level and, for a department's
    own tiers, the department whose chain it is in. Returns (key, the name to show)."""
    name = chain["name"].astype(str).str.strip()
    department = chain["department"].fillna("").astype(str) if "department" in chain else pd.Series("", chain.index)
    own = chain["level"].isin(OWN_TIERS) & (department != "")
    key = name.str.casefold() + "|" + chain["level"].astype(str) + "|" + department.where(own, "")
    shown = name.where(~own, name + " (" + department + ")")
    return key, shown


def shared_bodies(chain: pd.DataFrame) -> pd.DataFrame:
    """Bodies that appear in the chains of two or more priorities (see ``_body_keys`` for what
    makes two links the same body).

    Columns: name, chains (count), ratings ("HEA-01: Red; EDU-02: Amber"), worst_rag.
    Sorted by chains, most first, then name. A body weak in one chain may be weak in all.
    """
    cols = ["name", "chains", "ratings", "worst_rag"]
    if chain.empty:
        return pd.DataFrame(columns=cols)
    scored = _with_scores(chain)
    scored["key"], scored["shown"] = _body_keys(scored)
    scored = scored[scored.groupby("key")["priority_id"].transform("nunique") >= 2]
    if scored.empty:
        return pd.DataFrame(columns=cols)
    scored = scored.sort_values(["key", "priority_id"])
    scored["pair"] = scored["priority_id"] + ": " + scored["rag"]
    worst = scored.sort_values("score", na_position="last").groupby("key")["rag"].first()
    out = scored.groupby("key").agg(
        name=("shown", "first"), chains=("priority_id", "nunique"), ratings=("pair", "; ".join)
    )
    out["worst_rag"] = worst
    return out.sort_values(["chains", "name"], ascending=[False, True])[cols].reset_index(drop=True)
