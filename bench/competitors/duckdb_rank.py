"""DuckDB competitor for bench/run.sh (issue 6): the same job as `progrank rank IN -o OUT`.

score = 100/365 x sum of weight x (rating - 1)/4 with weights 90/80/75/70/50, sorted by
score descending then name, shared (competition) ranks, written as CSV name,score,rank.
DuckDB uses all cores (2 here), as a user would run it.

The sort key is the exact integer sum of weight x (rating - 1), which orders exactly like the
decimal score (see pandas_rank.py).

usage: python duckdb_rank.py IN.csv OUT.csv
"""

import sys

import duckdb

QUERY = """
COPY (
    WITH keyed AS (
        SELECT name,
               90 * (faculty_quality - 1) + 80 * (scholarship_support - 1)
             + 75 * (funding - 1) + 70 * (schedule_flexibility - 1)
             + 50 * (brand_name - 1) AS key
        FROM read_csv(?, header = true)
    )
    SELECT name,
           round(key * 100.0 / 1460, 2) AS score,
           rank() OVER (ORDER BY key DESC) AS rank
    FROM keyed
    ORDER BY key DESC, name
) TO '{dst}' (HEADER, DELIMITER ',')
"""


def main(src: str, dst: str) -> None:
    con = duckdb.connect()
    # COPY ... TO takes no parameter for its target, so the output path is quoted here.
    con.execute(QUERY.format(dst=dst.replace("'", "''")), [src])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
