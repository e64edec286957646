"""pandas competitor for bench/run.sh (issue 6): the same job as `progrank rank IN -o OUT`.

score = 100/365 x sum of weight x (rating - 1)/4 with weights 90/80/75/70/50, sorted by
score descending then name, shared (competition) ranks, written as CSV name,score,rank.

The sort key is the exact integer sum of weight x (rating - 1), which orders exactly like the
decimal score; sorting on a float score could split real ties on last-bit rounding, and then
the order would not be the one progrank (exact decimals) produces.

usage: python pandas_rank.py IN.csv OUT.csv
"""

import sys

import pandas as pd

WEIGHTS = {
    "faculty_quality": 90,
    "scholarship_support": 80,
    "funding": 75,
    "schedule_flexibility": 70,
    "brand_name": 50,
}


def main(src: str, dst: str) -> None:
    df = pd.read_csv(src)
    key = sum(w * (df[c] - 1) for c, w in WEIGHTS.items())
    df["key"] = key
    # 100 x key / (4 x 365): the score on 0-100.
    df["score"] = (key * 100 / (4 * sum(WEIGHTS.values()))).round(2)
    df = df.sort_values(["key", "name"], ascending=[False, True], kind="mergesort")
    df["rank"] = df["key"].rank(method="min", ascending=False).astype("int64")
    df[["name", "score", "rank"]].to_csv(dst, index=False, float_format="%.2f")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
