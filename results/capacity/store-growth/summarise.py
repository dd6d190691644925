#!/usr/bin/env python3
"""The growth table from EventStoreGrowthBenchmark's JMH JSON: ratios within the one run, with each figure's spread
(min-max over the measured iterations). Usage: summarise.py store-growth.json"""
import json
import sys


def iteration_values(result):
    """Per measured iteration: events/s (throughput), or the mean time per call in us (sample time)."""
    metric = result["primaryMetric"]
    if result["mode"] == "sample":
        values = []
        for fork in metric["rawDataHistogram"]:
            for histogram in fork:
                count = sum(n for _, n in histogram)
                values.append(sum(v * n for v, n in histogram) / count if count else float("nan"))
        return values
    return [v for fork in metric["rawData"] for v in fork]


def main(path):
    results = json.load(open(path))
    by = {}
    for r in results:
        by[(r["benchmark"].rsplit(".", 1)[1], int(r["params"]["prefill"]))] = r
    sizes = sorted({size for _, size in by})
    missing = [(b, s) for b in ("append", "appendAll", "copy") for s in sizes if (b, s) not in by]
    if missing or 0 not in sizes:
        sys.exit(f"not evaluated: missing {missing or 'prefill=0'} in {path}")
    base = by[("append", 0)]
    base_mean = base["primaryMetric"]["score"]
    base_p50 = base["primaryMetric"]["scorePercentiles"]["50.0"]
    r0 = by[("append", 0)]
    print(f"JMH {r0['jmhVersion']}, {r0['forks']} fork(s), {r0['warmupIterations']} x {r0['warmupTime']} warm-up, "
          f"{r0['measurementIterations']} x {r0['measurementTime']} measured; spread = min-max over iterations\n")
    print("| prefill | append mean µs (min-max) | p50 | p90 | p99 | mean / empty | p50 / empty "
          "| appendAll events/s (min-max) | copy events/s (min-max) | appendAll / copy |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in sizes:
        a = by[("append", size)]
        p = a["primaryMetric"]["scorePercentiles"]
        av = iteration_values(a)
        aa, cp = by[("appendAll", size)], by[("copy", size)]
        aav, cpv = iteration_values(aa), iteration_values(cp)
        ratio = aa["primaryMetric"]["score"] / cp["primaryMetric"]["score"]
        print(f"| {size:,} | {a['primaryMetric']['score']:,.0f} ({min(av):,.0f}-{max(av):,.0f}) | {p['50.0']:,.0f} "
              f"| {p['90.0']:,.0f} | {p['99.0']:,.0f} | {a['primaryMetric']['score'] / base_mean:.2f}x "
              f"| {p['50.0'] / base_p50:.2f}x "
              f"| {aa['primaryMetric']['score']:,.0f} ({min(aav):,.0f}-{max(aav):,.0f}) "
              f"| {cp['primaryMetric']['score']:,.0f} ({min(cpv):,.0f}-{max(cpv):,.0f}) | {ratio:.2f}x |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
