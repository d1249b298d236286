// Runs the browser's search engine (themes/default/static/search-engine.js)
// in Node on an index folder (and the tiers a search page gives it, as JSON,
// if any): reads a JSON list of queries on stdin, prints for each the hits
// (article URLs, ascending) and the title hits.
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");
const S = require(path.join(__dirname, "..", "themes", "default", "static", "search-engine.js"));

const folder = process.argv[2];
const tiers = process.argv[3] ? JSON.parse(process.argv[3]) : undefined;  // the search page's hint, if any
const load = (name) => fs.promises.readFile(path.join(folder, name)).then((b) => new Uint8Array(b), () => null);
const inflate = (bytes) => Promise.resolve(new Uint8Array(zlib.inflateRawSync(bytes)));

async function main() {
  const queries = JSON.parse(fs.readFileSync(0, "utf8"));
  const engine = new S.Engine(load, inflate, tiers);
  const out = [];
  for (const query of queries) {
    const result = await engine.search(query);
    const urls = [];
    for (const n of result.hits) urls.push((await engine.doc(n))[0]);
    const titled = [];
    for (const n of result.hits) if ((result.title.get(n) || 0) === result.terms.length) titled.push((await engine.doc(n))[0]);
    out.push({ hits: urls, title: titled });
  }
  process.stdout.write(JSON.stringify(out));
}
main().catch((e) => { console.error(e); process.exit(1); });
