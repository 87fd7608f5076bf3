#!/usr/bin/env python3
"""Turns one bench run's raw files into the summary table (Markdown) on stdout.

Usage: summarize.py RESULTS_DIR
  RESULTS_DIR/<scenario>.json            autocannon --json output
  RESULTS_DIR/<scenario>.txt             pgbench summary, with per-transaction logs
  RESULTS_DIR/<scenario>.log*            (pgbench -l): latency in microseconds is the third field
  RESULTS_DIR/scenarios.tsv              name, kind, concurrency, reference (pgbench scenario or -)
  RESULTS_DIR/memory.tsv                 label, rss_kib
autocannon reports p97.5 but no p95; the table shows p97.5 in the p95 column's place (an upper
bound of p95), marked as such.
"""
import glob
import json
import math
import os
import re
import sys


def autocannon(path):
    with open(path) as f:
        r = json.load(f)
    lat = r["latency"]
    # autocannon's "errors" counts socket errors and timeouts; non-2xx responses are counted apart.
    return {
        "rps": r["requests"]["average"],
        "total": r["requests"]["total"],
        "p50": lat["p50"], "p95": lat["p97_5"], "p99": lat["p99"], "max": lat["max"],
        "errors": r["errors"] + r["timeouts"], "non2xx": r["non2xx"],
    }


def percentile(values, p):
    if not values:
        return float("nan")
    # nearest-rank percentile
    k = max(0, math.ceil(p / 100.0 * len(values)) - 1)
    return values[min(k, len(values) - 1)]


def pgbench(results, name):
    with open(os.path.join(results, name + ".txt")) as f:
        text = f.read()
    tps = float(re.search(r"tps = ([0-9.]+)", text).group(1))
    failed = re.search(r"number of failed transactions: (\d+)", text)
    lat = []
    for log in glob.glob(os.path.join(results, name + ".log*")):
        with open(log) as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 3:
                    lat.append(int(parts[2]) / 1000.0)
    lat.sort()
    return {
        "rps": tps, "total": len(lat),
        "p50": percentile(lat, 50), "p95": percentile(lat, 95), "p99": percentile(lat, 99),
        "max": lat[-1] if lat else float("nan"),
        "errors": int(failed.group(1)) if failed else 0, "non2xx": 0,
    }


def fmt(v):
    return "%.1f" % v if isinstance(v, float) else str(v)


def main():
    results = sys.argv[1]
    rows = {}
    order = []
    with open(os.path.join(results, "scenarios.tsv")) as f:
        for line in f:
            name, kind, conc, ref = line.rstrip("\n").split("\t")
            order.append((name, kind, conc, ref))
    for name, kind, _, _ in order:
        try:
            rows[name] = autocannon(os.path.join(results, name + ".json")) if kind == "http" else pgbench(results, name)
        except (OSError, ValueError, KeyError, AttributeError) as e:
            rows[name] = {"failed": str(e)}
    print("| scenario | c | req/s | p50 ms | p95 ms (*) | p99 ms | max ms | errors | non-2xx | vs pgbench |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, kind, conc, ref in order:
        r = rows[name]
        if "failed" in r:
            print("| %s | %s | FAILED: %s |||||||" % (name, conc, r["failed"]))
            continue
        ratio = ""
        if ref != "-" and "rps" in rows.get(ref, {}) and rows[ref]["rps"] > 0:
            ratio = "%.0f%%" % (100.0 * r["rps"] / rows[ref]["rps"])
        print("| %s | %s | %.0f | %s | %s | %s | %s | %s | %s | %s |" % (
            name, conc, r["rps"], fmt(r["p50"]), fmt(r["p95"]), fmt(r["p99"]), fmt(r["max"]),
            r["errors"], r["non2xx"], ratio))
    print()
    print("(*) autocannon rows: p97.5 (autocannon computes no p95; p97.5 >= p95). pgbench rows: p95 from its"
          " per-transaction log.")
    mem = os.path.join(results, "memory.tsv")
    if os.path.exists(mem):
        print()
        with open(mem) as f:
            for line in f:
                label, kib = line.rstrip("\n").split("\t")
                print("- server RSS %s: %d MB" % (label, int(kib) // 1024))


if __name__ == "__main__":
    main()
