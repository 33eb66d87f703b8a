"""The commands about the loads log: rollback, rebuild, history."""

from __future__ import annotations

import json

from delivery.commands.common import OK, existing_store, print_results, store_of, user_of
from delivery.store.versions import default_store_path


def cmd_rollback(args) -> int:
    from delivery.store.history import rollback_load

    result = rollback_load(store_of(args), args.load_id, user_of(args), args.reason)
    print_results([result], args.json, {"outcome": result.outcome})
    return OK


def cmd_rebuild(args) -> int:
    from delivery.store.rebuild import rebuild

    target = args.db or default_store_path()
    count = rebuild(args.source or target, target)
    print(f"Rebuilt the store at {target} from {count} archived loads.")
    return OK


def cmd_history(args) -> int:
    from delivery.store import reviews
    from delivery.store.load_log import described
    from delivery.store.versions import run_query

    con = existing_store(args).connect_read()
    frame, trail = None, []
    if con is not None:
        with con:
            ask = reviews.asker(con)
            frame = reviews.with_reviews(ask, described(run_query(con, "loads_history")))
            trail = reviews.trail(ask)
    rows = [] if frame is None else frame.astype(object).where(frame.notna(), None).to_dict("records")
    for row in rows:
        row["loaded_at"] = row["loaded_at"].isoformat(sep=" ", timespec="seconds")
        row["return_period"] = row["return_period"].date().isoformat() if row["return_period"] is not None else None
        row["row_counts"] = json.loads(row["row_counts"] or "{}")
        row["load_id"], row["active"] = int(row["load_id"]), bool(row["active"])
        row["warning_count"] = int(row.get("warning_count") or 0)
        row["rolls_back"] = None if row["rolls_back"] is None else int(row["rolls_back"])
        row["answers"] = None if row["answers"] is None else int(row["answers"])
    if args.json:
        print(json.dumps({"loads": rows, "reviews": trail}, indent=2, default=str))
    else:
        print(history_table(rows) if rows else "No loads yet.")
    return OK


HEAD = (
    "load",
    "loaded at (UTC)",
    "by",
    "department",
    "period",
    "outcome",
    "review",
    "in force",
    "warnings",
    "rows",
    "file",
    "reason",
)


def history_table(rows: list[dict]) -> str:
    """The loads as a table, in words: what became of each load, its review (a column only once review is
    switched on), and whether its rows are the ones in force."""
    lines = [HEAD] + [
        (
            str(r["load_id"]),
            r["loaded_at"],
            r["loaded_by"],
            r["department"] or "",
            r["return_period"] or "",
            r["outcome_text"],
            _review_cell(r),
            "yes" if r["active"] else "no",
            str(r["warning_count"]),
            str(sum(r["row_counts"].values())),
            r["file_name"],
            r["reason"] or "",
        )
        for r in rows
    ]
    if all(r["review"] is None for r in rows):  # review not switched on: the table as it always was
        lines = [line[:6] + line[7:] for line in lines]
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(lines[0]))]
    return "\n".join("  ".join(str(v).ljust(w) for v, w in zip(line, widths)).rstrip() for line in lines)


def _review_cell(row: dict) -> str:
    """The review column: 'received: not yet reviewed', 'returned for revision by Cleo on 6 Dec 2026: ...',
    and, for a resubmission, '(answers load 6)'."""
    return row["review_text"] or ""
