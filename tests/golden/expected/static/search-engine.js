/* The search engine: exact substring search over the index that
   newsgen/search/ngram.py writes (its text and segment.py's say the
   format). Pure: it fetches through the `load` it is given (a path under
   the index folder -> Promise of bytes) and inflates through `inflate`
   (raw DEFLATE -> Promise of bytes), so that the tests run this very file
   in Node. An answer is exact: a term of one or two characters is a list
   of articles; one of three or more the articles where its covering
   3-grams stand at the right distances from one place. */
(function (root) {
  "use strict";
  // The same class as WHITE in ngram.py.
  var WS = /[\x00\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/;

  function fold(text) { return text.normalize("NFKC").toLowerCase(); }

  function termsOf(query) { return fold(query).split(WS).filter(Boolean); }

  function points(term) { var out = []; for (var ch of term) out.push(ch.codePointAt(0)); return out; }

  function shardOf(cps, shards) {
    var h = 2166136261;
    for (var i = 0; i < 3; i++) { h = Math.imul((h ^ (cps[i] || 0)) >>> 0, 16777619) >>> 0; }
    h = (h ^ (h >>> 15)) >>> 0;
    h = Math.imul(h, 0x2c1b3c6d) >>> 0;
    h = (h ^ (h >>> 12)) >>> 0;
    return h & (shards - 1);
  }

  function hex4(n) { return ("000" + n.toString(16)).slice(-4); }

  // `tiers`, when given: the tiers as the search page says meta.json has them
  // (name, shards, placeShards), so that a query's files are asked for at once.
  // Only asked for: every answer is worked out with meta.json's own.
  function Engine(load, inflate, tiers) {
    this.load = load;
    this.inflate = inflate;
    this.hintTiers = Array.isArray(tiers) ? tiers : null;
    this.shards = new Map();   // shard file -> Promise of [{month, raw}]
    this.groups = new Map();   // "month/n" -> Promise of rows
    this.ready = null;
  }

  // meta.json (shard counts, blocks): enough to know which files a term is in.
  Engine.prototype.openMeta = function () {
    var self = this;
    if (!this.metaReady) {
      this.metaReady = this.load("meta.json").then(function (bytes) {
        var meta = JSON.parse(new TextDecoder().decode(bytes)), n = 0;
        self.meta = meta;
        self.base = new Map();     // month -> [first global number, count]
        self.months = [];          // block index -> month
        meta.blocks.forEach(function (block) { self.base.set(block[0], [n, block[1]]); self.months.push(block[0]); n += block[1]; });
        self.count = n;
        return meta;
      });
    }
    return this.metaReady;
  };

  Engine.prototype.open = function () {
    var self = this;
    if (!this.ready) {
      var docs = this.load("docs.bin").then(function (b) { return self.inflate(b); });
      this.ready = Promise.all([this.openMeta(), docs]).then(function (parts) {
        var docs = parts[1], n = self.count;
        var view = new DataView(docs.buffer, docs.byteOffset, docs.byteLength);
        self.day = new Uint16Array(n); self.pageName = new Uint16Array(n);
        self.titleLength = new Uint16Array(n); self.page = new Uint8Array(n);
        for (var i = 0; i < n; i++) {
          self.day[i] = view.getUint16(2 * i, true);
          self.pageName[i] = view.getUint16(2 * n + 2 * i, true);
          self.titleLength[i] = view.getUint16(4 * n + 2 * i, true);
          self.page[i] = docs[6 * n + i];
        }
        return self;
      });
    }
    return this.ready;
  };

  // The offsets of the 3-grams that cover a term of three characters or more: 0, 3, 6 ... and len - 3.
  function covering(length) {
    var offsets = [];
    for (var o = 0; o + 3 < length; o += 3) offsets.push(o);
    offsets.push(length - 3);
    return offsets;
  }

  // Ask for the shard files a term needs (they are kept: term() finds them fetched or on the way),
  // by meta.json's tiers or by those given (``hintTiers``).
  Engine.prototype.prefetch = function (term, tiers) {
    var self = this, cps = points(term);
    if (cps.length <= 2) { this.tierFiles("s", "shards", cps, tiers); return; }
    covering(cps.length).forEach(function (o) { self.tierFiles("g", "placeShards", cps.slice(o, o + 3), tiers); });
  };

  // A shard file's segments, [{month, raw}]; folder "s<tier>" (lists) or "g<tier>" (places).
  Engine.prototype.shard = function (folder, number) {
    var self = this, name = folder + "/" + hex4(number) + ".bin";
    if (!this.shards.has(name)) {
      this.shards.set(name, this.load(name).then(function (bytes) {
        if (!bytes) return [];
        // Its segments' DEFLATE laid end to end is one stream: inflated once, then cut.
        var view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        var count = view.getUint32(0, true);
        return self.inflate(bytes.subarray(4 + 12 * count)).then(function (raw) {
          var parts = [], at = 0;
          for (var i = 0; i < count; i++) {
            var length = view.getUint32(12 + 12 * i, true);
            parts.push({ month: view.getUint32(4 + 12 * i, true), raw: raw.subarray(at, at + length) });
            at += length;
          }
          return parts;
        });
      }));
    }
    return this.shards.get(name);
  };

  // The segments of a term's shard files, one in each tier (the archive's, then the newest
  // month's: months ascending), of lists (one or two characters) or of places (a 3-gram).
  Engine.prototype.tierFiles = function (kind, count, cps, tiers) {
    var self = this;
    return Promise.all((tiers || this.meta.tiers).map(function (tier) { return self.shard(kind + tier.name, shardOf(cps, tier[count])); }))
      .then(function (parts) { return [].concat.apply([], parts); });
  };
  Engine.prototype.listFile = function (cps) { return this.tierFiles("s", "shards", cps); };
  Engine.prototype.placeFile = function (cps) { return this.tierFiles("g", "placeShards", cps); };

  // The articles (global numbers, ascending) of a term of one or two characters: [body, title].
  Engine.prototype.list = function (cps) {
    var self = this;
    return this.listFile(cps).then(function (segments) {
      var body = [], title = [];
      segments.forEach(function (seg) {
        var base = self.base.get(seg.month)[0];
        [0, 1].forEach(function (flag) {
          var range = find(seg.raw, cps, flag);
          if (!range) return;
          var raw = seg.raw, last = -1;
          for (var i = range[0]; i < range[1];) {
            var gap = raw[i];
            if (gap === 0) { gap = raw[i + 1] | (raw[i + 2] << 8); i += 3; } else { i += 1; }
            last += gap;
            (flag ? title : body).push(base + last);
          }
        });
      });
      return [body, title];
    });
  };

  // Where a 3-gram stands: its articles (global numbers, ascending) and, for
  // the n-th of them, its places (ascending) at[from[n]] ... at[from[n + 1] - 1].
  // Flat arrays, not an array per article: a common 3-gram is in most articles.
  Engine.prototype.places = function (cps) {
    var self = this;
    return this.placeFile(cps).then(function (segments) {
      var docs = [], from = [0], at = [];
      segments.forEach(function (seg) {
        var range = find(seg.raw, cps, 0);
        if (!range) return;
        var raw = seg.raw, i = range[0], base = self.base.get(seg.month)[0], doc = -1;
        function next() {
          var value = 0, scale = 1, byte;
          do { byte = raw[i++]; value += (byte & 0x7f) * scale; scale *= 128; } while (byte & 0x80);
          return value;
        }
        while (i < range[1]) {
          var head = next();  // the article's gap times two, plus one when the term stands there more than once
          doc += Math.floor(head / 2);
          var count = head % 2 ? next() : 1, place = -1;
          for (var k = 0; k < count; k++) { place += next(); at.push(place); }
          docs.push(base + doc);
          from.push(at.length);
        }
      });
      return { docs: docs, from: from, at: at };
    });
  };

  // The [start, end) of a term's data in a segment, or null.
  function find(raw, cps, flag) {
    var view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    var n = view.getUint32(0, true);
    var want = [((cps[0] || 0) | (flag ? 0x80000000 : 0)) >>> 0, cps[1] || 0, cps[2] || 0];
    var lo = 0, hi = n - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1, cmp = 0;
      for (var k = 0; k < 3 && cmp === 0; k++) cmp = view.getUint32(4 + 12 * mid + 4 * k, true) - want[k];
      if (cmp === 0) {
        var ends = 4 + 12 * n, data = ends + 4 * n;
        var start = mid ? view.getUint32(ends + 4 * (mid - 1), true) : 0;
        return [data + start, data + view.getUint32(ends + 4 * mid, true)];
      }
      if (cmp < 0) lo = mid + 1; else hi = mid - 1;
    }
    return null;
  }

  // Whether sorted[lo] ... sorted[hi - 1] holds value.
  function has(sorted, lo, hi, value) {
    hi--;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] === value) return true;
      if (sorted[mid] < value) lo = mid + 1; else hi = mid - 1;
    }
    return false;
  }

  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; } else if (a[i] < b[j]) i++; else j++;
    }
    return out;
  }

  // An article's [url, title, date, page label, page name, text], by global number.
  Engine.prototype.doc = function (number) {
    var self = this, month = this.months[0], local = number;
    for (var b = 0; b < this.months.length; b++) {
      var entry = this.base.get(this.months[b]);
      if (number < entry[0] + entry[1]) { month = this.months[b]; local = number - entry[0]; break; }
    }
    var name = month + "/" + Math.floor(local / this.meta.group);
    if (!this.groups.has(name)) {
      this.groups.set(name, this.load("t/" + name + ".bin").then(function (b) { return self.inflate(b); })
        .then(function (raw) { return JSON.parse(new TextDecoder().decode(raw)); }));
    }
    return this.groups.get(name).then(function (rows) { return rows[local % self.meta.group]; });
  };

  // One term: [articles whose text holds it, those whose title does].
  Engine.prototype.term = function (term, within) {
    var self = this, cps = points(term), length = cps.length;
    if (length <= 2) return this.list(cps);
    var offsets = covering(length);
    return Promise.all(offsets.map(function (o) { return self.places(cps.slice(o, o + 3)); })).then(function (grams) {
      var body = [], title = [], first = grams[0], w = 0, next = grams.map(function () { return 0; });
      // The articles of the first 3-gram, walked with the others' (all ascending) and ``within``.
      for (var n = 0; n < first.docs.length; n++) {
        var doc = first.docs[n], all = true;
        if (within) {
          while (w < within.length && within[w] < doc) w++;
          if (within[w] !== doc) continue;
        }
        for (var k = 1; k < grams.length && all; k++) {
          var docs = grams[k].docs, c = next[k];
          while (c < docs.length && docs[c] < doc) c++;
          next[k] = c;
          all = docs[c] === doc;
        }
        if (!all) continue;
        // A place of the first 3-gram where each other one stands at its offset.
        var found = false, inTitle = false;
        for (var s = first.from[n]; s < first.from[n + 1] && !inTitle; s++) {
          var at = first.at[s], there = true;
          for (var k2 = 1; k2 < grams.length && there; k2++) {
            var g = grams[k2], c2 = next[k2];
            there = has(g.at, g.from[c2], g.from[c2 + 1], at + offsets[k2]);
          }
          if (there) { found = true; inTitle = at + length <= self.titleLength[doc]; }
        }
        if (found) body.push(doc);
        if (inTitle) title.push(doc);
      }
      return [body, title];
    });
  };

  // A query: {terms, hits (ascending global numbers), title: Map number -> terms in its title}.
  Engine.prototype.search = function (query) {
    var self = this, terms = termsOf(query);
    // Short terms first: their lists are exact and narrow what long ones must check.
    var order = terms.map(function (t, i) { return [points(t).length > 3 ? 1 : 0, i]; }).sort().map(function (p) { return terms[p[1]]; });
    // The index files are asked for at once by the search page's tiers, and as soon as meta.json
    // says which (the same ones, unless the page is older than the index), while docs.bin is on its way.
    if (this.hintTiers && !this.meta) order.forEach(function (t) { self.prefetch(t, self.hintTiers); });
    this.openMeta().then(function () { order.forEach(function (t) { self.prefetch(t); }); }, function () {});
    return this.open().then(function () {
      var hits = null, title = new Map();
      return order.reduce(function (chain, term) {
        return chain.then(function () {
          if (hits && !hits.length) return;
          return self.term(term, hits).then(function (found) {
            hits = hits ? intersect(hits, found[0]) : found[0];
            found[1].forEach(function (n) { title.set(n, (title.get(n) || 0) + 1); });
          });
        });
      }, Promise.resolve()).then(function () { return { terms: terms, hits: terms.length ? hits : [], title: title }; });
    });
  };

  Engine.prototype.yearOf = function (day) { return new Date(day * 86400000).getUTCFullYear(); };
  Engine.prototype.year = function (number) { return this.yearOf(this.day[number]); };

  var api = { Engine: Engine, fold: fold, termsOf: termsOf, shardOf: shardOf, points: points };
  if (typeof module === "object" && module.exports) module.exports = api; else root.NewsgenSearch = api;
})(this);
