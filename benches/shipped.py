#!/usr/bin/env python3
"""Times every kind of gsef command on the shipped `records/` against `gsef --version`.

The target: on the records the repository ships, every command finishes within 2x the time of
`gsef --version` (a process that starts, parses its arguments and exits). Each command runs in
turn with `--version`, so both see the same machine; the medians of `--runs` runs are compared.
Writes run on a throw-away copy of the records, each with a new id so that every one appends.

    cargo build --release && python3 benches/shipped.py --runs 20
"""

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GSEF = os.path.join(ROOT, "target", "release", "gsef")


def wall(command):
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="gsef-shipped-")
    records = os.path.join(work, "records")
    shutil.copytree(os.path.join(ROOT, "records"), records)
    numbers = iter(range(10**9))
    reads = {
        "report attendance": ["report", "attendance"],
        "report attendance --by sector,region --format csv": ["report", "attendance", "--by", "sector,region", "--format", "csv"],
        "report attendance --across sector": ["report", "attendance", "--by", "event", "--across", "sector"],
        "report events": ["report", "events"],
        "report returning": ["report", "returning"],
        "report trained --series gsef-2019": ["report", "trained", "--series", "gsef-2019"],
        "report summary --series gsef-2019": ["report", "summary", "--series", "gsef-2019"],
        "participant list": ["participant", "list"],
        "event list": ["event", "list"],
        "event show 2019-11-mexico": ["event", "show", "2019-11-mexico"],
        "series list": ["series", "list"],
        "check": ["check"],
    }
    writes = {
        "participant add": lambda: ["participant", "add", "--name", f"Bench {next(numbers)}", "--sector", "academia", "--illustrative"],
        "attend": lambda: ["attend", "2019-05-dakar", f"mx-{next(numbers) % 111 + 1:03d}"],
        "participant edit": lambda: ["participant", "edit", "mx-001", "--region", f"Region {next(numbers)}"],
        "objective add": lambda: ["objective", "add", "2019-05-dakar", f"Objective {next(numbers)}"],
    }
    rows = []
    for label, command in [(label, (lambda c=c: c)) for label, c in reads.items()] + list(writes.items()):
        ours, version = [], []
        for _ in range(args.runs):
            ours.append(wall([GSEF, "--records", records] + command()))
            version.append(wall([GSEF, "--version"]))
        rows.append((label, statistics.median(ours), statistics.median(version)))
    shutil.rmtree(work)
    print("| command | median | `gsef --version` | ratio |")
    print("|---|---:|---:|---:|")
    for label, ours, version in rows:
        print(f"| {label} | {ours * 1000:.1f} ms | {version * 1000:.1f} ms | {ours / version:.2f} |")
    worst = max(rows, key=lambda row: row[1] / row[2])
    print(f"\nSlowest against --version: {worst[0]}, {worst[1] / worst[2]:.2f}x")


if __name__ == "__main__":
    main()
