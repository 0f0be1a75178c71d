#!/usr/bin/env python3
"""Write the default call-type crosswalks of `dispatchsim calibrate` from the Vera five-city data.

    python3 scripts/make_crosswalks.py [--data DIR]

DIR holds the Vera Institute of Justice and Two Sigma Data Clinic's harmonised call types
(call_types.csv and README.md; default ../shared/data/vera-call-types beside the repository,
found from this script's location, not the working directory). The script writes, under the
repository root:

- Scenarios/crosswalks/<city>.csv for charleston, dallas, detroit, new-orleans and seattle, with
  the header raw_value,category,crisis,count: one row per raw call type of the city's initial
  (call-taker's) type column (Charleston 'Problem', Dallas 'Call (911) Problem', Detroit 'Call
  Description', New Orleans 'InitialTypeText', Seattle 'Initial Call Type'), sorted by count
  descending, then raw_value;
- Scenarios/crosswalks/LICENSE-vera.txt: what the files derive from, and the source's MIT notice
  copied from DIR/README.md;
- Scenarios/crosswalks/README.md: the files, their columns, categories and counts, and the rules;
- Sources/DispatchCalibrate/Crosswalks+Vera.swift: the same CSV texts as Swift raw string literals
  (`extension Crosswalk { static let veraCSV: [String: String] }`), each byte for byte the
  corresponding .csv file.

Rules:

- Categories take one spelling each ('Assisting the Public' -> 'Assist the Public', 'Call Related
  Isuues' -> 'Call Related Issues', 'Warrant' -> 'Warrants', 'Medical' -> 'Medical Emergencies',
  empty -> 'Uncategorized') and are written in snake_case (letters, digits and '_': 'Behavioral
  Health' -> behavioral_health). crisis is true exactly for Behavioral Health.
- Raw values are matched case-insensitively after trimming surrounding whitespace and collapsing
  inner runs of whitespace to one space. Raw values of one city equal under that folding become one
  row: the spelling with the largest count (ties: the first in code-point order), the counts summed,
  and the category with the largest summed count (ties: the first category name in order). Each
  such merge is printed, and marked CONFLICT when the categories differed.
- Rows whose raw value is empty or 'None' (after trimming) are dropped.

Only the standard library; the output depends only on call_types.csv and README.md, so running it
twice gives identical files. It prints the merges, the final categories with their counts, and the
rows and calls per city.
"""

import argparse
import csv
import hashlib
import io
import re
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "vera-call-types"
CROSSWALKS = REPO / "Scenarios" / "crosswalks"
SWIFT_FILE = REPO / "Sources" / "DispatchCalibrate" / "Crosswalks+Vera.swift"

# (slug, city in call_types.csv, the export column that holds the initial call type)
CITIES = [
    ("charleston", "Charleston", "Problem"),
    ("dallas", "Dallas", "Call (911) Problem"),
    ("detroit", "Detroit", "Call Description"),
    ("new-orleans", "New Orleans", "InitialTypeText"),
    ("seattle", "Seattle", "Initial Call Type"),
]

# Spelling variants of the source's categories, mapped to the spelling kept.
CATEGORY_SPELLINGS = {
    "Assisting the Public": "Assist the Public",
    "Call Related Isuues": "Call Related Issues",
    "Warrant": "Warrants",
    "Medical": "Medical Emergencies",
    "": "Uncategorized",
}
CRISIS_CATEGORY = "Behavioral Health"

HEADER = ["raw_value", "category", "crisis", "count"]


def fold(text):
    """The key raw values are matched by: trimmed, inner whitespace collapsed, lower case."""
    return " ".join(text.split()).lower()


def category_name(text):
    name = " ".join(text.split())
    return CATEGORY_SPELLINGS.get(name, name)


def snake(name):
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def mit_notice(readme_text):
    """The MIT notice: the indented block after the README's 'Licence of the source' line."""
    lines = readme_text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("Licence of the source")), None)
    if start is None:
        sys.exit("make_crosswalks: no 'Licence of the source' paragraph in the data's README.md")
    block = []
    for line in lines[start + 1:]:
        if line.strip() == "":
            block.append("")
        elif line.startswith("    "):
            block.append(line[4:].rstrip())
        else:
            break
    while block and block[0] == "":
        block.pop(0)
    while block and block[-1] == "":
        block.pop()
    notice = "\n".join(block) + "\n"
    if not notice.startswith("The MIT License") or "Permission is hereby granted" not in notice:
        sys.exit("make_crosswalks: the README's licence block is not the expected MIT notice")
    return notice


def read_source(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    expected = {"city", "column", "raw_value", "count", "category", "category_alternate"}
    if not rows or not expected <= set(rows[0]):
        sys.exit(f"make_crosswalks: {path} lacks the columns {sorted(expected)}")
    return rows


def build_city(rows, slug, city, column, log):
    """The crosswalk rows of one city: [(raw_value, category, count)], sorted, and what was dropped."""
    selected = [r for r in rows if r["city"] == city and r["column"] == column]
    if not selected:
        sys.exit(f"make_crosswalks: no rows for {city} / {column!r}")
    dropped = 0
    groups = defaultdict(list)  # folded key -> [(spelling, category, count)]
    for r in selected:
        try:
            count = int(r["count"])
        except ValueError:
            sys.exit(f"make_crosswalks: {city} {r['raw_value']!r}: count {r['count']!r} is not a whole number")
        if count < 0:
            sys.exit(f"make_crosswalks: {city} {r['raw_value']!r}: negative count {count}")
        spelling = r["raw_value"].strip()
        if spelling in ("", "None"):
            dropped += count
            log.append(f"  {slug}: dropped raw value {r['raw_value']!r} ({count} calls)")
            continue
        groups[fold(spelling)].append((spelling, category_name(r["category"]), count))

    out = []
    for key in sorted(groups):
        members = groups[key]
        by_spelling = defaultdict(int)
        by_category = defaultdict(int)
        for spelling, category, count in members:
            by_spelling[spelling] += count
            by_category[category] += count
        spelling = min(by_spelling, key=lambda s: (-by_spelling[s], s))
        category = min(by_category, key=lambda c: (-by_category[c], c))
        total = sum(by_spelling.values())
        if len(members) > 1:
            kind = "CONFLICT" if len(by_category) > 1 else "merged"
            parts = ", ".join(f"{s!r} {c} ({n})" for s, c, n in members)
            line = f"  {slug}: {kind}: {parts} -> {spelling!r} {category} ({total})"
            if len(by_category) > 1:
                line += " [" + ", ".join(f"{c} {n}" for c, n in sorted(by_category.items())) + "]"
            log.append(line)
        out.append((spelling, category, total))
    out.sort(key=lambda row: (-row[2], row[0]))
    return out, len(selected), sum(int(r["count"]) for r in selected), dropped


def csv_text(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for raw, category, count in rows:
        writer.writerow([raw, snake(category), "true" if category == CRISIS_CATEGORY else "false", count])
    return buffer.getvalue()


def swift_raw_hashes(texts):
    """The fewest '#' that let every text sit unescaped in a raw multi-line string literal."""
    for text in texts:
        bad = [c for c in text if (ord(c) < 0x20 and c not in "\t\n") or ord(c) == 0x7F]
        if bad:
            sys.exit(f"make_crosswalks: control characters {sorted(set(bad))!r} cannot go in a Swift literal")
    hashes = 1
    while any('"""' + "#" * hashes in t or "\\" + "#" * hashes in t for t in texts):
        hashes += 1
    return hashes


def swift_source(texts, notice, digest):
    hashes = swift_raw_hashes(texts.values())
    pound = "#" * hashes
    indent = " " * 8
    lines = [
        "// Crosswalks+Vera.swift: the default call-type crosswalks of Charleston, Dallas, Detroit, New",
        "// Orleans and Seattle, derived from the Vera Institute of Justice and Two Sigma Data Clinic's",
        "// five-city call types (repository tsdataclinic/Vera, file data/interim/CallTypes_TS.xlsx, 2020).",
        "//",
        "// Generated by scripts/make_crosswalks.py: do not edit; rerun `python3 scripts/make_crosswalks.py`.",
        "// Source: ../shared/data/vera-call-types/call_types.csv, SHA-256",
        f"// {digest}.",
        "// Each string is byte for byte Scenarios/crosswalks/<city>.csv.",
        "//",
        "// The source data's licence:",
        "//",
    ]
    lines += [("//     " + line).rstrip() for line in notice.rstrip("\n").split("\n")]
    lines += [
        "",
        "extension Crosswalk {",
        "    /// The crosswalks derived from the Vera Institute's five-city call-type data, by city slug: CSV text with the header `raw_value,category,crisis,count`.",
        "    static let veraCSV: [String: String] = [",
    ]
    for slug in sorted(texts):
        text = texts[slug]
        assert text.endswith("\n")
        lines.append(f'        "{slug}": {pound}"""')
        # Every line indented like the closing delimiter; the empty last line keeps the text's final newline.
        lines += [indent + line for line in text[:-1].split("\n")]
        lines.append("")
        lines.append(f'        """{pound},')
    lines += ["    ]", "}", ""]
    return "\n".join(lines)


def license_text(notice, digest):
    return (
        "The files in this folder (charleston.csv, dallas.csv, detroit.csv, new-orleans.csv, seattle.csv)\n"
        "and Sources/DispatchCalibrate/Crosswalks+Vera.swift are derived from the five-city 911 call-type\n"
        "crosswalk of the Vera Institute of Justice and Two Sigma Data Clinic (\"Understanding Police\n"
        "Enforcement: A Multicity 911 Analysis\", 2020): repository tsdataclinic/Vera, file\n"
        "data/interim/CallTypes_TS.xlsx, as converted to CSV in ../shared/data/vera-call-types\n"
        f"(call_types.csv, SHA-256 {digest}).\n"
        "They are generated by scripts/make_crosswalks.py, which selects one column per city, merges\n"
        "category spellings and raw values equal up to case and whitespace, and renames the categories.\n"
        "The source is distributed under the following licence:\n"
        "\n" + notice
    )


def md_count(n):
    return f"{n:,}"


def readme_text(cities, categories, city_totals, digest):
    slugs = [slug for slug, _, _ in CITIES]
    out = []
    add = out.append
    add("# Call-type crosswalks (Vera five-city data)")
    add("")
    add("Generated by `scripts/make_crosswalks.py`: do not edit by hand. Regenerate with")
    add("")
    add("    python3 scripts/make_crosswalks.py [--data DIR]")
    add("")
    add("(DIR defaults to `../shared/data/vera-call-types` beside the repository). The same CSV texts are")
    add("compiled into `Sources/DispatchCalibrate/Crosswalks+Vera.swift` (`Crosswalk.veraCSV`, by city")
    add("slug), the default crosswalks of `dispatchsim calibrate` for these cities.")
    add("")
    add("Each `<city>.csv` maps the raw call types of one city's calls-for-service export to shared")
    add("categories. One column per city is used, the one holding the initial (call-taker's) type:")
    add("")
    add("| file | city | export column | rows | calls |")
    add("| --- | --- | --- | ---: | ---: |")
    for slug, city, column, nrows, calls in cities:
        add(f"| `{slug}.csv` | {city} | `{column}` | {nrows} | {md_count(calls)} |")
    add("")
    add("Columns:")
    add("")
    add("| column | meaning |")
    add("| --- | --- |")
    add("| `raw_value` | the call type as the export spells it (its most common spelling) |")
    add("| `category` | the shared category, in snake_case (letters, digits, `_`) |")
    add("| `crisis` | `true` exactly for `behavioral_health`, else `false` |")
    add("| `count` | the number of calls of that type in the export the source analysed |")
    add("")
    add("Rows are sorted by count, largest first, then by raw value.")
    add("")
    add("## Matching")
    add("")
    add("A call's raw type matches a row when both are equal after trimming surrounding whitespace,")
    add("collapsing inner runs of whitespace to one space, and ignoring case. Within a city no two rows")
    add("are equal under that rule: source values that were became one row, with their counts summed and")
    add("the category of the larger summed count. Source rows whose raw value is empty or `None` are left")
    add("out. A raw type in no row is a type the source did not see.")
    add("")
    add("## Categories")
    add("")
    add("The source's category spellings are merged (`Assisting the Public` into `Assist the Public`,")
    add("`Call Related Isuues` into `Call Related Issues`, `Warrant` into `Warrants`, `Medical` into")
    add("`Medical Emergencies`); raw types the source left without a category are `uncategorized`. Calls")
    add("per category and city:")
    add("")
    add("| category | source name | " + " | ".join(slugs) + " | total |")
    add("| --- | --- | " + " | ".join("---:" for _ in slugs) + " | ---: |")
    for name, per_city in categories:
        cells = [md_count(per_city.get(s, 0)) if per_city.get(s, 0) else "" for s in slugs]
        add(f"| `{snake(name)}` | {name} | " + " | ".join(cells) + f" | {md_count(sum(per_city.values()))} |")
    add("| **all** | | " + " | ".join(md_count(city_totals[s]) for s in slugs)
        + f" | {md_count(sum(city_totals.values()))} |")
    add("")
    add("## Caveats")
    add("")
    add("- The counts are of everything in each export, officer-initiated activity included (Seattle's")
    add("  initial call types cover its on-view events, about 1.6 million of the 3.9 million; New")
    add("  Orleans' self-initiated and Detroit's officer-initiated events are counted too), so they are")
    add("  not a mix of 911 calls alone.")
    add("- `behavioral_health` is the source's judgement: it includes overdose and person-down types")
    add("  (the largest of Detroit's is `ONE DOWN OR OVER THE WHEEL`) and leaves some crisis-like types")
    add("  in other categories or uncategorized (for example Dallas' `46 - CIT` and Seattle's")
    add("  `DETOX - REQUEST FOR`).")
    add("- Charleston's traffic types are `traffic`, a category no other city uses; the other cities'")
    add("  are `accidents_traffic_safety`, which Charleston does not use. Merge them when comparing")
    add("  cities.")
    add("- `uncategorized` holds large administrative or self-initiated types (Charleston's `Walk and")
    add("  Talk`, Detroit's `REMARKS`, New Orleans' `WARR STOP WITH RELEASE`).")
    add("")
    add("## Source and licence")
    add("")
    add("Derived from the Vera Institute of Justice and Two Sigma Data Clinic's multi-city 911 analysis")
    add("(\"Understanding Police Enforcement: A Multicity 911 Analysis\", 2020): repository")
    add("`tsdataclinic/Vera`, file `data/interim/CallTypes_TS.xlsx`, as converted to CSV in")
    add(f"`../shared/data/vera-call-types/call_types.csv` (SHA-256 `{digest}`). The")
    add("source is under the MIT licence, whose notice travels with these files in")
    add("[`LICENSE-vera.txt`](LICENSE-vera.txt).")
    add("")
    return "\n".join(out)


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    print(f"wrote {path.relative_to(REPO)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="folder with call_types.csv and README.md (default: %(default)s)")
    args = parser.parse_args()
    source = args.data / "call_types.csv"
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    rows = read_source(source)
    notice = mit_notice((args.data / "README.md").read_text(encoding="utf-8"))

    log = []
    texts = {}
    city_rows = {}
    summary = []
    for slug, city, column in CITIES:
        out, source_rows, source_calls, dropped = build_city(rows, slug, city, column, log)
        written = sum(n for _, _, n in out)
        if written + dropped != source_calls:
            sys.exit(f"make_crosswalks: {slug}: {written} + {dropped} dropped calls != {source_calls} in the source")
        city_rows[slug] = out
        texts[slug] = csv_text(out)
        summary.append((slug, city, column, len(out), written, source_rows, source_calls, dropped))

    names = {}
    per_category = defaultdict(lambda: defaultdict(int))
    for slug, out in city_rows.items():
        for _, category, count in out:
            per_category[category][slug] += count
            other = names.setdefault(snake(category), category)
            if other != category:
                sys.exit(f"make_crosswalks: categories {other!r} and {category!r} share the name {snake(category)}")
    categories = sorted(per_category.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    city_totals = {slug: sum(n for _, _, n in out) for slug, out in city_rows.items()}

    for slug in texts:
        write(CROSSWALKS / f"{slug}.csv", texts[slug])
    write(CROSSWALKS / "LICENSE-vera.txt", license_text(notice, digest))
    write(CROSSWALKS / "README.md",
          readme_text([(s, c, col, n, w) for s, c, col, n, w, *_ in summary], categories, city_totals, digest))
    write(SWIFT_FILE, swift_source(texts, notice, digest))

    print("\nraw values merged (equal up to case and whitespace):")
    print("\n".join(log) if log else "  none")
    conflicts = sum("CONFLICT" in line for line in log)
    print(f"  {conflicts} conflict(s) between categories")
    print("\ncategories (calls over the five cities):")
    for name, per_city in categories:
        crisis = "  crisis" if name == CRISIS_CATEGORY else ""
        print(f"  {snake(name):40} {sum(per_city.values()):>10,}{crisis}")
    print(f"  {'total':40} {sum(city_totals.values()):>10,}")
    print("\ncities:")
    for slug, city, column, nrows, written, source_rows, source_calls, dropped in summary:
        print(f"  {slug:12} {column!r:22} {source_rows:4} source rows -> {nrows:4} rows, "
              f"{written:>10,} calls (source {source_calls:,}, dropped {dropped:,})")


if __name__ == "__main__":
    main()
