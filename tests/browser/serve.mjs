// A tiny static file server for the built site (dist/), for the browser tests and the page
// benchmark. It serves the files as a static host would: correct MIME types (application/wasm for
// streaming compilation), index.html for a directory, 404 for anything else, and nothing outside
// the root. Loopback only, on a free port.
//
//   import { serve } from './serve.mjs';
//   const server = await serve('dist');   // { origin: 'http://127.0.0.1:PORT', requests, close() }
//
// With { compress: true } it sends compressed what the browser accepts, as a static host serving
// precompressed files would: the .br or .gz file beside the asked one (tools/site.mjs writes
// them), else gzip -9 made on the fly.
//
// Run directly (`node tests/browser/serve.mjs [dir] [port]`) to look at a build by hand.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** Maps a request path to a file under root, or null when it would leave root. */
export function resolveUnder(root, urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return null; // malformed %-escape
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const file = resolve(root, '.' + (path.startsWith('/') ? path : '/' + path));
  return file === root || file.startsWith(root + sep) ? file : null;
}

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.wasm', '.css', '.svg', '.json', '.txt', '.map', '.webmanifest']);

/** The body to send for `file` and its content-encoding, given the request's accept-encoding. */
async function encoded(file, accept, memo) {
  const body = await readFile(file);
  if (!COMPRESSIBLE.has(extname(file).toLowerCase())) return { body };
  const accepts = (enc) => accept.split(',').some((a) => a.trim().split(';')[0] === enc);
  for (const [enc, ext] of [['br', '.br'], ['gzip', '.gz']]) {
    if (!accepts(enc)) continue;
    const pre = await readFile(file + ext).catch(() => null);
    if (pre) return { body: pre, encoding: enc };
  }
  if (!accepts('gzip')) return { body };
  if (!memo.has(file)) memo.set(file, gzipSync(body, { level: 9 }));
  return { body: memo.get(file), encoding: 'gzip' };
}

export async function serve(dir = 'dist', { port = 0, log = false, compress = false } = {}) {
  const root = resolve(dir);
  const requests = [];
  const memo = new Map();
  const server = createServer(async (req, res) => {
    requests.push(req.url);
    const reply = (status, body, headers = {}) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return reply(405, 'method not allowed\n', { allow: 'GET, HEAD' });
    }
    let file = resolveUnder(root, req.url ?? '/');
    if (!file) return reply(400, 'bad path\n');
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const { body, encoding } = compress
        ? await encoded(file, String(req.headers['accept-encoding'] ?? ''), memo)
        : { body: await readFile(file) };
      if (log) console.error(`200 ${req.url}`);
      reply(200, body, {
        'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': body.length,
        ...(encoding ? { 'content-encoding': encoding, vary: 'accept-encoding' } : {}),
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-cache',
      });
    } catch {
      if (log) console.error(`404 ${req.url}`);
      reply(404, 'not found\n');
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    requests,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir = 'dist', port = '8080'] = process.argv.slice(2);
  const { origin } = await serve(dir, { port: Number(port), log: true });
  console.error(`serving ${resolve(dir)} at ${origin}/`);
}
