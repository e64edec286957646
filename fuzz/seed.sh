#!/bin/sh
# Seeds the ods, xlsx and condition corpora from the test fixtures (python3 reads the zips).
set -eu
cd "$(dirname "$0")/.."
mkdir -p fuzz/corpus/ods fuzz/corpus/xlsx fuzz/corpus/xls fuzz/corpus/condition
python3 - <<'PY'
import re, zipfile
for name in ["shortlist", "bad-cell"]:
    z = zipfile.ZipFile(f"tests/data/workbooks/{name}.ods")
    open(f"fuzz/corpus/ods/{name}", "wb").write(z.read("content.xml"))
z = zipfile.ZipFile("tests/data/workbooks/formula-cached.xlsx")
sheet = z.read("xl/worksheets/sheet1.xml")
strings = z.read("xl/sharedStrings.xml")
open("fuzz/corpus/xlsx/formula-cached", "wb").write(sheet + b"\xff" + strings)
for i, when in enumerate(re.findall(r'when = "(.*)"', open("weights.toml").read())):
    open(f"fuzz/corpus/condition/w{i}", "w").write(when)
PY
