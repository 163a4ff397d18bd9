"""How checks.linker scales: a synthetic province of documents and interpretations.

    .venv/bin/python bench/linker_scale.py [--docs 20000] [--interps 8000] [--seed 7] [--repeat 3]

Generates a corpus shaped like a province's county portals (about 200 documents per county;
titles built from topic vocabularies with varied scope and aspect wording, county and department
issuers, years, 文号, the many 解读 headline forms, and a mix of linking signals) and one twice as
large (twice the counties). Links each ``--repeat`` times, interleaved, and prints the fastest
time of each, their ratio (linear scaling gives 2), peak memory (the linker's own by tracemalloc,
and the process's RSS), work counters (documents scored and block postings visited per
interpretation: flat when the work per interpretation is bounded), and precision/recall against
the generator's truth. Prints figures only: timings are never asserted (on a shared machine
they wander, so speed is measured here and never in the tests).

The generator (``bench/linker_corpus.py``) says what it plants.
"""

from __future__ import annotations

import argparse
import gc
import resource
import time
import tracemalloc

from linker_corpus import generate  # this script's folder is on sys.path

from checks.linker import CANDIDATE_POOL, link
from checks.linker.candidates import Corpus
from checks.linker.tokens import tokenise
from checks.records import DocRecord


def _time_once(docs: list[DocRecord], interps: list[DocRecord]) -> tuple[float, float, list]:
    tokenise.cache_clear()  # each run tokenises from scratch
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    pairs = link(docs, interps)
    return time.perf_counter() - wall, time.process_time() - cpu, pairs


def _measure(sizes: list[tuple[int, int]], seed: int, repeat: int) -> list[dict]:
    """Link each generated corpus ``repeat`` times, the sizes interleaved (N, 2N, N, 2N …) so
    that both see the same load, and keep each size's fastest run (timeit's rule: the slower
    ones measure the other processes on a shared machine, not the linker)."""
    corpora = [generate(n_docs, n_interps, seed) for n_docs, n_interps in sizes]
    walls: list[list[float]] = [[] for _ in sizes]
    cpus: list[list[float]] = [[] for _ in sizes]
    drawn: list[set] = [set() for _ in sizes]
    for _ in range(repeat):
        for index, (docs, interps, _truth) in enumerate(corpora):
            wall, cpu, pairs = _time_once(docs, interps)
            walls[index].append(wall)
            cpus[index].append(cpu)
            drawn[index] = {(pair.document_id, pair.interpretation_id) for pair in pairs}
    results = []
    for index, (docs, interps, truth) in enumerate(corpora):
        hits = len(drawn[index] & truth)
        scored, postings = _work(docs, interps)
        tokenise.cache_clear()
        tracemalloc.start()  # untimed pass: tracing slows Python down several times
        link(docs, interps)
        linker_peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        results.append(
            {
                "linker_mib": linker_peak,
                "scored": scored,
                "postings": postings,
                "docs": len(docs),
                "interps": len(interps),
                "seconds": min(walls[index]),
                "cpu": min(cpus[index]),
                "precision": hits / len(drawn[index]) if drawn[index] else 0.0,
                "recall": hits / len(truth) if truth else 0.0,
                "pairs": len(drawn[index]),
                "truth": len(truth),
            }
        )
    return results


def _work(docs: list[DocRecord], interps: list[DocRecord]) -> tuple[float, float]:
    """Work per interpretation, counted rather than timed (timings on a shared machine wander):
    documents scored in full, and block postings visited. Linear scaling means these stay flat
    as the corpus grows. Reads the linker's private index on purpose: this is a bench."""
    corpus = Corpus(docs, interps)
    scored = visited = 0
    for position, interp in enumerate(corpus.interps):
        candidates = set(corpus.blocked(interp))
        candidates.update(corpus.linked_to(interp), corpus.linked_from.get(position, {}))
        candidates.update(corpus.numbered(interp.title_numbers))
        candidates.update(corpus.numbered(interp.body_numbers))
        scored += len(candidates)
        keys = {
            key
            for ref in interp.refs
            for key in corpus.block_keys(ref.specific, ref.places or interp.places)
            if key in corpus.by_key
        }
        seen: set[int] = set()
        for done, key in enumerate(sorted(keys, key=lambda key: len(corpus.by_key[key])), 1):
            visited += len(corpus.by_key[key])
            seen.update(corpus.by_key[key])
            if len(seen) >= CANDIDATE_POOL and done >= 2:  # as Corpus.blocked
                break
    return scored / len(interps), visited / len(interps)


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _print(result: dict) -> None:
    print(
        f"{result['docs']:>6} docs {result['interps']:>6} interps:"
        f" {result['seconds']:6.2f} s wall, {result['cpu']:6.2f} s CPU"
        f" ({result['docs'] / result['seconds']:,.0f} docs/s,"
        f" {(result['docs'] + result['interps']) / result['seconds']:,.0f} records/s);"
        f" precision {result['precision']:.3f} recall {result['recall']:.3f}"
        f" ({result['pairs']} drawn, {result['truth']} true);"
        f" linker peak allocation {result['linker_mib']:.0f} MiB (tracemalloc);"
        f" per interpretation: {result['scored']:.1f} documents scored,"
        f" {result['postings']:.0f} block postings visited"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000, help="documents (default 20000)")
    parser.add_argument("--interps", type=int, default=8_000, help="interpretations (default 8000)")
    parser.add_argument("--seed", type=int, default=7, help="generator seed (default 7)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per size, fastest kept (default 3)"
    )
    args = parser.parse_args(argv)
    if args.docs < 100 or args.interps < 10 or args.repeat < 1:
        parser.error(
            f"--docs must be >= 100, --interps >= 10 and --repeat >= 1"
            f" (got {args.docs}, {args.interps}, {args.repeat})"
        )

    link([], [])  # load jieba's dictionary outside the timings
    sizes = [(args.docs, args.interps), (2 * args.docs, 2 * args.interps)]
    first, second = _measure(sizes, args.seed, args.repeat)
    _print(first)
    _print(second)
    print(
        f"time ratio 2N/N: {second['seconds'] / first['seconds']:.2f} wall,"
        f" {second['cpu'] / first['cpu']:.2f} CPU (linear: 2.0);"
        f" peak memory (RSS, both corpora loaded): {_peak_mib():.0f} MiB"
    )


if __name__ == "__main__":
    main()
