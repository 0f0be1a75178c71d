#!/usr/bin/env python3
"""make_seeds.py [--quick] OUT_DIR: writes the fuzzer's seed corpus.

Every scenario and sweep file in Scenarios/ as it is, then mutations of them that a user could
write by mistake: numbers replaced by huge, tiny, negative, zero, NaN, infinite and non-numeric
values, one at a time and a whole list at once; odd coverage hours, backup requests, watches,
dispatch policies, officer-initiated activity and day-of-week profiles; empty lists; wrong types; unicode, duplicate and overlong names; travel matrices of the
wrong shape; YAML bombs, deep nesting, tabs, CRLF, a BOM and bytes that are not UTF-8; `#set`
override lines. Deterministic: the same Scenarios/ give the same seeds. Standard library only.

--quick writes only the files as they are and the hand-picked mutations of the small examples
(about a hundred seeds, which libFuzzer reads in a few seconds), for short campaigns such as CI's;
without it, also the systematic number, list and feature mutations of every file (several hundred,
about 30 s to read on 2 cores).
"""

import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "Scenarios"

# Replacements for a number. Durations keep their unit ("30 min" -> "1e308 min").
NASTY_NUMBERS = [
    "1e308", "-1", "0", ".nan", ".inf", "-.inf", "1e-308", "4.9e-324", "9007199254740993",
    "1e15", "-0", "twelve", "[]", "{}", "~", "''", "1e300", "0.000001", "100000", "2147483648",
]

NUMBER = re.compile(r"(?<![\w.\-])-?\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w.])")


def number_mutations(text, per_number, limit):
    """Copies of `text` with one number replaced, `per_number` replacements per number."""
    out = []
    def in_comment(m):
        line_start = text.rfind("\n", 0, m.start()) + 1
        return "#" in text[line_start:m.start()]
    matches = [m for m in NUMBER.finditer(text) if not in_comment(m)]
    for i, m in enumerate(matches):
        for k in range(per_number):
            value = NASTY_NUMBERS[(i * per_number + k) % len(NASTY_NUMBERS)]
            out.append(text[: m.start()] + value + text[m.end():])
    step = max(1, len(out) // limit) if limit else 1
    return out[::step][:limit] if limit else out


FLOW_LIST = re.compile(r"\[[^\[\]\n]*\d[^\[\]\n]*\]")


def list_mutations(text, limit):
    """Copies of `text` with every number of one flow list (an hour-of-day profile, a travel row)
    replaced by the same value: sums and means overflow or vanish only when several values move."""
    out = []
    for m in FLOW_LIST.finditer(text):
        for value in ["1e308", "0", "1e-320", "-1"]:
            out.append(text[: m.start()] + NUMBER.sub(value, m.group(0)) + text[m.end():])
    return out[:limit]


def feature_mutations(name, text):
    """Mutations of coverage hours, backup requests, multi-unit calls, watches, dispatch policies and
    officer-initiated activity, where a file has them."""
    out = {}
    coverage = re.search(r"coverage: \{[^}\n]*\}", text)
    if coverage:
        for i, value in enumerate(['{ from: "24:00", to: "00:00" }', '{ from: "06:00", to: "06:00" }',
                                   '{ from: "23:59", to: "00:01", days: [sun] }', '{ from: "06:00", to: "22:00", days: [] }',
                                   '{ from: "6", to: "25:00" }', '{ from: "06:00", to: "22:00", days: [mon, mon] }']):
            out[f"coverage-{name}-{i}"] = text[: coverage.start()] + "coverage: " + value + text[coverage.end():]
    backup = re.search(r"backup: \{ (\w+): \{ probability: [^,]+, type: (\w+) \} \}", text)
    if backup:
        for i, (p, t) in enumerate([("1", backup.group(2)), ("1", backup.group(1)), (".nan", backup.group(2))]):
            out[f"backup-{name}-{i}"] = (text[: backup.start()] + f"backup: {{ {backup.group(1)}: {{ probability: {p}, type: {t} }} }}"
                                         + text[backup.end():])
    watches = re.search(r"\n    watches:[^\n]*\n", text)
    if watches:
        for i, value in enumerate(['[]', '[{ name: a, from: "06:00", to: "06:00", share: 1, breaks: [{ after: 0 min, duration: 1e308 min, spread: 0 min }] }]',
                                   '[{ name: a, from: "06:00", to: "16:00", share: demand }, { name: b, from: "16:00", to: "06:00", share: 0 }]',
                                   '[{ name: a, from: "06:00", to: "16:00", share: 0 }, { name: a, from: "16:00", to: "06:00", share: 1 }]',
                                   '[{ name: a, from: "00:00", to: "00:01", share: 1, breaks: [{ after: 0 min, duration: 4.9e-324 min }] }]']):
            end = text.index("\n    dispatch:", watches.end())
            out[f"watches-{name}-{i}"] = text[: watches.start()] + f"\n    watches: {value}\n" + text[end + 1:]
    dispatch = re.search(r"\n    dispatch:\n(      .*\n)+", text)
    if dispatch:
        for i, value in enumerate(["{ district_first: true }", "{ district_first: { cross_after: 1e308 min, max_travel: 4.9e-324 min } }",
                                   "{ cutoff: { priority: 1, reserve: 100000 } }", "{ preempt: { by: 9, of: 10 }, cutoff: { priority: 10, reserve: 0 } }",
                                   "{ district_first: { cross_after: { 1: -1 min } } }", "{ district_first: false }"]):
            out[f"dispatch-{name}-{i}"] = text[: dispatch.start()] + f"\n    dispatch: {value}\n" + text[dispatch.end():]
    activity = re.search(r"    per_hour: [^\n]*", text)
    if activity:
        for i, value in enumerate(["1e308", "1e-308", "100000"]):
            out[f"activity-{name}-{i}"] = text[: activity.start()] + f"    per_hour: {value}" + text[activity.end():]
        out[f"activity-{name}-queue"] = text.replace("reserve: 1 ", "when_no_unit: queue\n    reserve: 1 ", 1)
    hours = re.search(r"\n  hour_of_day:", text)
    if hours:
        for i, week in enumerate(["[1e308, 1e308, 1e308, 1e308, 1e308, 1e308, 1e308]", "[0, 0, 0, 0, 0, 0, 1e-320]", "[1, 2]"]):
            out[f"day-of-week-{name}-{i}"] = text[: hours.start()] + f"\n  day_of_week: {week}" + text[hours.start():]
    return out


def replace(text, old, new):
    assert old in text, f"seed template lost {old!r}"
    return text.replace(old, new, 1)


def structural(small):
    """Hand-picked mutations of examples/small-city.yaml."""
    s = small
    seeds = {
        "empty-zones": replace(s, "zones:\n  - { name: north, call_share: 0.55 }\n  - { name: south, call_share: 0.45 }",
                               "zones: []"),
        "empty-responders": re.sub(r"responders:\n(  - .*\n(    .*\n)*)+", "responders: []\n", s),
        "empty-call-types": re.sub(r"call_types:\n(.*\n)*", "call_types: []\n", s),
        "empty-eligible": replace(s, "eligible: [police]", "eligible: []"),
        "unicode-names": replace(s, "name: north", 'name: "nörd\u200b🚓"'),
        "unicode-name-everywhere": s.replace("north", "nörd"),
        "unicode-lookalike": replace(s, "name: north", "name: n\u043erth"),  # a Cyrillic o
        "duplicate-zone": replace(s, "name: south", "name: north"),
        "baseline-set": replace(s, "\nseed:", "\nbaseline: { set: { budget.shares.crisis_team: 0 } }\nseed:"),
        "baseline-set-footing": replace(s, "\nseed:", "\nbaseline: { set: { horizon: 1 day, demand.calls_per_hour: 1e308 } }\nseed:"),
        "baseline-set-nested": replace(s, "\nseed:", "\nbaseline: { set: { baseline: { set: { seed: 2 } } } }\nseed:"),
        "baseline-set-empty": replace(s, "\nseed:", "\nbaseline: { set: { responders: [], call_types.0: ~ } }\nseed:"),
        "baseline-missing-file": replace(s, "\nseed:", "\nbaseline: no-such-file.yaml\nseed:"),
        "duplicate-responder": replace(s, "name: crisis_team\n", "name: police\n"),
        "duplicate-call-type": replace(s, "name: routine", "name: urgent"),
        "long-name": replace(s, "name: small-city", "name: " + "x" * 300),
        "matrix-one-row": replace(s, "minutes: [[3, 9], [9, 4]]", "minutes: [[3, 9]]"),
        "matrix-ragged": replace(s, "minutes: [[3, 9], [9, 4]]", "minutes: [[3], [9, 4]]"),
        "matrix-wide": replace(s, "minutes: [[3, 9], [9, 4]]", "minutes: [[3, 9, 1], [9, 4, 1]]"),
        "matrix-empty": replace(s, "minutes: [[3, 9], [9, 4]]", "minutes: []"),
        "matrix-scalar": replace(s, "minutes: [[3, 9], [9, 4]]", "minutes: 3"),
        "matrix-nan": replace(s, "minutes: [[3, 9], [9, 4]]", "minutes: [[.nan, 9], [9, .inf]]"),
        "horizon-list": replace(s, "horizon: 3 days", "horizon: [3 days]"),
        "horizon-zero": replace(s, "horizon: 3 days", "horizon: 0 s"),
        "horizon-tiny": replace(s, "horizon: 3 days", "horizon: 1e-300 s"),
        "horizon-huge": replace(s, "horizon: 3 days", "horizon: 1e300 weeks"),
        "warmup-equals-horizon": replace(s, "warmup: 6 h", "warmup: 3 days"),
        "zones-mapping": replace(s, "zones:\n", "zones: { north: 1 }\nzones_was:\n"),
        "demand-scalar": replace(s, "demand:\n  calls_per_hour: 6", "demand: 6"),
        "share-text": replace(s, "share: 0.2", "share: half"),
        "shares-not-one": replace(s, "share: 0.2", "share: 0.3"),
        "budget-huge": replace(s, "annual_usd: 10_000_000", "annual_usd: 1e300"),
        "budget-many-units": replace(s, "annual_usd: 10_000_000", "annual_usd: 1e13"),
        "cost-tiny": replace(s, "cost_per_unit_hour: 100", "cost_per_unit_hour: 1e-300"),
        "units-per-zone-max": replace(s, "units: from_budget\n    cost_per_unit_hour: 100",
                                      "units: { north: 100000, south: 100000 }"),
        "units-negative": replace(s, "units: from_budget\n    cost_per_unit_hour: 100", "units: { north: -3 }"),
        "units-zero": replace(s, "units: from_budget\n    cost_per_unit_hour: 100", "units: { north: 0, south: 0 }"),
        "demand-huge": replace(s, "calls_per_hour: 6", "calls_per_hour: 1e15"),
        "demand-tiny": replace(s, "calls_per_hour: 6", "calls_per_hour: 1e-300"),
        "replications-max": replace(s, "replications: 4", "replications: 100000"),
        "seed-huge": replace(s, "seed: 11", "seed: 18446744073709551615"),
        "seed-negative": replace(s, "seed: 11", "seed: -1"),
        "fallback-self": replace(s, "to: [police]", "to: [crisis_team]"),
        "fallback-zero": replace(s, "after: 10 min", "after: 0 s"),
        "fallback-huge": replace(s, "after: 10 min", "after: 1e300 weeks"),
        "lognormal-extreme": replace(s, "mean: 45 min, sd: 30 min", "mean: 1e-300 min, sd: 1e300 min"),
        "lognormal-huge": replace(s, "mean: 45 min, sd: 30 min", "mean: 1e300 min, sd: 1e300 min"),
        "gamma-shape": replace(s, "{ distribution: lognormal, mean: 45 min, sd: 30 min }",
                               "{ distribution: gamma, shape: 1e-300, scale: 1e300 }"),
        "weibull": replace(s, "{ distribution: lognormal, mean: 45 min, sd: 30 min }",
                           "{ distribution: weibull, scale: 1e300, shape: 1e-300 }"),
        "triangular": replace(s, "{ distribution: lognormal, mean: 45 min, sd: 30 min }",
                              "{ distribution: triangular, low: 0, mode: 1e308, high: 1.7e308 }"),
        "uniform": replace(s, "{ distribution: lognormal, mean: 45 min, sd: 30 min }",
                           "{ distribution: uniform, low: 1e-300, high: 1.7e308 }"),
        "truncated-normal": replace(s, "{ distribution: lognormal, mean: 45 min, sd: 30 min }",
                                    "{ distribution: truncated_normal, mean: 0, sd: 1e-300 }"),
        "constant-zero": replace(s, "{ distribution: lognormal, mean: 45 min, sd: 30 min }",
                                 "{ distribution: constant, value: 0 }"),
        "normal": replace(s, "{ distribution: lognormal, mean: 45 min, sd: 30 min }",
                          "{ distribution: normal, mean: 45 min, sd: 30 min }"),
        "coordinates": replace(replace(replace(s, "minutes: [[3, 9], [9, 4]]", "coordinates: { speed_kmh: 30 }"),
                                       "{ name: north, call_share: 0.55 }", "{ name: north, call_share: 0.55, x_km: 0, y_km: 0 }"),
                               "{ name: south, call_share: 0.45 }", "{ name: south, call_share: 0.45, x_km: 3, y_km: 4 }"),
        "coordinates-far": replace(replace(replace(s, "minutes: [[3, 9], [9, 4]]", "coordinates: { speed_kmh: 1e-300, metric: euclidean }"),
                                           "{ name: north, call_share: 0.55 }", "{ name: north, call_share: 0.55, x_km: -1e308, y_km: 0 }"),
                                   "{ name: south, call_share: 0.45 }", "{ name: south, call_share: 0.45, x_km: 1e308, y_km: 1e308 }"),
        "hour-of-day-short": replace(s, "calls_per_hour: 6", "calls_per_hour: 6\n  hour_of_day: [1, 2, 3]"),
        "hour-of-day-zeros": replace(s, "calls_per_hour: 6", "calls_per_hour: 6\n  hour_of_day: [" + ", ".join(["0"] * 24) + "]"),
        "hour-of-day-spike": replace(s, "calls_per_hour: 6", "calls_per_hour: 6\n  hour_of_day: [1e308" + ", 0" * 23 + "]"),
        "repeat-loop": replace(replace(replace(s, "{ distribution: lognormal, mean: 45 min, sd: 30 min }", "{ distribution: constant, value: 0 }"),
                                       "minutes: [[3, 9], [9, 4]]", "minutes: [[0, 0], [0, 0]]"),
                               "      police: { distribution: constant, value: 0 }\n",
                               "      police: { distribution: constant, value: 0 }\n    repeat:\n      police: { probability: 1, after: { distribution: constant, value: 0 } }\n"),
        "outcomes": replace(s, "      police: { distribution: lognormal, mean: 45 min, sd: 30 min }\n",
                            "      police: { distribution: lognormal, mean: 45 min, sd: 30 min }\n"
                            "    outcomes:\n      police: { arrest: 0.5, ed_transport: 0.5, referral: 0.5, ed_time: { distribution: constant, value: 1e300 } }\n"),
        "coded-as": replace(s, "  - name: behavioral_health\n",
                            "  - name: behavioral_health\n    coded_as: { urgent: 0.5, routine: 0.5, behavioral_health: 0 }\n"),
        "targets": replace(s, "horizon: 3 days", "horizon: 3 days\nresponse_targets: { 0: 7 min, 1: .inf, 99: 1 }"),
        "costs-negative": replace(s, "horizon: 3 days", "horizon: 3 days\ncosts: { ed_visit_usd: -1, jail_booking_usd: 1e308 }"),
        "unknown-keys": replace(s, "horizon: 3 days", "horizon: 3 days\nhorizn: 4 days\nzone: []"),
        "tabs": s.replace("  ", "\t", 3),
        "crlf": s.replace("\n", "\r\n"),
        "bom": "\ufeff" + s,
        "nul": s.replace("seed: 11", "seed: 1\x001"),
        "overrides": "#set horizon=1e300 weeks\n#set call_types[5].share=1\n#set zones.north.call_share=.nan\n"
                     "#set responders..units=3\n#set budget.shares.crisis_team=[1, 2]\n#set a[x]=1\n#set =1\n" + s,
        "override-ok": "#set horizon=1 day\n#set budget.shares.crisis_team=0.3\n" + s,
        "billion-laughs": "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                          "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                          "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
        "alias-key": "a: &k name\n*k : x\n",
        "deep-nesting": "name: " + "[" * 200 + "]" * 200 + "\n",
        "deep-mapping": "".join("  " * i + f"k{i}:\n" for i in range(100)),
        "multi-document": s + "---\n" + s,
        "empty": "",
        "comment-only": "# nothing\n",
        "null": "~\n",
        "scalar": "hello\n",
    }
    return seeds


def sweep_mutations(tiny):
    t = tiny
    return {
        "sweep-range-nan": replace(t, "budget.shares.crisis_team: [0.1, 0.2]",
                                   "budget.shares.crisis_team: { from: 0, to: .nan, step: 0.1 }"),
        "sweep-range-inf-count": replace(t, "budget.shares.crisis_team: [0.1, 0.2]",
                                         "budget.shares.crisis_team: { from: 0, to: 1e300, step: 1e-300 }"),
        "sweep-range-max": replace(t, "budget.shares.crisis_team: [0.1, 0.2]",
                                   "budget.shares.crisis_team: { from: 0, to: 1, step: 0.0001 }"),
        "sweep-range-backwards": replace(t, "budget.shares.crisis_team: [0.1, 0.2]",
                                         "budget.shares.crisis_team: { from: 1, to: 0, step: 0.1 }"),
        "sweep-empty-axis": replace(t, "budget.shares.crisis_team: [0.1, 0.2]", "budget.shares.crisis_team: []"),
        "sweep-bad-path": replace(t, "budget.shares.crisis_team: [0.1, 0.2]", "budget.sharez.crisis_team: [0.1, 0.2]"),
        "sweep-base-missing": replace(t, "base: small-city.yaml", "base: no-such.yaml"),
        "sweep-base-self": replace(t, "base: small-city.yaml", "base: fuzz-input.yaml"),
        "sweep-base-directory": replace(t, "base: small-city.yaml", "base: ."),
        "sweep-duplicate-points": t + "  - { budget.shares.crisis_team: 0 }\n",
        "sweep-empty-point": t + "  - {}\n",
        "sweep-replications-zero": replace(t, "replications: 3", "replications: 0"),
        "sweep-changes-responders": replace(t, "budget.shares.crisis_team: [0.1, 0.2]",
                                            "responders: [[{ name: x, units: { north: 1 } }]]"),
        "sweep-overrides": "#set budget.shares.crisis_team=0.5\n#set seed=3\n" + t,
    }


def main():
    arguments = sys.argv[1:]
    quick = "--quick" in arguments
    arguments = [a for a in arguments if a != "--quick"]
    if len(arguments) != 1:
        sys.exit(__doc__)
    out = pathlib.Path(arguments[0])
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.yaml"):
        old.unlink()
    seeds = {}
    files = sorted(SCENARIOS.rglob("*.yaml"))
    for f in files:
        text = f.read_text(encoding="utf-8")
        seeds[f"scenario-{f.stem}"] = text
        if quick:
            continue
        small = f.stat().st_size < 2000
        for i, m in enumerate(number_mutations(text, per_number=3 if small else 1, limit=0 if small else 16)):
            seeds[f"numbers-{f.stem}-{i:03d}"] = m
        for i, m in enumerate(list_mutations(text, limit=8)):
            seeds[f"lists-{f.stem}-{i:03d}"] = m
        for key, m in feature_mutations(f.stem, text).items():
            seeds[f"mutation-{key}"] = m
    small_city = (SCENARIOS / "examples" / "small-city.yaml").read_text(encoding="utf-8")
    tiny_sweep = (SCENARIOS / "examples" / "tiny-sweep.yaml").read_text(encoding="utf-8")
    for name, text in {**structural(small_city), **sweep_mutations(tiny_sweep)}.items():
        seeds[f"mutation-{name}"] = text
    for name, text in seeds.items():
        (out / f"{name}.yaml").write_text(text, encoding="utf-8", newline="")
    # Bytes that are not UTF-8, which a str cannot hold.
    (out / "mutation-not-utf8.yaml").write_bytes(small_city.encode().replace(b"north", b"n\xffrth", 1))
    print(f"make_seeds.py: {len(seeds) + 1} seeds in {out}")


if __name__ == "__main__":
    main()
