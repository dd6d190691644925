#!/usr/bin/env python3
"""Were the store's slow statements slow because their backends waited for a CPU?

Sets PostgreSQL's slow-statement log (log_min_duration_statement) beside scripts/cpu-wait-sampler.sh's series and
compares the backends' run-queue wait per CPU second in the sampler intervals that overlap a slow statement with the
other intervals (a Mann-Whitney rank test: no normality assumed, ties are rare in these ratios).

    scripts/slow-statements-vs-run-queue.py cpu-wait.txt[.gz] postgres-log.txt [--min-ms 100]

How it could lie: an interval that overlaps a slow statement also holds the other backends' work, and a slow
statement stretches over intervals it only touched; the sampler's intervals (about 1.1 s) are coarser than the
statements. A high ratio says the backends queued while the statement ran, not which statement queued. Neighbouring
intervals are not independent (a busy second is followed by busy seconds), so z overstates the evidence; read the
medians and the share, not the z alone. A backend that ended mid-interval takes its counters out of the sum: with
the sampler's count column such intervals are skipped; files written before it had one cannot tell them apart.
"""
import argparse
import datetime as dt
import gzip
import re
import statistics


def lines(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        yield from f


def intervals(path, skipped):
    rows = [[float(x) for x in l.split()] for l in lines(path) if l.strip() and not l.startswith("#")]
    for a, b in zip(rows, rows[1:]):
        cpu, wait = b[3] - a[3], b[4] - a[4]
        changed = len(a) > 7 and a[7] != b[7]  # the backend count column (absent in older files)
        if cpu > 0 and wait >= 0 and not changed:
            yield a[0], b[0], wait / cpu
        else:
            skipped.append((a[0], b[0]))


def slow_statements(path, min_ms):
    pattern = re.compile(r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+) UTC .*duration: ([0-9.]+) ms")
    for l in lines(path):
        m = pattern.match(l)
        if m and float(m.group(2)) >= min_ms:
            end = dt.datetime.fromisoformat(m.group(1) + "+00:00").timestamp()
            yield end - float(m.group(2)) / 1000, end


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("cpu_wait")
    p.add_argument("postgres_log")
    p.add_argument("--min-ms", type=float, default=100)
    a = p.parse_args()
    slow = list(slow_statements(a.postgres_log, a.min_ms))
    skipped = []
    iv = list(intervals(a.cpu_wait, skipped))
    if not iv:
        raise SystemExit("no sampler intervals in " + a.cpu_wait)
    start, end = iv[0][0], iv[-1][1]
    covered = [s for s in slow if s[1] > start and s[0] < end]
    hit, rest = [], []
    for s, e, r in iv:
        (hit if any(ss < e and se > s for ss, se in covered) else rest).append(r)
    print(f"slow statements (>= {a.min_ms:g} ms) inside the sampled time: {len(covered)} of {len(slow)}; "
          f"{len(skipped)} sampler intervals skipped (no backend CPU, or a backend ended or started)")
    if not hit or not rest:
        raise SystemExit("not evaluated: no interval on one side of the comparison")
    q = lambda xs, f: sorted(xs)[int(f * (len(xs) - 1))]
    for name, xs in (("overlapping a slow statement", hit), ("the other intervals", rest)):
        print(f"backends' run-queue wait per CPU second, {name}: n={len(xs)} median {statistics.median(xs):.2f}"
              f" (p25 {q(xs, .25):.2f}, p75 {q(xs, .75):.2f})")
    # Mann-Whitney U with average ranks for ties and the tie-corrected variance (ratios of 0 do tie).
    values = sorted([(v, 1) for v in hit] + [(v, 0) for v in rest])
    ranks, ties, i = [0.0] * len(values), 0.0, 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1][0] == values[i][0]:
            j += 1
        for k in range(i, j + 1):
            ranks[k] = (i + j) / 2 + 1
        t = j - i + 1
        ties += t ** 3 - t
        i = j + 1
    n1, n2 = len(hit), len(rest)
    n = n1 + n2
    u = sum(r for r, (_, g) in zip(ranks, values) if g) - n1 * (n1 + 1) / 2
    var = n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1)))
    z = (u - n1 * n2 / 2) / var ** 0.5 if var > 0 else float("nan")
    print(f"Mann-Whitney: P(an overlapping interval's ratio > another's) = {u / (n1 * n2):.2f}, z = {z:.2f} "
          f"(neighbouring intervals are correlated: z overstates)")


if __name__ == "__main__":
    main()
