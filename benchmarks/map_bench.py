"""What the locator map costs a warm render of the sample brief.

    .venv/bin/python benchmarks/map_bench.py [--runs N]

Renders the sample through one reused render worker (briefkit's own path: lint here, then view,
template, layout and PDF in the worker), with the map and with ``"map": false``, in interleaved
pairs, and prints the medians and the median of the pairs' ratios (target: at most 1.10).

Each render is timed twice: on the wall clock (what a user waits), and by the render worker's
own CPU time (Linux; steadier when other work shares the machine, since time spent waiting for a
core is not counted).

Twice: re-rendering the sample as it is (the worker keeps the maps it drew, so this is what a
preview or a re-render pays), and giving every render another ``region`` (the map's alternative
text names it), so that the cache never answers and every render with the map draws it anew
(from the boundary lines the worker keeps, thinned and projected, from its first map there).
Also printed: drawing the map alone in this process, the first time in its region (every cache
cleared) and again (the lines kept, the map's cache cleared), and reading the
boundaries once (a worker pays that on its first map). Nothing here is asserted in the tests.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "niger-mali-aes.json"


Timings = tuple[float, float, float]
"""Median seconds with the map, without it, and the median ratio of interleaved pairs."""


def worker_clock(pid: int) -> Callable[[], float]:
    """A clock of process ``pid``'s CPU seconds (Linux's per-process CPU clock), or the wall
    clock where there is none."""
    clock = (~pid << 3) | 2  # CPUCLOCK_SCHED of the whole process, as clock_getcpuclockid gives
    try:
        time.clock_gettime(clock)
    except OSError:
        return time.perf_counter
    return lambda: time.clock_gettime(clock)


def medians(with_map: list[float], without: list[float]) -> Timings:
    ratio = statistics.median(a / b for a, b in zip(with_map, without, strict=True))
    return statistics.median(with_map), statistics.median(without), ratio


def warm_renders(runs: int, redraw: bool) -> tuple[Timings, Timings]:
    """Wall-clock and worker CPU timings of interleaved pairs; ``redraw`` gives every render
    another region, so that the map is drawn anew each time."""
    from briefkit import Brief, load_brand, parse_brief
    from briefkit.render.pool import RenderPool
    from briefkit.render.renderer import Renderer

    brand = load_brand()
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    counter = iter(range(1_000_000))

    def brief(with_map: bool) -> Brief:
        region = f"Sahel {next(counter)}" if redraw else data["region"]
        changed = {**data, "region": region, "map": with_map}
        return parse_brief(json.dumps(changed).encode(), str(SAMPLE))

    with tempfile.TemporaryDirectory() as folder, RenderPool() as pool:
        renderer = Renderer(pool=pool)
        output = Path(folder) / "out.pdf"

        cpu: Callable[[], float] = time.perf_counter

        def timed(with_map: bool) -> tuple[float, float]:
            document = brief(with_map)
            start, start_cpu = time.perf_counter(), cpu()
            renderer.render(document, brand, output)
            return time.perf_counter() - start, cpu() - start_cpu

        for _ in range(3):  # warm the worker, fonts, the boundaries and the world inset
            timed(True)
            timed(False)
        (worker,) = pool.pids
        cpu = worker_clock(worker)
        with_map, without = [], []
        for _ in range(runs):  # interleaved, so drift on the machine hits both alike
            with_map.append(timed(True))
            without.append(timed(False))
        assert pool.pids == (worker,), "the same warm worker served every render"
    return (
        medians([wall for wall, _ in with_map], [wall for wall, _ in without]),
        medians([used for _, used in with_map], [used for _, used in without]),
    )


def drawing(runs: int) -> tuple[float, float, float]:
    """Seconds to read the boundaries once, and the medians to draw the sample's map the first
    time in its region and again."""
    from babel import Locale

    from briefkit.geography import countries
    from briefkit.render.locator_map import locator_map
    from briefkit.render.map_annotations import _world_path
    from briefkit.render.map_outlines import drawn_arc, thinned_arc

    start = time.perf_counter()
    countries()
    _world_path()
    loading = time.perf_counter() - start
    timings: dict[bool, list[float]] = {True: [], False: []}
    for run in range(2 * runs):
        first = run % 2 == 0
        locator_map.cache_clear()
        if first:
            thinned_arc.cache_clear()
            drawn_arc.cache_clear()
        start = time.perf_counter()
        locator_map(
            ("NE", "ML", "BF"),
            locale=Locale("en"),
            alt_label="Map: {countries} highlighted in {region}",
            region="Sahel",
            accent="#C8963E",
            ink="#0B2545",
        )
        timings[first].append(time.perf_counter() - start)
    return loading, statistics.median(timings[True]), statistics.median(timings[False])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    loading, first, again = drawing(args.runs)
    rows = [
        ("read the boundaries and the world inset, once per worker", f"{loading:.3f} s"),
        ("draw the sample's map, the first in its region (median)", f"{first:.4f} s"),
        ("draw the sample's map again (median)", f"{again:.4f} s"),
    ]
    for redraw, how in ((False, "the sample re-rendered"), (True, "the map drawn anew")):
        for clock, (with_map, without, ratio) in zip(
            ("wall", "worker CPU"), warm_renders(args.runs, redraw), strict=True
        ):
            rows += [
                (f"warm render, {how}, with the map ({clock}, median)", f"{with_map:.3f} s"),
                (f'warm render, {how}, "map": false ({clock}, median)', f"{without:.3f} s"),
                (f"warm render, {how}, with / without ({clock}; target <= 1.10)", f"{ratio:.3f}"),
            ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")


if __name__ == "__main__":
    main()
