"""checks.linker on the labelled pairs: precision, recall and F1 per kind of case.

    .venv/bin/python bench/linker_pairs.py [--pairs tests/data/linker_pairs.toml] [--list]

The labelled set (``tests/data/linker_pairs.toml``, written after real portal titles) is linked
as one corpus, as ``tests/checks/test_linker.py`` does, and scored per kind of case: revised
(a revision is not its original), provincial (the province's or the city's document is not the
county's of the same name), shortened (a 解读 quoting a shortened or glossed title still finds
its document), foot_links (相关文件 / 原文链接 / 相关解读 lines at the foot of a body), general.
"hard negatives drawn" counts the labelled traps the linker fell into. ``--list`` prints each
wrong and missed pair with its signals. Prints figures only; the thresholds are asserted in
``tests/checks/test_linker_real_titles.py``.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

from checks.linker import link
from tests.checks.test_linker import LABELLED, Labelled, load_labelled, scores_by_kind


def _listing(labelled: Labelled, pairs: dict[tuple[int, int], dict[str, float]]) -> list[str]:
    lines = []
    for title, keys in (
        ("wrong", sorted(set(pairs) - labelled.positives)),
        ("missed", sorted(labelled.positives - set(pairs))),
    ):
        for document, interpretation in keys:
            lines.append(
                f"{title}: {labelled.names[interpretation]}\n"
                f"    -> {labelled.names[document]} {pairs.get((document, interpretation), '')}"
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=LABELLED, help="labelled set (TOML)")
    parser.add_argument("--list", action="store_true", help="print wrong and missed pairs")
    args = parser.parse_args(argv)
    try:
        labelled = load_labelled(args.pairs)
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as error:
        print(f"{args.pairs}: not a labelled set ({error})", file=sys.stderr)
        return 2

    drawn = {
        (pair.document_id, pair.interpretation_id): pair.signals
        for pair in link(labelled.documents, labelled.interpretations)
    }
    header = f"{'kind':<11} {'pairs':>5} {'traps':>5} {'drawn':>5}"
    print(f"{header}  precision  recall     F1  traps drawn")
    for kind, scores in scores_by_kind(labelled, set(drawn)).items():
        print(
            f"{kind:<11} {scores.positives:>5} {scores.negatives:>5} {scores.drawn:>5}"
            f"  {scores.precision:9.3f} {scores.recall:7.3f} {scores.f1:6.3f} {scores.trapped:>12}"
        )
    if args.list:
        print("\n".join(_listing(labelled, drawn)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
