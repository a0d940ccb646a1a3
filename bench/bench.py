"""Essaim's benchmark: generates a store and measures, over several runs, with medians.

    python bench/bench.py --fiches 10000 --runs 7

Measures the time from launching `python -m app` to a shown, usable main window (the GUI is told to
quit once shown). Results are printed and written as JSON to bench/out/.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import generate_store  # noqa: E402


def measure_startup(data_dir: Path, runs: int) -> list[float]:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env["ESSAIM_CONFIG_DIR"] = str(data_dir.parent / "config")
    env["ESSAIM_LOG_DIR"] = str(data_dir.parent / "logs")
    timings = []
    for _ in range(runs):
        started = time.time()
        done = subprocess.run(
            [sys.executable, "-m", "app", "--data-dir", str(data_dir), "--quit-when-shown"],
            capture_output=True, text=True, cwd=ROOT, env=env, timeout=120,
        )
        ready = [line for line in done.stdout.splitlines() if line.startswith("ESSAIM_READY ")]
        if done.returncode != 0 or not ready:
            raise SystemExit(f"launch failed ({done.returncode}): {done.stderr}")
        timings.append(float(ready[0].split()[1]) - started)
    return timings


def summarize(name: str, timings: list[float]) -> dict[str, float | str | int]:
    return {
        "measure": name,
        "runs": len(timings),
        "median_s": round(statistics.median(timings), 4),
        "min_s": round(min(timings), 4),
        "max_s": round(max(timings), 4),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fiches", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it")
    args = parser.parse_args()

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="essaim-bench-"))
    data_dir = work / "data"
    t0 = time.perf_counter()
    generate_store(data_dir, args.fiches)
    print(f"store of {args.fiches} fiches generated in {time.perf_counter() - t0:.1f} s at {data_dir}")

    results = [summarize("startup_to_window", measure_startup(data_dir, args.runs))]
    for result in results:
        print(f"{result['measure']:<24} median {result['median_s'] * 1000:8.1f} ms "
              f"(min {result['min_s'] * 1000:.1f}, max {result['max_s'] * 1000:.1f}, runs {result['runs']})")
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "results.json").write_text(json.dumps({"fiches": args.fiches, "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
