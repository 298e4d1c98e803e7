#!/usr/bin/env node
// What each part of the page's wasm costs: the code bytes of every function, grouped by the
// module path of its (demangled-enough) name, for deciding what to split off (issue 14).
// Reads the wasm that cargo wrote before wasm-bindgen and wasm-opt (it still has its name
// section); the shipped file is smaller (wasm-opt -Oz), so read the shares, not the bytes.
//
//   node tools/wasm-parts.mjs [target/wasm32-unknown-unknown/release/llm-footprint-web.wasm] [depth]
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const file = process.argv[2] ?? 'target/wasm32-unknown-unknown/release/llm-footprint-web.wasm';
const depth = Number(process.argv[3] ?? 3);
const buf = readFileSync(file);

let pos = 8;
const u32 = () => {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = buf[pos++];
    result |= (b & 0x7f) << shift;
    if (!(b & 0x80)) return result >>> 0;
    shift += 7;
  }
};
const str = () => {
  const n = u32();
  const s = buf.toString('utf8', pos, pos + n);
  pos += n;
  return s;
};

let imported = 0;
const bodies = []; // [start, end] of each defined function's body
const names = new Map();
const sections = {};
while (pos < buf.length) {
  const id = buf[pos++];
  const size = u32();
  const start = pos;
  const end = pos + size;
  if (id === 2) {
    for (let n = u32(); n > 0; n--) {
      str();
      str();
      const kind = buf[pos++];
      if (kind === 0) {
        u32();
        imported++;
      } else if (kind === 1) {
        pos++;
        const flags = u32();
        u32();
        if (flags & 1) u32();
      } else if (kind === 2) {
        const flags = u32();
        u32();
        if (flags & 1) u32();
      } else if (kind === 3) pos += 2;
    }
  } else if (id === 10) {
    for (let n = u32(); n > 0; n--) {
      const len = u32();
      bodies.push([pos, pos + len]);
      pos += len;
    }
  } else if (id === 0) {
    const name = str();
    if (name === 'name') {
      while (pos < end) {
        const sub = buf[pos++];
        const len = u32();
        const subEnd = pos + len;
        if (sub === 1) for (let n = u32(); n > 0; n--) names.set(u32(), str());
        pos = subEnd;
      }
    }
  }
  sections[id] = (sections[id] ?? 0) + size;
  pos = end;
  void start;
}

/** The module path of a Rust symbol name, `depth` segments deep (generic arguments dropped). */
function group(name) {
  // v0 mangling (`_RNv...Cs<hash>_<len><crate>...`): the first crate named, then its idents.
  if (name.startsWith('_R')) {
    const idents = [...name.matchAll(/(?:Cs[0-9A-Za-z]+_|[NMXYIB][a-zA-Z]*?)(\d+)([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[2].slice(0, Number(m[1])));
    return idents.slice(0, depth).join('::') || '(unnamed)';
  }
  // Legacy mangling (`_ZN6tachys4view...17h<hash>E`): length-prefixed segments.
  let legacy = name;
  if (name.startsWith('_ZN')) {
    const parts = [];
    let i = 3;
    while (i < name.length && /\d/.test(name[i])) {
      let j = i;
      while (/\d/.test(name[j])) j++;
      const len = Number(name.slice(i, j));
      parts.push(name.slice(j, j + len));
      i = j + len;
    }
    legacy = parts.filter((p) => !/^h[0-9a-f]{16}$/.test(p)).join('::');
  }
  const n = legacy
    .replace(/\$LT\$/g, '<').replace(/\$GT\$/g, '>').replace(/\$u20\$/g, ' ').replace(/\$RF\$/g, '&')
    .replace(/\$C\$/g, ',').replace(/\$u7b\$|\$u7d\$/g, '').replace(/\$[A-Za-z0-9]+\$/g, '').replace(/\.\./g, '::');
  // `<impl Trait for Type>::f` and `<Type as Trait>::f`: the type's path is what it is about.
  const m = n.match(/^<(?:impl\s+.*?\s+for\s+)?&?(?:mut\s+)?([A-Za-z_][\w:]*)/);
  const path = m ? m[1] : n;
  const segs = path.split('::').filter((seg) => seg && /^[A-Za-z_]/.test(seg));
  return segs.slice(0, depth).join('::') || '(unnamed)';
}

const groups = new Map();
let total = 0;
bodies.forEach(([s, e], i) => {
  const name = names.get(imported + i) ?? '(unnamed)';
  const g = group(name);
  const entry = groups.get(g) ?? { bytes: 0, fns: 0, chunks: [] };
  entry.bytes += e - s;
  entry.fns += 1;
  entry.chunks.push(buf.subarray(s, e));
  groups.set(g, entry);
  total += e - s;
});
const data = sections[11] ?? 0;
console.log(`${file}: ${buf.length} B; code ${total} B in ${bodies.length} functions; data ${data} B`);
console.log('share  code B  gzip B  fns  group');
for (const [g, e] of [...groups].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 40)) {
  const gz = gzipSync(Buffer.concat(e.chunks), { level: 9 }).length;
  console.log(`${((100 * e.bytes) / total).toFixed(1).padStart(5)}% ${String(e.bytes).padStart(7)} ${String(gz).padStart(7)} ${String(e.fns).padStart(4)}  ${g}`);
}
