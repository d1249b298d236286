/* Search with Pagefind, in the browser, on the site's own files (works
   offline and under a sub-path: the bundle's path comes from the page).
   The index holds each article as overlapping character pairs (see
   newsgen/search.py); a query is cut the same way, so any piece of an
   article's text finds it. Results are built with DOM methods, never
   from HTML strings. */
(function () {
  "use strict";
  var form = document.querySelector(".search-form");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var bundle = form.getAttribute("data-bundle");
  var PAGE_SIZE = 10;
  // The same classes as TOKEN in newsgen/search.py.
  var TOKEN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9a-z]+/g;
  var HAN = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  var pagefind = null;
  var results = [];
  var shown = 0;
  var latest = 0;
  var more = null;

  function terms(query) {
    var out = [];
    var text = query.normalize("NFKC").toLowerCase();
    var match;
    TOKEN.lastIndex = 0;
    while ((match = TOKEN.exec(text)) !== null) {
      var run = match[0];
      if (HAN.test(run) && run.length > 1) {
        for (var i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
      } else {
        out.push(run);
      }
    }
    return out.join(" ");
  }

  function load() {
    if (!pagefind) {
      // Results are stored with the site's path: no base URL to add.
      pagefind = import(bundle + "pagefind.js").then(function (pf) {
        return pf.options({ baseUrl: "/" }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  function say(text) { status.textContent = text; }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function showResult(data) {
    var meta = data.meta || {};
    var item = element("li", "search-result");
    var heading = element("h2", "search-result__title");
    var link = element("a", "", meta.title || data.url);
    link.href = data.url;
    heading.appendChild(link);
    item.appendChild(heading);
    var where = [meta.date, meta.page].filter(Boolean).join(" · ");
    if (where) item.appendChild(element("p", "search-result__meta", where));
    if (meta.summary) item.appendChild(element("p", "search-result__summary", meta.summary));
    list.appendChild(item);
  }

  function showMore(search) {
    var batch = results.slice(shown, shown + PAGE_SIZE);
    shown += batch.length;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (items) {
      if (search !== latest) return;
      items.forEach(showResult);
      if (more) { more.remove(); more = null; }
      if (shown < results.length) {
        more = element("button", "search-more", "显示更多结果（还有 " + (results.length - shown) + " 篇）");
        more.type = "button";
        more.addEventListener("click", function () { showMore(search); });
        list.after(more);
      }
    });
  }

  function run(query) {
    var search = ++latest;
    list.textContent = "";
    if (more) { more.remove(); more = null; }
    var wanted = terms(query);
    if (!wanted) { say(query.trim() ? "请输入中文词语、英文单词或数字。" : ""); return Promise.resolve(); }
    say("正在搜索…");
    return load().then(function (pf) { return pf.search(wanted); }).then(function (found) {
      if (search !== latest) return;
      results = found.results;
      shown = 0;
      return showMore(search).then(function () {
        if (search !== latest) return;
        // Said once the results are on the page, so that a screen reader
        // hears the count when there is something to read.
        say(results.length ? "找到 " + results.length + " 篇与“" + query.trim() + "”有关的文章。"
                           : "没有找到与“" + query.trim() + "”有关的文章。");
      });
    }).catch(function () {
      say("搜索暂时不可用：搜索索引没有加载成功。");
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url);
    run(input.value);
  });

  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
