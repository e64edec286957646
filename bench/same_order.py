#!/usr/bin/env python3
"""Do two progrank CSV outputs list the same programs with the same ranks and scores?

usage: python3 bench/same_order.py A.csv B.csv   (exit 0: same, 1: different)

Each file is read in its own dialect, as progrank writes CSV in the input's dialect: a
byte order mark is dropped, the delimiter is the first of `;`, tab or `,` in the header
line, and a decimal comma in the score is read as a point. Compared: rank, score, name.
"""
import csv
import io
import sys


def rows(path):
    with open(path, "rb") as f:
        data = f.read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    text = data.decode("utf-8", errors="replace")
    header = text.split("\n", 1)[0]
    delimiter = next((d for d in (";", "\t", ",") if d in header), ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    head = next(reader)
    at = {name: i for i, name in enumerate(head)}
    for row in reader:
        yield row[at["rank"]], row[at["score"]].replace(",", "."), row[at["name"]]


def main():
    a, b = sys.argv[1], sys.argv[2]
    for x, y in zip(rows(a), rows(b), strict=True):
        if x != y:
            print(f"first difference: {x} vs {y}", file=sys.stderr)
            sys.exit(1)


if __name__ == "__main__":
    main()
