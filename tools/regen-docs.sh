#!/usr/bin/env bash
# Regenerates the generated parts of the documentation (each is checked by a test):
# docs/validation.md and the field table of docs/scenario.md.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run -q --offline --example validation > docs/validation.md
table=$(cargo run -q --offline --example scenario_fields)
python3 - "$table" <<'PY'
import sys
table = sys.argv[1]
path = 'docs/scenario.md'
doc = open(path).read()
begin = doc.index('<!-- fields:begin')
begin = doc.index('\n', begin) + 1
end = doc.index('<!-- fields:end -->')
open(path, 'w').write(doc[:begin] + table.rstrip('\n') + '\n' + doc[end:])
PY
