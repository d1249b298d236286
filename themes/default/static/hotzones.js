/* Page scans: when a reader points at or focuses an article, in the list
   or on the scan, light up both. The zones are plain links and highlight
   on :hover and :focus-visible without this script. */
(function () {
  "use strict";
  var view = document.querySelector(".pageview");
  if (!view) return;
  // A zone and the article's links in the list share their href.
  function mark(href, on) {
    var links = view.querySelectorAll("a[href]");
    for (var i = 0; i < links.length; i++) {
      if (links[i].getAttribute("href") === href) links[i].classList.toggle("is-active", on);
    }
  }
  function handler(on) {
    return function (event) {
      var link = event.target.closest && event.target.closest("a[href]");
      if (link && view.contains(link)) mark(link.getAttribute("href"), on);
    };
  }
  view.addEventListener("mouseover", handler(true));
  view.addEventListener("mouseout", handler(false));
  view.addEventListener("focusin", handler(true));
  view.addEventListener("focusout", handler(false));
})();
