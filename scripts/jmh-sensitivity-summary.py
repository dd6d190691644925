#!/usr/bin/env python3
"""Summarises a JMH gate-sensitivity study folder (see jmh-sensitivity.sh) into OUT/summary.json and OUT/summary.md:
caught / runs per benchmark and factor, clean runs that failed, and the spread of every run's score against the run
it was judged against (the ratio of means that the gate's minimum effect is compared with)."""
import json, math, os, re, sys
from collections import defaultdict

out, thresholds = sys.argv[1], sys.argv[2]
# gate: each run against OUT/baseline (summary.json); gate-paired: against the clean run before it (summary-paired.json);
# gate-bracketed: against the two clean runs named in the run's 'brackets' file, the kinder ratio shown (as the gate
# shows the kinder comparison; summary-bracketed.json); runs without brackets (the first and last) are not judged;
# gate-alternated: each run's candidate/ against its own before/ and after/ forks (summary-alternated.json)
prefix = sys.argv[3] if len(sys.argv) > 3 else "gate"
stem = "summary" + prefix[len("gate"):]
QUESTIONS = ("serialization", "store-writes-b100")
if prefix == "gate-alternated":  # the questions every run was asked (run-alternated wrote them down)
    QUESTIONS = tuple(open(os.path.join(out, "questions")).read().split())


def primary(path):
    """The benchmark id, mode and score of the single benchmark in a JMH JSON (the study runs one per file)."""
    runs = json.load(open(path))
    if len(runs) != 1:
        raise SystemExit(f"{path}: expected one benchmark, found {len(runs)}")
    r = runs[0]
    return r["benchmark"].rsplit(".", 2)[-2] + "." + r["benchmark"].rsplit(".", 1)[-1], r["mode"], \
        r["primaryMetric"]["score"]


def slowdown(base, run, mode):
    """How many times slower the run is than the baseline: > 1 is worse in both modes."""
    return base / run if mode == "thrpt" else run / base


def rc(path, missing):
    return int(open(path).read().strip()) if os.path.exists(path) else missing


faults = defaultdict(lambda: {"runs": 0, "caught": 0, "slowdowns": []})
clean = {"runs": 0, "failed": 0, "failedBy": defaultdict(int), "slowdowns": defaultdict(list)}
previous = os.path.join(out, "baseline")
for name in [n.strip() for n in open(os.path.join(out, "order")) if n.strip() not in ("", "baseline")]:
    d = os.path.join(out, "runs", name)
    refs = [previous if prefix == "gate-paired" else os.path.join(out, "baseline")]
    if prefix == "gate-bracketed":
        if not os.path.exists(os.path.join(d, "brackets")):
            continue
        refs = [os.path.join(out, "runs", b.strip()) for b in open(os.path.join(d, "brackets")) if b.strip()]
    if prefix == "gate-alternated":
        refs = [os.path.join(d, "before"), os.path.join(d, "after")]
    kind = re.match(r"r\d+-(clean\d+|x[0-9.]+)$", name).group(1)
    gates = {q: rc(os.path.join(d, f"{prefix}-{q}.rc"), 2) for q in QUESTIONS}
    if kind.startswith("clean"):
        clean["runs"] += 1
        clean["failed"] += any(g != 0 for g in gates.values())
    for q in QUESTIONS:
        f = os.path.join(d, "candidate" if prefix == "gate-alternated" else "", q + ".json")
        seen = math.nan
        benchmark = q  # named by its question when no file of the run says which benchmark it is
        for ref in refs:
            # A run whose forks failed lacks a file: its gate exited 2 (counted above as failed), slowdown unknown.
            if not (os.path.exists(f) and os.path.exists(os.path.join(ref, q + ".json"))):
                continue
            benchmark, mode, base = primary(os.path.join(ref, q + ".json"))
            s = slowdown(base, primary(f)[2], mode)
            seen = s if math.isnan(seen) or s < seen else seen  # the kinder (less slow) comparison
        if kind.startswith("clean"):
            clean["slowdowns"][benchmark].append(seen)
            if gates[q] != 0:
                clean["failedBy"][benchmark] += 1
        else:
            k = faults[(benchmark, float(kind[1:]))]
            k["runs"] += 1
            k["caught"] += gates[q] == 1
            k["slowdowns"].append(seen)
    if kind.startswith("clean"):
        previous = d


def spread(xs):
    xs = [x for x in xs if not math.isnan(x)]
    return {"min": round(min(xs), 3), "max": round(max(xs), 3),
            "geomean": round(math.exp(sum(map(math.log, xs)) / len(xs)), 3)} if xs else {}


summary = {
    "thresholds": thresholds,
    "faults": [{"benchmark": b, "factor": k, "runs": v["runs"], "caught": v["caught"],
                "observedSlowdown": spread(v["slowdowns"])} for (b, k), v in sorted(faults.items())],
    "clean": {"runs": clean["runs"], "failed": clean["failed"], "failedBy": dict(clean["failedBy"]),
              "observedSlowdown": {b: spread(v) for b, v in clean["slowdowns"].items()}},
}
json.dump(summary, open(os.path.join(out, stem + ".json"), "w"), indent=2)
with open(os.path.join(out, stem + ".md"), "w") as md:
    md.write("| benchmark | factor | runs | caught | observed slowdown vs the run it was judged against (min / geomean / max) |\n"
             "|---|--:|--:|--:|---|\n")
    for f in summary["faults"]:
        s = f["observedSlowdown"]
        md.write(f"| {f['benchmark']} | {f['factor']} | {f['runs']} | {f['caught']} | "
                 f"{s.get('min')} / {s.get('geomean')} / {s.get('max')} |\n")
    for b, s in summary["clean"]["observedSlowdown"].items():
        md.write(f"| {b} | clean | {clean['runs']} | {clean['failedBy'].get(b, 0)} failed | "
                 f"{s.get('min')} / {s.get('geomean')} / {s.get('max')} |\n")
    md.write(f"\nClean runs failing either gate: {clean['failed']} of {clean['runs']}.\n")
print(open(os.path.join(out, stem + ".md")).read())
