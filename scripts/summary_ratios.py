#!/usr/bin/env python3
"""Figures computed per replication from a results folder's summary.csv, with 95% intervals.

    python3 scripts/summary_ratios.py FOLDER EXPRESSION [EXPRESSION ...]

Each EXPRESSION is a Python expression over summary.csv's column names, evaluated once per
replication (for example "crisis_needed_backup / crisis_reached_by_crisis_response" or
"1 - uncommitted_share"); the script prints its mean over the replications and the 95% Student t
interval, as Scenarios/CALIBRATION.md quotes shares, rates and yearly counts. Columns with no
value are None. Only the standard library: it runs without the project's Python environment.
"""

import csv
import sys

from calibration_report import interval  # the same Student t interval as the calibration figures


def number(text):
    try:
        return float(text)
    except ValueError:
        return None


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__.strip().splitlines()[2].strip())
    try:
        with open(argv[1] + "/summary.csv", newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError as e:
        sys.exit(f"{argv[1]}/summary.csv: error: cannot read: {e.strerror}")
    for expression in argv[2:]:
        try:
            values = [eval(expression, {"__builtins__": {}}, {k: number(x) for k, x in r.items()}) for r in rows]
        except Exception as e:  # a name that is not a column, or arithmetic on a missing value
            sys.exit(f"{expression}: error: {e}")
        mean, half = interval(values)
        print(f"{expression:60s} {mean:10.4f}  ({mean - half:.4f} to {mean + half:.4f})")


if __name__ == "__main__":
    main(sys.argv)
