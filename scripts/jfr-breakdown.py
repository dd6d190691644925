#!/usr/bin/env python3
"""Where a JFR recording's CPU samples went: per thread group, and inclusive per method for chosen threads.

JDK Mission Control answers this interactively; no command-line tool of JDK 17 does (`jfr view` is JDK 21+ and
has no time window by thread), so this reads `jfr print` output. Usage:

  jfr print --events jdk.ExecutionSample --stack-depth 64 run.jfr > samples.txt
  scripts/jfr-breakdown.py samples.txt --window-thread injector-saturated --threads gatling --top 40

--window-thread NAME  only samples taken while a thread whose name contains NAME was sampled (first to last)
--window-frame TEXT   only samples taken while some stack held a frame containing TEXT (first to last): a phase
                      that runs on a long-lived thread, e.g. UnpacedSender for the publisher-alone run on main
--window-time FROM TO only samples whose start time (as jfr print writes it, e.g. 06:42:10) is in [FROM, TO]:
                      a bad second of a long run set against the seconds around it
--threads PREFIX      the threads whose methods are broken down (inclusive: a method counts once per sample)
"""
import argparse
import collections
import re
import sys


def samples(path):
    text = open(path, encoding="utf-8").read()
    for event in text.split("jdk.ExecutionSample {")[1:]:
        start = re.search(r"startTime = (\S+)", event).group(1)
        thread = re.search(r'sampledThread = "([^"]*)"', event)
        stack = event.split("stackTrace = [", 1)[1] if "stackTrace = [" in event else ""
        frames = [f.split("(")[0] for f in re.findall(r"^\s{4}(\S.*)$", stack, re.M) if f not in ("]", "}")]
        yield start, thread.group(1) if thread else "?", frames


def clock(start):
    """The HH:MM:SS.fff part of a jfr print start time, which may carry a date before it."""
    m = re.search(r"(\d\d:\d\d:\d\d(?:\.\d+)?)", start)
    return m.group(1) if m else start


def group_of(thread):
    # Kafka's broker threads in an embedded cluster, the producers' I/O threads, and the rest by name pattern.
    if "producer-network" in thread:
        return "producer I/O thread"
    if thread.startswith(("data-plane", "ReplicaFetcher", "ExpirationReaper", "broker-", "quorum", "controller-")) \
            or ("raft" in thread):
        return "brokers"
    return re.sub(r"\d+", "N", thread)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("samples")
    p.add_argument("--window-thread")
    p.add_argument("--window-frame")
    p.add_argument("--window-time", nargs=2, metavar=("FROM", "TO"))
    p.add_argument("--threads")
    p.add_argument("--top", type=int, default=30)
    a = p.parse_args()
    all_samples = list(samples(a.samples))
    if a.window_thread:
        times = [s[0] for s in all_samples if a.window_thread in s[1]]
        if not times:
            sys.exit(f"no sample of a thread named like '{a.window_thread}'")
        all_samples = [s for s in all_samples if min(times) <= s[0] <= max(times)]
        print(f"window {min(times)} .. {max(times)}")
    if a.window_frame:
        times = [s[0] for s in all_samples if any(a.window_frame in f for f in s[2])]
        if not times:
            sys.exit(f"no sample with a frame containing '{a.window_frame}'")
        all_samples = [s for s in all_samples if min(times) <= s[0] <= max(times)]
        print(f"window {min(times)} .. {max(times)} (frames containing '{a.window_frame}')")
    if a.window_time:
        # jfr print writes local times like 06:42:10.123 (with the date only across midnight): compare their clock part.
        lo, hi = a.window_time
        all_samples = [s for s in all_samples if lo <= clock(s[0]) <= hi + "~"]
        print(f"window {lo} .. {hi} (sample start times)")
    n = len(all_samples)
    print(f"{n} samples")
    for name, count in collections.Counter(group_of(s[1]) for s in all_samples).most_common(12):
        print(f"{count:7d} {count / n * 100:5.1f}%  {name}")
    if a.threads:
        chosen = [s for s in all_samples if s[1].startswith(a.threads)]
        print(f"\n{len(chosen)} samples of threads '{a.threads}*', inclusive per method:")
        inclusive = collections.Counter()
        for _, _, frames in chosen:
            inclusive.update(set(frames))
        for method, count in inclusive.most_common(a.top):
            print(f"{count:7d} {count / max(1, len(chosen)) * 100:5.1f}%  {method}")


if __name__ == "__main__":
    main()
