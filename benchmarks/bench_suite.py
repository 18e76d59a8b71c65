"""Wall time of the suite's main steps on this machine: `python benchmarks/bench_suite.py`.

Reports the machine, then the seconds taken (best of ``--repeat``) to read the four survey
exports, to run the whole notebook suite into a temporary build folder, and to regenerate the
simulated raw data. The README quotes its output.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path


def _machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def _best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from satisfaction.ingest import load_waves
    from satisfaction.report import run_suite
    from satisfaction.simulate import simulate

    with tempfile.TemporaryDirectory() as tmp:
        rows = [
            ("read the four survey exports (load_waves)", _best(load_waves, args.repeat)),
            ("run the whole notebook suite (run_suite)", _best(lambda: run_suite(build=Path(tmp) / "b"), args.repeat)),
            ("regenerate data/raw (simulate)", _best(lambda: simulate(Path(tmp) / "raw"), 1)),
        ]
    print(f"machine: {_machine()}")
    print("| step | seconds |\n|---|---|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.1f} |")


if __name__ == "__main__":
    main()
