#!/usr/bin/env python3
"""Adds the stage CPU ratios to a copy of a gate-sensitivity study made before the summaries carried them.

    scripts/gate-sensitivity-derive.py OUT OUT_DERIVED

Copies OUT to OUT_DERIVED and writes into each run's summary.json the figures RunReport now writes from the same
run's cpuPerRecord figures (load-tests/.../measure/StageCpuRatios, whose javadoc says why): consumer.<g>.cpuVsOtherGroups
(a group's CPU per record over the mean of the other groups') and publish.cpuVsGroups (over the groups' mean).
Written again here, not called, because the study's runs predate that class; a run of the new code carries both, and
this script's check mode compares its own formula with them:

    scripts/gate-sensitivity-derive.py --check RUN_FOLDER     (exit 1 when a figure differs)
"""
import glob
import json
import os
import shutil
import sys


def ratios(metrics):
    cpu = {k[len("consumer."):-len(".cpuPerRecord")]: v["value"] for k, v in metrics.items()
           if k.startswith("consumer.") and k.endswith(".cpuPerRecord")}
    out = {}
    total = sum(cpu.values())
    if "publish.cpuPerRecord" in metrics and cpu and total > 0:
        out["publish.cpuVsGroups"] = metrics["publish.cpuPerRecord"]["value"] / (total / len(cpu))
    if len(cpu) >= 2:
        for g, us in cpu.items():
            others = (total - us) / (len(cpu) - 1)
            if others > 0:
                out[f"consumer.{g}.cpuVsOtherGroups"] = us / others
    return out


if sys.argv[1] == "--check":
    m = json.load(open(os.path.join(sys.argv[2], "summary.json")))["metrics"]
    bad = [(k, v, m.get(k, {}).get("value")) for k, v in ratios(m).items()
           if k not in m or abs(m[k]["value"] - v) > 1e-6 * max(1, abs(v))]
    for k, mine, theirs in bad:
        print(f"{k}: here {mine}, in the summary {theirs}")
    print(f"{len(ratios(m)) - len(bad)} of {len(ratios(m))} ratios agree")
    sys.exit(1 if bad or not ratios(m) else 0)

src, dst = sys.argv[1], sys.argv[2]
shutil.copytree(src, dst)
for f in glob.glob(os.path.join(dst, "runs", "*", "smoke", "*", "summary.json")):
    s = json.load(open(f))
    for k, v in ratios(s["metrics"]).items():
        s["metrics"][k] = {"value": v, "unit": "ratio", "better": "lower"}
    json.dump(s, open(f, "w"), indent=2)
