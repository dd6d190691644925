#!/usr/bin/env python3
"""Summarises a gate-sensitivity study folder (see gate-sensitivity.sh): caught / runs per fault, clean failures, and
which gate rows fired, into OUT/summary.json and OUT/summary.md.

FROM_RUN=26 counts only the runs numbered 026 and later (a study whose first rounds chose a tolerance is judged on the
rest), into OUT/summary-from-026.json and .md."""
import json, os, re, sys
from collections import defaultdict

out, thresholds = sys.argv[1], sys.argv[2]
from_run = int(os.environ.get("FROM_RUN", "0"))
suffix = f"-from-{from_run:03d}" if from_run else ""
faults = defaultdict(lambda: {"runs": 0, "caught": 0, "bySmokeVerdict": 0, "byGate": 0, "rows": defaultdict(int)})
clean = {"runs": 0, "failed": 0, "rows": defaultdict(int)}
for name in sorted(os.listdir(os.path.join(out, "runs"))):
    d = os.path.join(out, "runs", name)
    if not os.path.exists(os.path.join(d, "gate.rc")):
        continue  # never judged: a bracketed study's first and last clean runs are baselines only
    if from_run and not (name[:3].isdigit() and int(name[:3]) >= from_run):
        continue
    rc = int(open(os.path.join(d, "rc")).read().strip() or 1)
    gate = int(open(os.path.join(d, "gate.rc")).read().strip() or 2)
    fired = []
    md = os.path.join(d, "gate.md")
    if os.path.exists(md):
        for line in open(md):
            # table rows only: | `metric` | baseline | candidate | change | rule | **regressed** |
            if line.startswith("| `") and ("**regressed**" in line or "not evaluated" in line.lower()
                                            or "missing" in line.lower()):
                fired.append(line.split("|")[1].strip())
    failed = rc != 0 or gate != 0
    m = re.match(r"(?:r\d+|\d{3})-(clean\d*|.+)$", name)
    fault = m.group(1)
    if fault.startswith("clean"):
        clean["runs"] += 1
        clean["failed"] += failed
        for f in fired:
            clean["rows"][f] += 1
    else:
        stage, factor = fault.rsplit("_", 1)
        f = faults[(stage.replace("_", ":"), float(factor))]
        f["runs"] += 1
        f["caught"] += failed
        f["bySmokeVerdict"] += rc != 0
        f["byGate"] += gate == 1
        for r in fired:
            f["rows"][r] += 1
summary = {
    "thresholds": thresholds,
    **({"fromRun": from_run} if from_run else {}),
    "faults": [{"stage": s, "factor": k, "runs": v["runs"], "caught": v["caught"],
                "caughtBySmokeVerdict": v["bySmokeVerdict"], "caughtByGate": v["byGate"],
                "gateRows": dict(sorted(v["rows"].items(), key=lambda x: -x[1]))}
               for (s, k), v in sorted(faults.items())],
    "clean": {"runs": clean["runs"], "failed": clean["failed"],
              "gateRows": dict(sorted(clean["rows"].items(), key=lambda x: -x[1]))},
}
json.dump(summary, open(os.path.join(out, f"summary{suffix}.json"), "w"), indent=2)
with open(os.path.join(out, f"summary{suffix}.md"), "w") as md:
    md.write("| fault | runs | caught | by smoke verdict | by gate | rows that fired (runs) |\n|---|--:|--:|--:|--:|---|\n")
    for f in summary["faults"]:
        rows = ", ".join(f"{k} ({v})" for k, v in list(f["gateRows"].items())[:4])
        md.write(f"| {f['stage']} x{f['factor']} | {f['runs']} | {f['caught']} | {f['caughtBySmokeVerdict']} | "
                 f"{f['caughtByGate']} | {rows} |\n")
    rows = ", ".join(f"{k} ({v})" for k, v in list(summary["clean"]["gateRows"].items())[:4])
    md.write(f"| clean | {clean['runs']} | {clean['failed']} failed | | | {rows} |\n")
print(open(os.path.join(out, f"summary{suffix}.md")).read())
