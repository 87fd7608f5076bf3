#!/usr/bin/env python3
"""The table of bench/perf.sh: figures.tsv (key, jar index or '-'/'dbhub', value) to Markdown on stdout.

One column per jar; with two jars a third column gives NEW/OLD (above 1 is better for rates, below 1 for
times and memory). The goal column is issue 14's; "met" judges the last jar.
"""
import statistics
import sys
from pathlib import Path

results = Path(sys.argv[1])
figures = {}
for line in (results / "figures.tsv").read_text().splitlines():
    key, jar, value = line.split("\t", 2)
    figures.setdefault(key, {})[jar] = value
jars = sorted({jar for values in figures.values() for jar in values if jar.isdigit()}) or ["0"]
last = jars[-1] if jars else "0"


def num(key, jar):
    try:
        return float(figures.get(key, {})[jar])
    except (KeyError, ValueError):
        return None


def fmt(value, digits=0):
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def start(jar, what):
    """Median over the starts with the class-data sharing archive."""
    values = [num(f"start.archive.{n}.{what}", jar) for n in (1, 2)]
    values = [v for v in values if v is not None and v >= 0]
    return statistics.median(values) if values else None


def steady_second(jar):
    """First second from which every second reaches 90 % of the mean of the last five."""
    raw = figures.get("cold.per_second", {}).get(jar)
    if not raw:
        return None, None
    series = [int(n) for n in raw.split(",") if n]
    if len(series) > 1 and series[-1] == 0:
        series = series[:-1]  # autocannon's last tick can fall after its last request
    if len(series) < 6:
        return None, series
    target = 0.9 * statistics.mean(series[-5:])
    for second in range(len(series)):
        if all(n >= target for n in series[second:]):
            return second + 1, series
    return None, series


rows = []  # (measurement, per-jar text, ratio of the last two jars, higher_is_better, goal, met)


def row(label, key_or_fn, goal="", met=None, digits=0, higher=True, suffix=""):
    values = {jar: (key_or_fn(jar) if callable(key_or_fn) else num(key_or_fn, jar)) for jar in jars}
    cells = [fmt(values[jar], digits) + (suffix if values[jar] is not None else "") for jar in jars]
    ratio = ""
    if len(jars) >= 2 and values[jars[-2]] and values[jars[-1]] is not None:
        ratio = f"{values[jars[-1]] / values[jars[-2]]:.2f}x"
    verdict = "" if met is None else ("yes" if met(values[last]) else "no") if values[last] is not None else "-"
    rows.append((label, cells, ratio, goal, verdict))


pg1, pg16 = num("pgbench.c1.tps", "-"), num("pgbench.c16.tps", "-")
if pg16 is not None:
    rows.append(("pgbench -M prepared, same SQL: c16 / c1 (TPS)", [f"{fmt(pg16)} / {fmt(pg1)}"] * len(jars),
                 "", "reference", ""))

for key, label in (("mcp.c16", "MCP HTTP tools/call c16, auth off"), ("mcp.jwt.c16", "MCP HTTP tools/call c16, HS256 JWT")):
    if f"{key}.rps" in figures:
        row(f"{label}: calls/s", f"{key}.rps")
        if pg16:
            row(f"{label}: % of pgbench c16", lambda j, k=key: None if num(f"{k}.rps", j) is None else 100 * num(f"{k}.rps", j) / pg16,
                "≥ 35 %", lambda v: v >= 35, suffix=" %")
        row(f"{label}: p99 ms", f"{key}.p99", "< 10 ms", lambda v: v < 10, higher=False)
        row(f"{label}: server CPU µs per call", f"{key}.cpu_us", higher=False)
        row(f"{label}: failed (errors, non-2xx, timeouts)", f"{key}.failed", "0", lambda v: v == 0, higher=False)
if "ping.c16.rps" in figures:
    row("MCP HTTP ping c16 (transport floor): calls/s", "ping.c16.rps")
    row("MCP HTTP ping c16: server CPU µs per call", "ping.c16.cpu_us", higher=False)

for key, label, goal in (("sdk.http.c1", "TS SDK client, HTTP, c1", 2.0), ("sdk.http.c16", "TS SDK client, HTTP, c16", 2.0),
                         ("sdk.stdio.c1", "TS SDK client, stdio, c1", 1.5)):
    dbhub = num(f"{key}.rps", "dbhub")
    if f"{key}.rps" in figures:
        row(f"{label}: calls/s (DBHub: {fmt(dbhub)})", f"{key}.rps")
        if dbhub:
            row(f"{label}: us / DBHub", lambda j, k=key, d=dbhub: None if num(f"{k}.rps", j) is None else num(f"{k}.rps", j) / d,
                f"≥ {goal}x", lambda v, g=goal: v >= g, digits=2, suffix="x")
        row(f"{label}: p99 ms (DBHub: {fmt(num(f'{key}.p99', 'dbhub'), 1)})", f"{key}.p99", digits=1, higher=False)
        failed = [figures.get(f"{key}.failed", {}).get(j, "-") for j in jars + ["dbhub"]]
        rows.append((f"{label}: failed calls (DBHub last)", failed[:-1], "", f"0 (DBHub {failed[-1]})", ""))

if "cold.per_second" in figures:
    row("cold process, c16: seconds until steady (every second ≥ 90 % of the last five)", lambda j: steady_second(j)[0],
        "≤ 5 s", lambda v: v <= 5, higher=False)
    rows.append(("cold process, c16: calls in each second", [",".join(map(str, steady_second(j)[1] or [])) for j in jars],
                 "", "", ""))
if "start.no_archive.ms" in figures:
    row("start to first served tools/call, external database, with the CDS archive (median of 2), ms",
        lambda j: start(j, "ms"), "≤ 1500 ms", lambda v: v <= 1500, higher=False)
    row("same: CPU time the process used by then, ms", lambda j: start(j, "cpu_ms"), higher=False)
    row("same without the archive (the run that writes it), ms", "start.no_archive.ms", higher=False)
    row("same without the archive: CPU time, ms", "start.no_archive.cpu_ms", higher=False)
if "stdio.first_call_ms" in figures:
    row("stdio: spawn to first answered tools/call (SDK client), ms", "stdio.first_call_ms", higher=False)
if "rss.after_c16_mb" in figures:
    row("RSS after the c16 load, MB", "rss.after_c16_mb", "< 400 MB", lambda v: v < 400, higher=False)
if "rss.after_c1000_mb" in figures:
    row("RSS after the 1000-connection load, MB", "rss.after_c1000_mb", "< 400 MB", lambda v: v < 400, higher=False)
if "mcp.c1000.rps" in figures:
    row("MCP HTTP tools/call c1000: calls/s", "mcp.c1000.rps")
    row("MCP HTTP tools/call c1000: p99 ms", "mcp.c1000.p99", higher=False)
    row("MCP HTTP tools/call c1000: failed", "mcp.c1000.failed", "0", lambda v: v == 0, higher=False)
copy = num("copy.100k_ms", "-")
if "batch.p50_ms" in figures:
    row("db_batch_insert 1000 rows, return_records false: p50 ms", "batch.p50_ms", "< 50 ms", lambda v: v < 50,
        digits=1, higher=False)
    row(f"100,000 rows in 100 calls, ms (psql \\copy: {fmt(copy)} ms)", "batch.100k_ms", higher=False)
    if copy:
        row("100,000 rows in 100 calls / psql \\copy", lambda j: None if num("batch.100k_ms", j) is None else num("batch.100k_ms", j) / copy,
            "≤ 2x", lambda v: v <= 2, digits=2, higher=False, suffix="x")

for round_ in (1, 2, 3, 4):
    for tier, label in (("quick", "shipped: TieredStopAtLevel=1"), ("default", "JVM default tiers")):
        if f"jit.{tier}.round{round_}.rps" in figures:
            row(f"JIT from cold, {label}, round {round_}: calls/s", f"jit.{tier}.round{round_}.rps")
            row(f"JIT from cold, {label}, round {round_}: server CPU µs per call", f"jit.{tier}.round{round_}.cpu_us",
                higher=False)

print((results / "run.txt").read_text().rstrip())
print(f"tool calls audited during the run: {figures.get('audit.rows', {}).get('-', '?')};"
      f" failed calls (tool, code, count): {figures.get('audit.failed', {}).get('-', '?')}")
print()
header = ["measurement"] + [f"jar {j}" for j in jars] + (["new / old"] if len(jars) >= 2 else []) + ["goal", "met"]
print("| " + " | ".join(header) + " |")
print("|" + "---|" * len(header))
for label, cells, ratio, goal, verdict in rows:
    print("| " + " | ".join([label] + cells + ([ratio] if len(jars) >= 2 else []) + [goal, verdict]) + " |")
