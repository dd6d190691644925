#!/usr/bin/env python3
"""Tables for README.md from `pipebench profile --out` JSON files, and the capacity model's fit.

Usage: results/capacity/summarise.py results/capacity/runs/*.json
The model: pipeline cores (JIT compilers left out: warm-up) = F + c * events/s + k * requests/s, where requests are
the brokers' Produce + FetchConsumer + FetchFollower + OffsetCommit. Fitted by least squares on the runs at the
lowest rate, then checked on the others (out of sample).
"""
import json
import sys

MAIN_APIS = ["Produce", "FetchConsumer", "FetchFollower", "OffsetCommit"]


def load(paths):
    runs = []
    for path in paths:
        p = json.load(open(path))
        cpu = {r["part"]: r["cpuMillis"] for r in p["cpu"]}
        secs = p["seconds"]
        jit = cpu.get("JVM: JIT compilers", 0.0)
        req = {r["api"]: r for r in p["requests"]}
        s = p["settings"]
        runs.append({
            "name": path.split("/")[-1].replace("profile-", "").replace(".json", ""),
            "profile": s["producerProfile"] + "/" + s["consumerProfile"],
            "linger": s["producerSettings"].get("linger.ms"),
            "asked": s["rate"], "rate": p["eventsPerSecond"], "events": p["eventsAcked"],
            "cpu": cpu, "us": {k: v * 1000.0 / p["eventsAcked"] for k, v in cpu.items()},
            "total_us": p["pipelineMicrosPerEvent"],
            "steady_cores": (sum(cpu.values()) - jit) / 1000.0 / secs,
            "other": p["otherProcessesCores"], "kept": p["keptUp"],
            "req": req, "q": sum(req[a]["perSecond"] for a in MAIN_APIS if a in req),
            "groups": p["groups"], "producer": p["producer"],
        })
    return runs


def cpu_table(runs):
    parts = list(runs[0]["cpu"].keys())
    print("| part | " + " | ".join(r["name"] for r in runs) + " |")
    print("|---|" + "---:|" * len(runs))
    for part in parts:
        print("| " + part + " | " + " | ".join("%.0f" % r["us"].get(part, 0.0) for r in runs) + " |")
    print("| **total µs/event** | " + " | ".join("**%.0f**" % r["total_us"] for r in runs) + " |")
    print("| events/s acknowledged (asked) | " + " | ".join("%.0f (%.0f)" % (r["rate"], r["asked"]) for r in runs) + " |")
    print("| kept up | " + " | ".join("yes" if r["kept"] else "no" for r in runs) + " |")
    print("| cores: pipeline / other processes | " + " | ".join(
        "%.2f / %.2f" % (r["total_us"] * r["rate"] / 1e6, r["other"]) for r in runs) + " |")


def request_table(runs):
    print("| run | " + " | ".join(a + " /event (B/req)" for a in MAIN_APIS) + " | records/Produce | "
          "records/fetch (per group) | records/poll (per group) | e2e p95 ms (per group) |")
    print("|---|" + "---:|" * (len(MAIN_APIS) + 4))
    for r in runs:
        cells = []
        for a in MAIN_APIS:
            x = r["req"].get(a)
            cells.append("%.3f (%.0f)" % (x["perEvent"], x["bytesPerRequest"]) if x else "-")
        g = r["groups"]
        cells.append("%.1f" % r["producer"]["recordsPerRequest"])
        cells.append(" / ".join("%.0f" % x["recordsPerFetch"] for x in g))
        cells.append(" / ".join("%.0f" % x["recordsPerPoll"] for x in g))
        cells.append(" / ".join("%.0f" % x["e2eP95Ms"] for x in g))
        print("| " + r["name"] + " | " + " | ".join(cells) + " |")


def solve(rows):
    """Least squares for y = F + c*r + k*q by the normal equations (3x3, no numpy needed)."""
    xs = [(1.0, r["rate"], r["q"]) for r in rows]
    ys = [r["steady_cores"] for r in rows]
    a = [[sum(x[i] * x[j] for x in xs) for j in range(3)] for i in range(3)]
    b = [sum(x[i] * y for x, y in zip(xs, ys)) for i in range(3)]
    for i in range(3):  # Gauss-Jordan
        piv = a[i][i]
        a[i] = [v / piv for v in a[i]]
        b[i] /= piv
        for j in range(3):
            if j != i:
                f = a[j][i]
                a[j] = [vj - f * vi for vj, vi in zip(a[j], a[i])]
                b[j] -= f * b[i]
    return b


def model(runs):
    low = min(r["asked"] for r in runs)
    fit_on = [r for r in runs if r["asked"] == low]
    f, c, k = solve(fit_on)
    print("Fitted on the %d runs at %.0f events/s: cores = %.3f + %.1f µs x events/s + %.1f µs x requests/s"
          % (len(fit_on), low, f, c * 1e6, k * 1e6))
    print()
    print("| run | in fit | events/s | requests/s | measured cores | predicted | error |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for r in runs:
        pred = f + c * r["rate"] + k * r["q"]
        print("| %s | %s | %.0f | %.0f | %.2f | %.2f | %+.0f%% |" % (r["name"], "yes" if r in fit_on else "**no**",
              r["rate"], r["q"], r["steady_cores"], pred, 100 * (pred - r["steady_cores"]) / r["steady_cores"]))
    return f, c, k


if __name__ == "__main__":
    runs = load(sys.argv[1:])
    print("## CPU µs per event by part\n")
    cpu_table(runs)
    print("\n## Requests and batching\n")
    request_table(runs)
    print("\n## Model\n")
    model(runs)
