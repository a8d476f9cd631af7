#!/usr/bin/env python3
"""Times gsef against DuckDB and the sqlite3 shell on the same data, side by side.

Run through benches/compare.sh, which builds gsef, prepares a throw-away virtual environment
with DuckDB and installs sqlite3. Every measurement is a whole process (start-up included), run
several times; the table shows medians, peak memory (max RSS from /usr/bin/time) and the ratio
gsef / peer in the same run. The report outputs of gsef and DuckDB are compared byte for byte.
"""

import argparse
import csv
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GSEF = os.path.join(ROOT, "target", "release", "gsef")
SYNTH = os.path.join(ROOT, "target", "release", "examples", "synth")

SCALES = {
    # name: (participants, events, attendance)
    "small": (20_000, 200, 100_000),
    "large": (200_000, 2_000, 1_000_000),
    "xlarge": (2_000_000, 20_000, 10_000_000),
}

ATTENDANCE_COLUMNS = "{event: 'VARCHAR', participant: 'VARCHAR', status: 'VARCHAR', role: 'VARCHAR', days: 'VARCHAR[]'}"
PARTICIPANT_COLUMNS = (
    "{id: 'VARCHAR', name: 'VARCHAR', organization: 'VARCHAR', sector: 'VARCHAR', country: 'VARCHAR', "
    "region: 'VARCHAR', email: 'VARCHAR', gender: 'VARCHAR', illustrative: 'BOOLEAN'}"
)


def duckdb_report_sql(store, out):
    """The same join and group-by as `gsef report attendance --by sector,region --format csv`."""
    return f"""
COPY (
  SELECT p.sector, p.region,
         count(DISTINCT a.participant) AS participants,
         count(*) AS attendances,
         CASE WHEN bool_or(len(a.days) > 0) THEN sum(coalesce(len(a.days), 0)) END AS person_days
  FROM read_json('{store}/attendance.jsonl', format = 'newline_delimited', columns = {ATTENDANCE_COLUMNS}) a
  JOIN read_json('{store}/participants.jsonl', format = 'newline_delimited', columns = {PARTICIPANT_COLUMNS}) p
    ON p.id = a.participant
  WHERE a.status = 'attended'
  GROUP BY p.sector, p.region
  ORDER BY p.sector NULLS LAST, p.region NULLS LAST
) TO '{out}' (FORMAT csv, HEADER true);
"""


def timed(command, runs, env=None, setup=None):
    """Median wall time and max peak RSS (MiB) of `command` over `runs` runs."""
    walls, peaks = [], []
    for _ in range(runs):
        if setup:
            setup()
        with tempfile.NamedTemporaryFile("r") as usage:
            start = time.perf_counter()
            result = subprocess.run(
                ["/usr/bin/time", "-f", "%M", "-o", usage.name] + command,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env=env,
            )
            walls.append(time.perf_counter() - start)
            if result.returncode != 0:
                sys.exit(f"failed: {' '.join(command)}\n{result.stderr.decode(errors='replace')}")
            peaks.append(int(usage.read().strip().splitlines()[-1]) / 1024)
    return statistics.median(walls), max(peaks)


def make_store(scale, folder):
    participants, events, attendance = SCALES[scale]
    path = os.path.join(folder, f"store-{scale}")
    if not os.path.exists(os.path.join(path, "gsef.json")):
        subprocess.run(
            [SYNTH, "--participants", str(participants), "--events", str(events), "--attendance", str(attendance), path],
            check=True,
        )
    return path


def python_layout(store):
    """The same records as a Python script writes them with `json.dumps` (", " and ": ",
    non-ASCII as \\uXXXX escapes): the layout of a store gsef did not write itself."""
    path = store + "-python"
    if os.path.exists(os.path.join(path, "gsef.json")):
        return path
    os.makedirs(path, exist_ok=True)
    shutil.copy(os.path.join(store, "gsef.json"), os.path.join(path, "gsef.json"))
    for name in ("series.jsonl", "events.jsonl", "participants.jsonl", "attendance.jsonl"):
        with open(os.path.join(store, name), encoding="utf-8") as source, \
                open(os.path.join(path, name), "w", encoding="utf-8") as target:
            for line in source:
                target.write(json.dumps(json.loads(line)) + "\n")
    return path


def bench_report(store, python, runs, rows, label):
    name = label.replace(", ", "-").replace(" ", "-")
    gsef_out = os.path.join(os.path.dirname(store), f"{name}-gsef.csv")
    duck_out = os.path.join(os.path.dirname(store), f"{name}-duckdb.csv")
    gsef_command = [GSEF, "--records", store, "report", "attendance", "--by", "sector,region", "--format", "csv", "--output", gsef_out]
    duck_command = [python, "-c", f"import duckdb; duckdb.connect().execute({duckdb_report_sql(store, duck_out)!r})"]
    (gsef_time, gsef_memory), (duck_time, duck_memory) = timed_side_by_side(
        lambda: gsef_command, lambda: duck_command, runs)
    with open(gsef_out, "rb") as a, open(duck_out, "rb") as b:
        gsef_bytes, duck_bytes = a.read(), b.read()
    if gsef_bytes != duck_bytes:
        sys.exit(f"gsef and DuckDB disagree on the {label} report: diff {gsef_out} {duck_out}")
    lines = gsef_bytes.count(b"\n") - 1
    rows.append((f"report attendance --by sector,region, {label} ({lines} groups; outputs identical)",
                 gsef_time, gsef_memory, "DuckDB read_json + GROUP BY", duck_time, duck_memory))
    return gsef_time


def read_json_sql(store):
    return (f"read_json('{store}/attendance.jsonl', format = 'newline_delimited', columns = {ATTENDANCE_COLUMNS}) a "
            f"JOIN read_json('{store}/participants.jsonl', format = 'newline_delimited', columns = {PARTICIPANT_COLUMNS}) p "
            "ON p.id = a.participant")


# The other reports, each with a DuckDB query computing the same numbers. gsef's CSV has more
# columns (an event's title and dates, say); the numbers are compared column by column.
OTHER_REPORTS = {
    "events": (
        ["report", "events"],
        lambda store: f"""SELECT a.event, count(*) AS registered,
                 count(*) FILTER (a.status = 'attended') AS attended,
                 count(*) FILTER (a.status = 'no-show') AS no_show,
                 count(*) FILTER (a.status = 'cancelled') AS cancelled
          FROM {read_json_sql(store)} GROUP BY a.event ORDER BY a.event""",
        ["event", "registered", "attended", "no_show", "cancelled"],
    ),
    "returning": (
        ["report", "returning"],
        lambda store: f"""SELECT n AS events_attended, count(*) AS participants FROM (
            SELECT a.participant, count(DISTINCT a.event) AS n FROM {read_json_sql(store)}
            WHERE a.status = 'attended' GROUP BY a.participant) GROUP BY n ORDER BY n""",
        ["events_attended", "participants"],
    ),
    "trained": (
        # The generated store has no completion rules: attendance is what counts.
        ["report", "trained"],
        lambda store: f"""SELECT p.sector, p.region, count(DISTINCT a.participant) AS attended,
                 count(DISTINCT a.participant) AS trained
          FROM {read_json_sql(store)} WHERE a.status = 'attended'
          GROUP BY p.sector, p.region ORDER BY p.sector NULLS LAST, p.region NULLS LAST""",
        ["sector", "region", "attended", "trained"],
    ),
}


def bench_other_reports(store, python, runs, rows, label):
    """Each other report against DuckDB computing its numbers; they must agree."""
    for name, (arguments, sql, columns) in OTHER_REPORTS.items():
        gsef_out = os.path.join(os.path.dirname(store), f"{label}-{name}-gsef.csv")
        duck_out = os.path.join(os.path.dirname(store), f"{label}-{name}-duckdb.csv")
        gsef_command = [GSEF, "--records", store] + arguments + ["--format", "csv", "--output", gsef_out]
        query = f"COPY ({sql(store)}) TO '{duck_out}' (FORMAT csv, HEADER true);"
        duck_command = [python, "-c", f"import duckdb; duckdb.connect().execute({query!r})"]
        (gsef_time, gsef_memory), (duck_time, duck_memory) = timed_side_by_side(
            lambda: gsef_command, lambda: duck_command, runs)

        def numbers(path):
            with open(path, encoding="utf-8", newline="") as table:
                return sorted(tuple(row[column] for column in columns) for row in csv.DictReader(table))

        if numbers(gsef_out) != numbers(duck_out):
            sys.exit(f"gsef and DuckDB disagree on report {name}: compare {gsef_out} {duck_out}")
        rows.append((f"report {name}, {label} (numbers identical)", gsef_time, gsef_memory,
                     "DuckDB read_json + the same numbers", duck_time, duck_memory))


# `report indicators` with one definition: each person once ever, in the year of the first event
# they attended, by gender. DuckDB works out the same first years from the events' dates.
FIRST_YEAR_INDICATOR = {
    "id": "people-first-year", "title": "People, in the year they first came", "framework": "Benchmark",
    "unit": "person", "counts": {"status": ["attended"]}, "once_per": "all-time", "period": "year",
    "breakdowns": ["gender"],
}


def indicators_store(store):
    """A copy of `store` with the benchmark's indicator added (the first time only)."""
    path = store + "-indicators"
    if not os.path.exists(os.path.join(path, "indicators.jsonl")):
        shutil.rmtree(path, ignore_errors=True)
        shutil.copytree(store, path)
        definition = os.path.join(path, "..", "people-first-year.json")
        with open(definition, "w", encoding="utf-8") as out:
            json.dump(FIRST_YEAR_INDICATOR, out)
        subprocess.run([GSEF, "--records", path, "indicator", "add", definition], check=True,
                       capture_output=True)
    return path


def bench_indicators(store, python, runs, rows):
    path = indicators_store(store)
    gsef_out = os.path.join(os.path.dirname(store), "indicators-gsef.csv")
    duck_out = os.path.join(os.path.dirname(store), "indicators-duckdb.csv")
    gsef_command = [GSEF, "--records", path, "report", "indicators", "--format", "csv", "--output", gsef_out]
    events = f"read_json('{path}/events.jsonl', format = 'newline_delimited', columns = {{id: 'VARCHAR', start: 'VARCHAR', \"end\": 'VARCHAR'}})"
    query = f"""COPY (
        WITH first_years AS (
            SELECT a.participant, min(substr(coalesce(e.start, e."end"), 1, 4)) AS period
            FROM {read_json_sql(path)} JOIN {events} e ON e.id = a.event
            WHERE a.status = 'attended' AND coalesce(e.start, e."end") IS NOT NULL
            GROUP BY a.participant)
        SELECT f.period, 'all' AS breakdown, 'all' AS value, count(*) AS actual FROM first_years f GROUP BY f.period
        UNION ALL
        SELECT f.period, 'gender', p.gender, count(*) FROM first_years f
            JOIN read_json('{path}/participants.jsonl', format = 'newline_delimited', columns = {PARTICIPANT_COLUMNS}) p
            ON p.id = f.participant GROUP BY f.period, p.gender
    ) TO '{duck_out}' (FORMAT csv, HEADER true);"""
    duck_command = [python, "-c", f"import duckdb; duckdb.connect().execute({query!r})"]
    (gsef_time, gsef_memory), (duck_time, duck_memory) = timed_side_by_side(
        lambda: gsef_command, lambda: duck_command, runs)

    def numbers(path, ours):
        with open(path, encoding="utf-8", newline="") as table:
            found = set()
            for row in csv.DictReader(table):
                # gsef shows every year between the first and the last, and all years together;
                # DuckDB only the years with someone in them.
                if ours and (row["period"] == "all" or row["actual"] == "0"):
                    continue
                found.add((row["period"], row["breakdown"], row["value"] or "", row["actual"]))
            return found

    if numbers(gsef_out, True) != numbers(duck_out, False):
        sys.exit(f"gsef and DuckDB disagree on report indicators: compare {gsef_out} {duck_out}")
    rows.append(("report indicators, large (a person once ever, by first year and gender; numbers identical)",
                 gsef_time, gsef_memory, "DuckDB read_json + first year per person", duck_time, duck_memory))


RESPONSE_COLUMNS = ("{event: 'VARCHAR', instrument: 'VARCHAR', participant: 'VARCHAR', code: 'VARCHAR', "
                    "score: 'DOUBLE', max_score: 'DOUBLE', scale: 'INTEGER[]', ratings: 'MAP(VARCHAR, INTEGER)', "
                    "overall: 'INTEGER', comment: 'VARCHAR'}")


def outcomes_store(store, count):
    """A copy of `store` with `count` responses: a pre-test and a post-test from the first
    attendance records (paired: the same people), and a feedback form rating every objective
    from the next ones; scores out of 20, ratings 1 to 5, drawn from a fixed seed."""
    import random
    path = f"{store}-outcomes-{count}"
    if os.path.exists(os.path.join(path, "responses.jsonl")):
        return path
    os.makedirs(path, exist_ok=True)
    for name in ("series.jsonl", "events.jsonl", "participants.jsonl", "attendance.jsonl"):
        shutil.copy(os.path.join(store, name), os.path.join(path, name))
    with open(os.path.join(store, "gsef.json"), encoding="utf-8") as manifest:
        described = json.load(manifest)
    described["version"] = 3
    with open(os.path.join(path, "gsef.json"), "w", encoding="utf-8") as manifest:
        json.dump(described, manifest, indent=2)
        manifest.write("\n")
    objectives = {}
    with open(os.path.join(store, "events.jsonl"), encoding="utf-8") as events:
        for line in events:
            event = json.loads(line)
            objectives[event["id"]] = len(event.get("objectives", []))
    pairs = []
    with open(os.path.join(store, "attendance.jsonl"), encoding="utf-8") as attendance:
        for line in attendance:
            record = json.loads(line)
            if record["status"] == "attended":
                pairs.append((record["event"], record["participant"]))
    tested = count * 2 // 5
    pairs = pairs[: tested + (count - 2 * tested)]
    random.seed(2019)
    separators = (",", ":")
    with open(os.path.join(path, "responses.jsonl"), "w", encoding="utf-8") as out:
        for event, participant in pairs[:tested]:
            before = random.randint(4, 16)
            after = min(20, before + random.randint(-2, 6))
            for instrument, score in (("pre", before), ("post", after)):
                out.write(json.dumps({"event": event, "instrument": instrument, "participant": participant,
                                      "score": float(score), "max_score": 20.0}, separators=separators) + "\n")
        for event, participant in pairs[tested:]:
            ratings = {str(number): random.randint(1, 5) for number in range(1, objectives[event] + 1)}
            out.write(json.dumps({"event": event, "instrument": "feedback", "participant": participant,
                                  "ratings": ratings, "overall": random.randint(1, 5)}, separators=separators) + "\n")
    return path


def outcomes_sql(store, objectives_out, knowledge_out):
    """What `gsef report outcomes` computes over every event: each objective's responses, mean
    rating and share in the top two points; the paired pre/post statistics; the response rate
    of each instrument against those who attended the events it was given at."""
    responses = f"read_json('{store}/responses.jsonl', format = 'newline_delimited', columns = {RESPONSE_COLUMNS})"
    attendance = f"read_json('{store}/attendance.jsonl', format = 'newline_delimited', columns = {ATTENDANCE_COLUMNS})"
    return f"""
CREATE TEMP TABLE r AS SELECT * FROM {responses};
COPY (
  SELECT event, CAST(number AS INTEGER) AS number, count(*) AS responses,
         round(avg(rating), 4) AS mean,
         round(count(*) FILTER (rating >= coalesce(scale[2], 5) - 1) / count(*), 4) AS top_two_share
  FROM (SELECT event, scale, unnest(map_keys(ratings)) AS number, unnest(map_values(ratings)) AS rating
        FROM r WHERE ratings IS NOT NULL)
  GROUP BY event, number ORDER BY event, CAST(number AS INTEGER)
) TO '{objectives_out}' (FORMAT csv, HEADER true);
COPY (
  WITH shares AS (
    SELECT event, coalesce(participant, '') || '|' || coalesce(code, '') AS who,
           max(score / max_score) FILTER (instrument = 'pre') AS pre,
           max(score / max_score) FILTER (instrument = 'post') AS post
    FROM r WHERE score IS NOT NULL GROUP BY event, who),
  rates AS (
    SELECT instrument, count(*) AS responses,
           (SELECT count(*) FROM {attendance} a WHERE a.status = 'attended'
              AND a.event IN (SELECT DISTINCT event FROM r r2 WHERE r2.instrument = r.instrument)) AS attended
    FROM r GROUP BY instrument)
  SELECT count(*) FILTER (pre IS NOT NULL AND post IS NOT NULL) AS paired,
         round(avg(pre) FILTER (post IS NOT NULL), 4) AS mean_pre,
         round(avg(post) FILTER (pre IS NOT NULL), 4) AS mean_post,
         round(avg(post - pre), 4) AS mean_gain,
         round(count(*) FILTER (post > pre) / count(*) FILTER (pre IS NOT NULL AND post IS NOT NULL), 4) AS improved_share,
         round(count(*) FILTER (pre IS NOT NULL AND post >= 0.8) / count(*) FILTER (pre IS NOT NULL AND post IS NOT NULL), 4) AS mastery_share,
         count(*) FILTER (pre IS NOT NULL AND post IS NULL) AS pre_only,
         count(*) FILTER (pre IS NULL AND post IS NOT NULL) AS post_only,
         (SELECT string_agg(instrument || ':' || responses || '/' || attended, ' ' ORDER BY instrument) FROM rates) AS rates
  FROM shares
) TO '{knowledge_out}' (FORMAT csv, HEADER true);
"""


def bench_outcomes(store, python, runs, rows, count):
    """`gsef report outcomes` over every event against DuckDB computing the same aggregates."""
    path = outcomes_store(store, count)
    folder = os.path.dirname(store)
    gsef_out = os.path.join(folder, "outcomes-gsef.json")
    objectives_out = os.path.join(folder, "outcomes-objectives-duckdb.csv")
    knowledge_out = os.path.join(folder, "outcomes-knowledge-duckdb.csv")
    gsef_command = [GSEF, "--records", path, "report", "outcomes", "--format", "json", "--output", gsef_out]
    query = outcomes_sql(path, objectives_out, knowledge_out)
    duck_command = [python, "-c", f"import duckdb; duckdb.connect().execute({query!r})"]
    (gsef_time, gsef_memory), (duck_time, duck_memory) = timed_side_by_side(
        lambda: gsef_command, lambda: duck_command, runs)
    with open(gsef_out, encoding="utf-8") as document:
        report = json.load(document)
    ours = sorted((row["event"], int(row["number"]), int(row["responses"]), row["mean"], row["top_two_share"])
                  for row in report["rows"] if row["responses"])
    with open(objectives_out, encoding="utf-8", newline="") as table:
        theirs = sorted((row["event"], int(row["number"]), int(row["responses"]), float(row["mean"]),
                         float(row["top_two_share"])) for row in csv.DictReader(table))
    if ours != theirs:
        sys.exit(f"gsef and DuckDB disagree on the objectives: compare {gsef_out} {objectives_out}")
    with open(knowledge_out, encoding="utf-8", newline="") as table:
        expected = next(csv.DictReader(table))
    knowledge = report["knowledge"]
    for key in ("paired", "pre_only", "post_only"):
        if knowledge[key] != int(expected[key]):
            sys.exit(f"gsef and DuckDB disagree on knowledge.{key}: {knowledge[key]} against {expected[key]}")
    for key in ("mean_pre", "mean_post", "mean_gain", "improved_share", "mastery_share"):
        if abs(knowledge[key] - float(expected[key])) > 0.00011:
            sys.exit(f"gsef and DuckDB disagree on knowledge.{key}: {knowledge[key]} against {expected[key]}")
    rates = " ".join(sorted(f"{rate['instrument']}:{rate['responses']}/{rate['attended']}"
                            for rate in report["response_rates"]))
    if rates != expected["rates"]:
        sys.exit(f"gsef and DuckDB disagree on the response rates: {rates} against {expected['rates']}")
    rows.append((f"report outcomes, every event, {count:,} responses (numbers identical)", gsef_time, gsef_memory,
                 "DuckDB read_json + the same aggregates", duck_time, duck_memory))


def bench_inserts(store, runs, rows, folder):
    """One `participant add` / `attend` against the sqlite3 shell inserting one row into a table
    of the same size with a primary-key index."""
    work = os.path.join(folder, "insert-store")
    database = os.path.join(folder, "peer.sqlite")
    if not os.path.exists(database):
        load_sqlite_peer(store, database)
    if os.path.exists(work):
        shutil.rmtree(work)
    shutil.copytree(store, work)
    counter = iter(range(10**9))

    def next_number():
        return next(counter)

    # People not yet at e00001, so every `attend` appends (an update rewrites the collection).
    with open(os.path.join(store, "attendance.jsonl"), encoding="utf-8") as lines:
        at_event = {json.loads(line)["participant"] for line in lines if line.startswith('{"event":"e00001"')}
    newcomers = iter(f"p{n:07d}" for n in range(200000) if f"p{n:07d}" not in at_event)

    add = lambda: [GSEF, "--records", work, "participant", "add", "--name", f"Bench Person {next_number()}", "--sector", "academia"]
    sqlite_add = lambda: ["sqlite3", database, f"INSERT INTO participants (id, name, sector) VALUES ('bench-{time.time_ns()}', 'Bench Person', 'academia');"]
    attend = lambda: [GSEF, "--records", work, "attend", "e00001", next(newcomers)]
    sqlite_attend = lambda: ["sqlite3", database, f"INSERT OR REPLACE INTO attendance (event, participant, status) VALUES ('e00001', 'p{next_number() % 200000:07d}', 'attended');"]

    # The copied store has no key indexes yet: the first write of each kind builds them.
    first_add, first_add_memory = timed(add(), 1)
    first_attend, first_attend_memory = timed(attend(), 1)
    (add_time, add_memory), (sqlite_add_time, sqlite_add_memory) = timed_side_by_side(add, sqlite_add, runs)
    rows.append(("participant add (one person), large store", add_time, add_memory,
                 "sqlite3 shell INSERT into an indexed table", sqlite_add_time, sqlite_add_memory))
    (attend_time, attend_memory), (sqlite_attend_time, sqlite_attend_memory) = timed_side_by_side(attend, sqlite_attend, runs)
    rows.append(("attend (one record), large store", attend_time, attend_memory,
                 "sqlite3 shell INSERT OR REPLACE, primary key", sqlite_attend_time, sqlite_attend_memory))
    rows.append(("participant add, first write after copying the store (builds the key index)", first_add, first_add_memory,
                 "sqlite3 shell INSERT into an indexed table", sqlite_add_time, sqlite_add_memory))
    rows.append(("attend, first write after copying the store (builds the key indexes)", first_attend, first_attend_memory,
                 "sqlite3 shell INSERT OR REPLACE, primary key", sqlite_attend_time, sqlite_attend_memory))


def timed_side_by_side(make_ours, make_peers, runs):
    """Median time and peak memory of each, the two run in turn so that both see the same
    machine: on a shared machine, fsync latency drifts over seconds."""
    ours, peers = [], []
    for _ in range(runs):
        ours.append(timed(make_ours(), 1))
        peers.append(timed(make_peers(), 1))
    summary = lambda runs: (statistics.median(wall for wall, _ in runs), max(peak for _, peak in runs))
    return summary(ours), summary(peers)


def load_sqlite_peer(store, database):
    """The peer's copy of the large store: the same rows in indexed SQLite tables."""
    import sqlite3

    connection = sqlite3.connect(database)
    connection.executescript(
        "CREATE TABLE participants (id TEXT PRIMARY KEY, name TEXT, organization TEXT, sector TEXT, "
        "country TEXT, region TEXT, email TEXT, gender TEXT);"
        "CREATE TABLE attendance (event TEXT, participant TEXT, status TEXT, role TEXT, days TEXT, "
        "PRIMARY KEY (event, participant));"
    )
    fields = ["id", "name", "organization", "sector", "country", "region", "email", "gender"]
    with open(os.path.join(store, "participants.jsonl"), encoding="utf-8") as lines:
        connection.executemany(
            "INSERT INTO participants VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            ([record.get(field) for field in fields] for record in map(json.loads, lines)),
        )
    with open(os.path.join(store, "attendance.jsonl"), encoding="utf-8") as lines:
        connection.executemany(
            "INSERT INTO attendance VALUES (?, ?, ?, ?, ?)",
            ((r["event"], r["participant"], r["status"], r.get("role"), json.dumps(r.get("days", [])))
             for r in map(json.loads, lines)),
        )
    connection.commit()
    connection.close()


def bench_import(folder, runs, rows):
    """`gsef import participants` of a 100,000-row CSV into an empty store against DuckDB
    reading the same CSV and writing it out as JSON lines."""
    source = os.path.join(folder, "import-100k.csv")
    if not os.path.exists(source):
        with open(source, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["Name", "Email", "Organization", "Country", "Region", "Sector"])
            for n in range(100_000):
                writer.writerow(import_source_rows(n))
    target = os.path.join(folder, "import-store")
    out = os.path.join(folder, "import-duckdb.jsonl")

    def fresh_store():
        if os.path.exists(target):
            shutil.rmtree(target)
        subprocess.run([GSEF, "--records", target, "init"], check=True, stderr=subprocess.DEVNULL)

    gsef_time, gsef_memory = timed([GSEF, "--records", target, "import", "participants", source], runs, setup=fresh_store)
    duck_time, duck_memory = timed([PYTHON, "-c", f"import duckdb; duckdb.connect().execute(\"COPY (SELECT * FROM read_csv('{source}')) TO '{out}' (FORMAT json)\")"], runs)
    rows.append(("import participants, 100,000-row CSV (duplicates checked)", gsef_time, gsef_memory,
                 "DuckDB read_csv, COPY TO JSON lines", duck_time, duck_memory))


def import_source_rows(n):
    """Row `n` of the 100,000-row registration list every import bench reads."""
    return [f"Persona Número {n}", f"persona{n}@example.org", f"Cooperativa {n % 700}",
            "MX", ["Jalisco", "Oaxaca", "Chiapas", "Yucatán"][n % 4], "sse/cooperative"]


def bench_import_sources(folder, runs, rows):
    """The same 100,000 rows as an .xlsx workbook, and a 100,000-row Zoom participants report
    (its meeting summary, then one row per join: 80,000 people, 20,000 of whom rejoined),
    against the CSV import of the same rows, each recording attendance at one event."""
    source = os.path.join(folder, "import-100k.csv")
    workbook = os.path.join(folder, "import-100k.xlsx")
    if not os.path.exists(workbook):
        try:
            import openpyxl  # noqa: the peer's writer; only this bench needs it
        except ImportError:
            sys.exit(f"the xlsx bench writes its workbook with openpyxl: {PYTHON} -m pip install openpyxl")
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("Inscripciones")
        sheet.append(["Name", "Email", "Organization", "Country", "Region", "Sector"])
        for n in range(100_000):
            sheet.append(import_source_rows(n))
        book.save(workbook)
    zoom = os.path.join(folder, "zoom-100k.csv")
    if not os.path.exists(zoom):
        with open(zoom, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(["Meeting ID", "Topic", "Start Time", "End Time", "User Email", "Duration (Minutes)", "Participants"])
            writer.writerow(["85412345678", "Taller", "11/27/2019 08:00:00 AM", "11/27/2019 06:00:00 PM", "host@example.org", "600", "80000"])
            handle.write("\r\n")
            writer.writerow(["Name (Original Name)", "User Email", "Join Time", "Leave Time", "Duration (Minutes)", "Guest"])
            for n in range(100_000):
                person = n % 80_000
                start = 8 * 3600 + (n % 3600) + (14_400 if n >= 80_000 else 0)
                end = start + 3600 + (n % 7200)
                clock = lambda seconds: f"{(seconds // 3600 - 1) % 12 + 1:02}:{seconds // 60 % 60:02}:{seconds % 60:02} {'AM' if seconds < 43200 else 'PM'}"
                writer.writerow([f"Persona Número {person}", f"persona{person}@example.org",
                                 f"11/27/2019 {clock(start)}", f"11/27/2019 {clock(end)}", str((end - start + 59) // 60), "Yes"])
    target = os.path.join(folder, "import-store")

    def fresh_store():
        if os.path.exists(target):
            shutil.rmtree(target)
        subprocess.run([GSEF, "--records", target, "init"], check=True, stderr=subprocess.DEVNULL)
        subprocess.run([GSEF, "--records", target, "event", "add", "--id", "e", "--title", "Taller",
                        "--start", "2019-11-27", "--end", "2019-11-28"], check=True, stderr=subprocess.DEVNULL)

    event = ["--event", "e"]
    csv_time, csv_memory = timed([GSEF, "--records", target, "import", "participants", source] + event, runs, setup=fresh_store)
    xlsx_time, xlsx_memory = timed([GSEF, "--records", target, "import", "participants", workbook] + event, runs, setup=fresh_store)
    zoom_time, zoom_memory = timed([GSEF, "--records", target, "import", "participants", zoom, "--min-minutes", "60"] + event,
                                   runs, setup=fresh_store)
    peer = "gsef import of the same rows as CSV"
    rows.append(("import participants --event, the 100,000 rows as .xlsx", xlsx_time, xlsx_memory, peer, csv_time, csv_memory))
    rows.append(("import participants --event, a 100,000-row Zoom report (80,000 people)", zoom_time, zoom_memory,
                 "gsef import of a 100,000-row CSV", csv_time, csv_memory))


def main():
    global PYTHON
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--python", required=True, help="a Python with the duckdb package")
    parser.add_argument("--work", default=os.path.join(ROOT, "target", "bench"), help="where stores and outputs go")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scales", default="small,large", help="comma list of small, large, xlarge")
    parser.add_argument("--skip", default="", help="comma list of report, others, indicators, outcomes, inserts, import, sources")
    parser.add_argument("--layouts", default="gsef,python",
                        help="comma list of gsef (lines as gsef writes them) and python (json.dumps)")
    args = parser.parse_args()
    PYTHON = args.python
    os.makedirs(args.work, exist_ok=True)
    skip = set(filter(None, args.skip.split(",")))
    rows = []
    report_times = {}
    for scale in args.scales.split(","):
        store = make_store(scale, args.work)
        if "report" not in skip:
            for layout in args.layouts.split(","):
                path = store if layout == "gsef" else python_layout(store)
                label = f"{scale}, {layout} layout"
                report_times[(scale, layout)] = bench_report(path, PYTHON, args.runs, rows, label)
        if scale == "large" and "others" not in skip:
            bench_other_reports(store, PYTHON, args.runs, rows, "large")
        if scale == "large" and "indicators" not in skip:
            bench_indicators(store, PYTHON, args.runs, rows)
        if scale == "large" and "outcomes" not in skip:
            bench_outcomes(store, PYTHON, args.runs, rows, 1_000_000)
        if scale == "large" and "inserts" not in skip:
            bench_inserts(store, args.runs, rows, args.work)
    if "import" not in skip:
        bench_import(args.work, args.runs, rows)
    if "sources" not in skip:
        if not os.path.exists(os.path.join(args.work, "import-100k.csv")):
            bench_import(args.work, 1, [])
        bench_import_sources(args.work, args.runs, rows)

    duck_version = subprocess.run([PYTHON, "-c", "import duckdb; print(duckdb.__version__)"], capture_output=True, text=True).stdout.strip()
    sqlite_version = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split(" ")[0]
    gsef_version = subprocess.run([GSEF, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.machine()}, {os.cpu_count()} cores, "
          f"{platform.platform()}; {gsef_version}, DuckDB {duck_version}, sqlite3 {sqlite_version}; "
          f"median of {args.runs} runs, whole processes.\n")
    print("| gsef | time | peak memory | peer | time | peak memory | gsef / peer |")
    print("|---|---:|---:|---|---:|---:|---:|")
    for task, gsef_time, gsef_memory, peer, peer_time, peer_memory in rows:
        print(f"| {task} | {gsef_time * 1000:.0f} ms | {gsef_memory:.0f} MiB | {peer} | {peer_time * 1000:.0f} ms | "
              f"{peer_memory:.0f} MiB | {gsef_time / peer_time:.2f} |")
    for layout in args.layouts.split(","):
        scales = [scale for scale in ("small", "large", "xlarge") if (scale, layout) in report_times]
        for smaller, larger in zip(scales, scales[1:]):
            growth = report_times[(larger, layout)] / report_times[(smaller, layout)]
            print(f"\nReport growth {smaller} → {larger}, {layout} layout (10x the records): {growth:.1f}x the time")


PYTHON = None

if __name__ == "__main__":
    main()
