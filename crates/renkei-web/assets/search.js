// Results as the person types: the search form works without this; with it, the results
// region is fetched again (the same page, results only) a moment after each keystroke.
(function () {
  var form = document.getElementById("search-form");
  var region = document.getElementById("search-results");
  if (!form || !region || !window.fetch) return;
  var timer = null;
  var last = "";
  function refresh() {
    var params = new URLSearchParams(new FormData(form));
    params.set("partial", "1");
    var query = params.toString();
    if (query === last) return;
    last = query;
    fetch(form.action + "?" + query, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null && query === last) region.innerHTML = html; });
  }
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 200);
  });
})();
