// Bytes a reader's browser fetches for a run of queries on one page visit:
// the search engine (themes/default/static/search-engine.js) run in Node
// on a built site's index folder, with every file it loads counted (each
// once, as the browser's memory cache would). Reads a JSON list of queries
// on stdin; prints, per query, its hits, the files and bytes it fetched.
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");
const S = require(path.join(__dirname, "..", "themes", "default", "static", "search-engine.js"));

const folder = process.argv[2];
let files = 0, bytes = 0;
const load = (name) => fs.promises.readFile(path.join(folder, name)).then((b) => { files++; bytes += b.length; return new Uint8Array(b); }, () => null);
const inflate = (data) => Promise.resolve(new Uint8Array(zlib.inflateRawSync(data)));

async function main() {
  const queries = JSON.parse(fs.readFileSync(0, "utf8"));
  const engine = new S.Engine(load, inflate);
  const out = [];
  for (const query of queries) {
    files = 0; bytes = 0;
    const started = process.hrtime.bigint();
    const result = await engine.search(query);
    for (const n of result.hits.slice(-10)) await engine.doc(n);  // the first page of hits (newest last)
    out.push({ query, hits: result.hits.length, files, bytes, ms: Number(process.hrtime.bigint() - started) / 1e6 });
  }
  process.stdout.write(JSON.stringify(out));
}
main().catch((e) => { console.error(e); process.exit(1); });
