"""The delivery chain as a tree: where each link goes on the page, and which is weakest (no Streamlit)."""

from __future__ import annotations

import pandas as pd

from delivery.reference.ratings import NOT_ASSESSED, score


def _blank(value) -> bool:
    return value is None or (pd.api.types.is_scalar(value) and pd.isna(value))


def weakest_nodes(chain: pd.DataFrame) -> set[str]:
    """The node_ids of the lowest-rated link(s) of one chain.

    Empty when no link is rated, or when every rated link has the same rating: then no
    link is weaker than the others.
    """
    scores = {n: score(r) for n, r in zip(chain["node_id"], chain["rag"]) if score(r) is not None}
    if len(set(scores.values())) < 2:
        return set()
    low = min(scores.values())
    return {n for n, s in scores.items() if s == low}


def _children(chain: pd.DataFrame) -> tuple[list[str], dict[str, list[str]]]:
    ids = set(chain["node_id"])
    kids: dict[str, list[str]] = {}
    roots = []
    for node, parent in zip(chain["node_id"], chain["parent_node_id"]):
        if _blank(parent) or parent not in ids or parent == node:
            roots.append(node)
        else:
            kids.setdefault(parent, []).append(node)
    return roots, kids


def chain_layout(chain: pd.DataFrame) -> pd.DataFrame:
    """Positions for drawing one delivery chain as a tree, top (minister) to bottom.

    Adds depth (0 at the top), x (leaves in order, each parent centred over its
    children), parent_x, parent_depth and weakest (True for the lowest-rated links).
    Links unreachable from a top link (a broken parent) are drawn as extra tops.
    """
    out = chain.copy().reset_index(drop=True)
    roots, kids = _children(out)
    place: dict[str, tuple[float, int]] = {}
    next_leaf = [0.0]

    def visit(node: str, depth: int) -> float:
        if node in place:  # a cycle or a repeated id: draw it once
            return place[node][0]
        place[node] = (next_leaf[0], depth)
        xs = [visit(k, depth + 1) for k in kids.get(node, [])]
        x = sum(xs) / len(xs) if xs else next_leaf[0]
        if not xs:
            next_leaf[0] += 1
        place[node] = (x, depth)
        return x

    for node in roots + [n for n in out["node_id"] if n not in roots]:
        if node not in place:
            visit(node, 0)
    out["x"] = [place[n][0] for n in out["node_id"]]
    out["depth"] = [place[n][1] for n in out["node_id"]]
    pos = dict(zip(out["node_id"], zip(out["x"], out["depth"])))
    out["parent_x"] = [pos.get(p, (None, None))[0] if not _blank(p) else None for p in out["parent_node_id"]]
    out["parent_depth"] = [pos.get(p, (None, None))[1] if not _blank(p) else None for p in out["parent_node_id"]]
    weakest = weakest_nodes(out)
    out["weakest"] = out["node_id"].isin(weakest)
    out["rag"] = out["rag"].where(out["rag"].notna(), NOT_ASSESSED)
    return out
