/* The search page: reads the form (and ?q=, shared as a link), asks the
   engine (search-engine.js) and shows the hits, newest first or title
   hits first, ten at a time, each with its date, page and a snippet with
   the terms marked. Everything is built with DOM methods, never from HTML
   strings; the index is fetched from this site only. */
(function () {
  "use strict";
  var form = document.querySelector(".search-form");
  if (!form || !window.NewsgenSearch) return;
  var S = window.NewsgenSearch;
  var input = form.querySelector("input[name=q]");
  var sort = form.querySelector("select[name=sort]");
  var year = form.querySelector("select[name=year]");
  var pageName = form.querySelector("select[name=page]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var folder = form.getAttribute("data-index");
  var PAGE_SIZE = 10, CONTEXT = 40;
  var latest = 0, more = null, last = null;

  // A few index files at a time: a long term can want the texts of
  // thousands of articles, and a browser fails thousands of fetches made
  // at once (net::ERR_INSUFFICIENT_RESOURCES).
  var FETCHES = 16, fetching = 0, waiting = [];

  function queued(task) {
    return new Promise(function (resolve, reject) {
      waiting.push(function () {
        fetching++;
        task().then(resolve, reject).finally(function () {
          fetching--;
          if (waiting.length) waiting.shift()();
        });
      });
      if (fetching < FETCHES) waiting.shift()();
    });
  }

  function load(path) {
    return queued(function () {
      return fetch(folder + path, { cache: "no-cache" }).then(function (response) {
        if (response.status === 404) return null;
        if (!response.ok) throw new Error(response.status + " " + path);
        return response.arrayBuffer().then(function (b) { return new Uint8Array(b); });
      });
    });
  }

  function inflate(bytes) {
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }

  var tiers = null;   // the index's tiers as this page was built with them (a hint: see Engine)
  try { tiers = JSON.parse(form.getAttribute("data-tiers") || "null"); } catch (e) { tiers = null; }
  var engine = new S.Engine(load, inflate, tiers);

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function option(select, value, text, chosen) {
    var node = element("option", "", text);
    node.value = value;
    select.appendChild(node);
    if (value === chosen) select.value = value;
  }

  function fillFilters(params) {
    if (year.options.length > 1) return;
    var days = new Set(engine.day), years = new Set();   // a few thousand days, not every article's date
    days.forEach(function (day) { years.add(engine.yearOf(day)); });
    Array.from(years).sort(function (a, b) { return b - a; }).forEach(function (y) { option(year, String(y), y + "年", params.get("year")); });
    engine.meta.pages.forEach(function (name) { option(pageName, name, name, params.get("page")); });
  }

  // Characters that folding leaves as they are: most of a Chinese text
  // (folding each of them alone would be most of the time to show hits).
  var PLAIN = /^[\u4e00-\u9fff\u3001-\u3002\u201c\u201d\u2018\u2019\u300a-\u300f\u2014a-z0-9 \n.,;:!?'"()-]$/;

  // The text folded for matching, with where each folded character came from.
  function folded(text) {
    var out = "", from = [], at = 0;
    for (var ch of text) {
      var f = PLAIN.test(ch) ? ch : S.fold(ch);
      for (var k = 0; k < f.length; k++) from.push(at);
      out += f;
      at += ch.length;
    }
    from.push(at);
    return out === S.fold(text) ? { text: out, from: from } : null;
  }

  // Text with every occurrence of the terms wrapped in <mark>.
  function marked(node, text, terms) {
    var map = folded(text), shown = map ? text : S.fold(text), low = map ? map.text : shown, spans = [];
    terms.forEach(function (term) {
      for (var i = low.indexOf(term); i >= 0; i = low.indexOf(term, i + 1)) {
        spans.push(map ? [map.from[i], map.from[i + term.length]] : [i, i + term.length]);
      }
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var at = 0;
    spans.forEach(function (s) {
      if (s[0] < at) return;
      node.appendChild(document.createTextNode(shown.slice(at, s[0])));
      node.appendChild(element("mark", "", shown.slice(s[0], s[1])));
      at = s[1];
    });
    node.appendChild(document.createTextNode(shown.slice(at)));
    return node;
  }

  function snippet(text, terms) {
    var body = text.slice(text.indexOf("\n") + 1).replace(/\s+/g, " ");
    var low = S.fold(body), first = -1;
    terms.forEach(function (t) { var i = low.indexOf(t); if (i >= 0 && (first < 0 || i < first)) first = i; });
    var map = folded(body);
    var start = Math.max(0, (first < 0 ? 0 : map ? map.from[first] : first) - CONTEXT);
    var end = start + 3 * CONTEXT;
    // Not through a character beyond the BMP (a rare one, as in names: two UTF-16 units).
    if (start > 0 && secondHalf(body, start)) start--;
    if (secondHalf(body, end)) end++;
    var piece = body.slice(start, end);
    return (start > 0 ? "…" : "") + piece + (start + piece.length < body.length ? "…" : "");
  }

  function secondHalf(text, i) {
    var unit = text.charCodeAt(i);
    return unit >= 0xdc00 && unit <= 0xdfff;
  }

  function showHit(row, terms) {
    var item = element("li", "search-result");
    var heading = element("h2", "search-result__title");
    var link = element("a");
    link.href = row[0];
    heading.appendChild(marked(link, row[1], terms));
    item.appendChild(heading);
    var date = element("time", "", row[2]);
    date.dateTime = row[2];
    var where = element("p", "search-result__meta");
    where.appendChild(date);
    where.appendChild(document.createTextNode(" · " + row[3] + " " + row[4]));
    item.appendChild(where);
    item.appendChild(marked(element("p", "search-result__summary"), snippet(row[5], terms), terms));
    list.appendChild(item);
    return link;
  }

  function say(parts) {
    status.textContent = "";
    parts.forEach(function (part) { status.appendChild(typeof part === "string" ? document.createTextNode(part) : part); });
  }

  function showMore(search, hits, shown, terms, focus) {
    var batch = hits.slice(shown, shown + PAGE_SIZE);
    return Promise.all(batch.map(function (n) { return engine.doc(n); })).then(function (rows) {
      if (search !== latest) return;
      var links = rows.map(function (row) { return showHit(row, terms); });
      if (more) { more.remove(); more = null; }
      shown += batch.length;
      if (shown < hits.length) {
        more = element("button", "search-more", "更多结果（还有 " + (hits.length - shown) + " 篇）");
        more.type = "button";
        more.addEventListener("click", function () {
          var button = this;
          button.disabled = true;   // once: a second click before the hits come would show them twice
          showMore(search, hits, shown, terms, true).catch(function () { button.disabled = false; });
        });
        list.after(more);
      }
      if (focus && links.length) links[0].focus();
    });
  }

  function ordered(result) {
    var want = { year: year.value, page: pageName.value };
    var names = engine.meta.pages;
    var hits = result.hits.filter(function (n) {
      return (!want.year || String(engine.year(n)) === want.year) && (!want.page || names[engine.pageName[n]] === want.page);
    });
    var byTitle = sort.value === "title";   // read once: a control's value is slow to read thousands of times
    return hits.sort(function (a, b) {
      if (byTitle) {
        var score = (result.title.get(b) || 0) - (result.title.get(a) || 0);
        if (score) return score;
      }
      return engine.day[b] - engine.day[a] || a - b;   // newest edition first, each in print order
    });
  }

  function run(query) {
    var search = ++latest;
    list.textContent = "";
    if (more) { more.remove(); more = null; }
    var terms = S.termsOf(query);
    if (!terms.length) { say([]); return Promise.resolve(); }
    say(["正在搜索…"]);
    return engine.search(query).then(function (result) {
      if (search !== latest) return;
      fillFilters(new URLSearchParams(window.location.search));
      last = result;
      var hits = ordered(result);
      return showMore(search, hits, 0, terms, false).then(function () {
        if (search !== latest) return;
        var count = element("span", "", String(hits.length));
        count.id = "search-count";
        count.setAttribute("data-count", String(hits.length));
        // Said once the hits are on the page, so that a screen reader hears the count with them.
        say(hits.length ? ["找到 ", count, " 篇含有“" + terms.join(" ") + "”的文章。"]
                        : ["没有找到含有“" + terms.join(" ") + "”的文章（", count, " 篇）。"]);
      });
    }).catch(function () {
      if (search === latest) say(["搜索暂时不可用：搜索索引没有加载成功。"]);
    });
  }

  function submit() {
    var url = new URL(window.location.href);
    [["q", input.value], ["sort", sort.value], ["year", year.value], ["page", pageName.value]].forEach(function (p) {
      if (p[1]) url.searchParams.set(p[0], p[1]); else url.searchParams.delete(p[0]);
    });
    window.history.replaceState(null, "", url);
    return run(input.value);
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); submit(); });
  [sort, year, pageName].forEach(function (select) {
    select.addEventListener("change", function () { if (input.value.trim()) submit(); });
  });

  var params = new URLSearchParams(window.location.search);
  if (params.get("sort") === "title") sort.value = "title";
  engine.open().then(function () { fillFilters(params); }).catch(function () {});
  if (params.get("q")) {
    input.value = params.get("q");
    run(input.value);   // at once: the engine fetches the query's index files while it opens the rest
  }
})();
