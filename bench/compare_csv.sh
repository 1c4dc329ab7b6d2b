#!/bin/bash
# Compare two copies of the package on every sample: the CSV each writes, and its exit code.
#   bash bench/compare_csv.sh OLD_PKG_DIR NEW_PKG_DIR OUT [others|scans]
# A package dir holds catalogue/ (e.g. `git archive <commit> catalogue | tar -x -C DIR`).
# Runs from a scratch folder holding only a link to samples/: `python -m` puts the working
# folder ahead of PYTHONPATH, so run from a checkout both sides would load that checkout.
set -u
A=$(realpath "$1"); B=$(realpath "$2"); OUT=$(realpath -m "$3"); SET=${4:-others}
ROOT=$(cd "$(dirname "$0")/.." && pwd); PY=${PYTHON:-$ROOT/.venv/bin/python}
rm -rf "$OUT"; mkdir -p "$OUT/work"; ln -s "$ROOT/samples" "$OUT/work/samples"; cd "$OUT/work"
if [ "$SET" = scans ]; then
  find samples/scans/ -type f \( -name "*.pdf" -o -name "*.png" \) | sort > "$OUT/list"
else
  find samples/ -type f \( -name "*.pdf" -o -name "*.xlsx" -o -name "*.xls" -o -name "*.html" -o -name "*.docx" \
    -o -name "*.ofd" -o -name "*.md" -o -name "*.txt" -o -name "*.ods" -o -name "*.odt" -o -name "*.csv" -o -name "*.tsv" -o -name "*.mht" \) \
    | grep -v -E "scans/|password|encrypted|family" | sort > "$OUT/list"
fi
n=0; d=0
while read -r f; do
  n=$((n+1)); k=$(echo "$f" | tr '/' '_')
  PYTHONPATH=$A timeout 600 "$PY" -m catalogue.cli extract "$f" -o "$OUT/a/$k" -f csv -q --timeout 0 >"$OUT/a-$k.log" 2>&1; ra=$?
  PYTHONPATH=$B timeout 600 "$PY" -m catalogue.cli extract "$f" -o "$OUT/b/$k" -f csv -q --timeout 0 >"$OUT/b-$k.log" 2>&1; rb=$?
  if [ $ra != $rb ] || ! diff -q <(cat "$OUT/a/$k"/*.csv 2>/dev/null) <(cat "$OUT/b/$k"/*.csv 2>/dev/null) >/dev/null; then
    d=$((d+1)); echo "DIFF $f (exit $ra / $rb)"
  fi
done < "$OUT/list"
echo "$n files, $d differ"
