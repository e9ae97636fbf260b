/* accordant playbook search: filters the index built with the site
   (assets/search-index.js). No network, no dependency; works from file://. */
(function () {
  "use strict";
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  if (!input || !list) return;
  var root = document.body.getAttribute("data-root") || "";
  var waiting = null;
  var active = -1;

  // Loads the index once; callbacks that arrive meanwhile run when it is there.
  function load(then) {
    if (window.accordantSearch) { then(); return; }
    if (waiting) { waiting.push(then); return; }
    waiting = [then];
    var s = document.createElement("script");
    s.src = root + "assets/search-index.js";
    s.onload = function () {
      var run = waiting || [];
      waiting = null;
      run.forEach(function (f) { f(); });
    };
    s.onerror = function () { waiting = null; };
    document.head.appendChild(s);
  }

  function norm(s) {
    return (s || "").toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }

  function search(q) {
    var words = norm(q).split(/\s+/).filter(Boolean);
    if (!words.length) return [];
    var out = [];
    var index = window.accordantSearch || [];
    for (var i = 0; i < index.length && out.length < 200; i++) {
      var e = index[i];
      var title = norm(e.title);
      var hay = title + " " + norm(e.text) + " " + norm(e.kind);
      var ok = true, score = 0;
      for (var w = 0; w < words.length; w++) {
        var at = hay.indexOf(words[w]);
        if (at < 0) { ok = false; break; }
        if (title.indexOf(words[w]) >= 0) score += title.indexOf(words[w]) === 0 ? 3 : 2;
      }
      if (ok) out.push({ e: e, score: score });
    }
    out.sort(function (a, b) { return b.score - a.score; });
    return out.slice(0, 20).map(function (x) { return x.e; });
  }

  function render() {
    var results = search(input.value);
    list.textContent = "";
    active = -1;
    if (!input.value.trim()) { list.hidden = true; return; }
    if (!results.length) {
      var none = document.createElement("li");
      none.className = "none";
      none.textContent = "Nothing found for \u201c" + input.value.trim() + "\u201d";
      list.appendChild(none);
    }
    results.forEach(function (e, i) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.id = "search-result-" + i;
      var a = document.createElement("a");
      a.href = root + e.url;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = e.kind;
      var title = document.createElement("span");
      title.className = "title";
      title.textContent = e.title;
      a.appendChild(kind);
      a.appendChild(title);
      if (e.text) {
        var text = document.createElement("span");
        text.className = "text";
        text.textContent = e.text;
        a.appendChild(text);
      }
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = false;
  }

  function move(step) {
    var items = list.querySelectorAll("li[role=option]");
    if (!items.length) return;
    if (active >= 0) items[active].classList.remove("active");
    active = (active + step + items.length) % items.length;
    items[active].classList.add("active");
    input.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }

  input.addEventListener("focus", function () { load(function () {}); });
  input.addEventListener("input", function () { load(render); });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown") { move(1); ev.preventDefault(); }
    else if (ev.key === "ArrowUp") { move(-1); ev.preventDefault(); }
    else if (ev.key === "Escape") { input.value = ""; render(); }
    else if (ev.key === "Enter") {
      var items = list.querySelectorAll("li[role=option] a");
      var pick = items[active >= 0 ? active : 0];
      if (pick) { window.location.href = pick.href; ev.preventDefault(); }
    }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "/" && document.activeElement !== input &&
        !/^(INPUT|TEXTAREA|SELECT)$/.test((document.activeElement || {}).tagName || "")) {
      input.focus();
      ev.preventDefault();
    }
  });
  document.addEventListener("click", function (ev) {
    if (!list.contains(ev.target) && ev.target !== input) list.hidden = true;
  });
})();
