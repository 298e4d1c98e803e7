#!/usr/bin/env python3
"""Re-records tests/fixtures/links-v1.json with the current engine and data: run it only on
purpose, when a data or model change is meant to move the numbers of old links, and say why in
the commit. Uses the release CLI: cargo build --release first."""
import json, subprocess, sys
path = 'tests/fixtures/links-v1.json'
doc = json.load(open(path))
for case in doc['links']:
    out = subprocess.run(['target/release/llm-footprint', 'estimate', '--url', case['link']],
                         capture_output=True, text=True, check=True).stdout
    r = json.loads(out)
    case['total_co2e_kg'] = r['total']['co2e_kg']
    case['total_energy_kwh'] = r['total']['energy_kwh']
    case['energy_per_query_wh'] = r['inference']['energy_per_query_wh']
    case['p50_co2e_kg'] = r['ranges']['total_co2e_kg']['p50']
    case['data_version'] = r['data_version']
    print(case['link'][:60], round(case['total_co2e_kg']), file=sys.stderr)
open(path, 'w').write(json.dumps(doc, indent=1, ensure_ascii=False) + '\n')
