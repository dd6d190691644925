#!/usr/bin/env python3
"""Calibration aid for a bracketed gate-sensitivity study (scripts/gate-sensitivity.sh run-bracketed OUT ...).

For every figure of the smoke summaries, each run's change against its two clean neighbours as the bracketed gate
sees it (the kinder of the two, in the figure's bad direction: +x% means x% worse against both), then per figure:
the worst clean comparison (the tightest tolerance that keeps every clean run green) and each fault's changes.

    scripts/gate-sensitivity-calibrate.py OUT [FIGURE_SUBSTRING ...]   > OUT/changes.txt

It proposes nothing by itself: a tolerance set from the clean runs of a study and judged on the same study is fitted
to it; the README of the study says how the committed tolerances were chosen.
"""
import glob
import json
import os
import sys
from collections import defaultdict

out = sys.argv[1]
wanted = sys.argv[2:]
runs = sorted(d for d in os.listdir(os.path.join(out, "runs")) if os.path.isdir(os.path.join(out, "runs", d)))


def metrics(name):
    f = sorted(glob.glob(os.path.join(out, "runs", name, "smoke", "*", "summary.json")))
    return json.load(open(f[-1]))["metrics"] if f else None


def bad_change(m, cand, base):
    """The change of a figure in its bad direction (positive = worse), or None when not comparable."""
    try:
        c, b = cand[m]["value"], base[m]["value"]
    except (KeyError, TypeError):
        return None
    if b == 0:
        return 0.0 if c == 0 else float("inf")
    rel = c / b - 1
    return -rel if cand[m].get("better") == "higher" else rel


cleans = [i for i, n in enumerate(runs) if n.endswith("-clean")]
pairs = []  # (run, clean before, clean after), as judge-bracketed pairs them
for k, i in enumerate(cleans[:-1]):
    j = cleans[k + 1]
    pairs += [(runs[m], runs[i], runs[j]) for m in range(i + 1, j)]
    if k > 0:
        pairs.append((runs[i], runs[cleans[k - 1]], runs[j]))

kind = defaultdict(lambda: defaultdict(list))  # figure -> config -> kindest bad changes
for run, a, b in pairs:
    c, s1, s2 = metrics(run), metrics(a), metrics(b)
    if not (c and s1 and s2):
        print(f"# {run}: a summary is missing, left out", file=sys.stderr)
        continue
    config = run.split("-", 1)[1]
    for m in c:
        if wanted and not any(w in m for w in wanted):
            continue
        x, y = bad_change(m, c, s1), bad_change(m, c, s2)
        if x is not None and y is not None:
            kind[m][config].append(min(x, y))

configs = sorted({cfg for per in kind.values() for cfg in per}, key=lambda s: (s != "clean", s))
fmt = lambda v: "inf" if v == float("inf") else f"{100 * v:+.0f}%"
print("figure".ljust(44) + "".join(c[:24].rjust(26) for c in configs))
for m in sorted(kind):
    line = m[:43].ljust(44)
    for cfg in configs:
        vals = kind[m].get(cfg, [])
        cell = ("worst " + fmt(max(vals)) + f" of {len(vals)}") if cfg == "clean" and vals else \
            " ".join(fmt(v) for v in vals)
        line += cell[:25].rjust(26)
    print(line)
