// Fihris: what JavaScript adds to pages that work without it. Tags searched as you type (the
// server's /api/tags, normalized: ارم finds أرمينيا), and the search page updated in place when a
// facet, date or sort changes, with the URL (and so the back button) kept in step.
"use strict";
(function () {
  const form = document.getElementById("search");
  if (!form) return;

  // The search as a URL: the form's fields (the sidebar's included, by their form attribute),
  // empty ones left out so shared links stay short.
  function urlOf() {
    const params = new URLSearchParams();
    for (const [k, v] of new FormData(form)) {
      if (typeof v === "string" && v.trim() !== "" && !(k === "sort" && v === "relevance")) {
        params.append(k, v);
      }
    }
    const query = params.toString();
    return query ? "/?" + query : "/";
  }

  let pending = null;
  async function show(url, push) {
    const focused = document.activeElement;
    const focusKey = focused && focused.name ? [focused.name, focused.value, focused.id] : null;
    if (pending) pending.abort();
    pending = new AbortController();
    let html;
    try {
      const response = await fetch(url, { signal: pending.signal, headers: { Accept: "text/html" } });
      if (!response.ok) throw new Error(String(response.status));
      html = await response.text();
    } catch (e) {
      if (e.name === "AbortError") return;
      location.href = url; // let the browser show whatever the server says
      return;
    }
    const next = new DOMParser().parseFromString(html, "text/html");
    const page = next.getElementById("page");
    if (!page) { location.href = url; return; }
    document.getElementById("page").replaceWith(page);
    document.title = next.title;
    const q = next.getElementById("q");
    if (q) document.getElementById("q").value = q.value;
    if (push) history.pushState({ fihris: true }, "", url);
    if (focusKey) {
      const [name, value, id] = focusKey;
      const again = (id && document.getElementById(id)) ||
        [...document.querySelectorAll("[name]")].find((el) => el.name === name && el.value === value);
      if (again) again.focus();
    }
    wire();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    show(urlOf(), true);
  });

  window.addEventListener("popstate", () => show(location.pathname + location.search, false));

  function wire() {
    const page = document.getElementById("page");
    page.addEventListener("change", (event) => {
      const el = event.target;
      if (el.id === "tag-search") return; // typed tags wait for Enter or a suggestion
      if (el.getAttribute("form") === "search") show(urlOf(), true);
    });
    page.addEventListener("click", (event) => {
      const link = event.target.closest("a[href]");
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const href = link.getAttribute("href");
      if (href === "/" || href.startsWith("/?")) {
        event.preventDefault();
        show(href, true);
      }
    });
    const box = document.getElementById("tag-search");
    const list = document.getElementById("tag-suggestions");
    if (!box || !list) return;
    let timer = null;
    box.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => suggest(box, list), 120);
    });
    box.addEventListener("keydown", (event) => {
      if (event.key === "Enter") { event.preventDefault(); show(urlOf(), true); }
    });
  }

  let asked = 0;
  async function suggest(box, list) {
    const prefix = box.value.trim();
    const mine = ++asked;
    list.replaceChildren();
    if (!prefix) return;
    let tags = [];
    try {
      const response = await fetch("/api/tags?limit=8&prefix=" + encodeURIComponent(prefix));
      if (response.ok) tags = (await response.json()).tags;
    } catch (e) { return; }
    if (mine !== asked) return; // a newer keystroke has its own answer
    for (const tag of tags) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      const name = document.createElement("bdi");
      name.textContent = tag.tag;
      button.append(name, " (" + tag.count + ")");
      button.addEventListener("click", () => {
        box.value = tag.tag;
        show(urlOf(), true);
      });
      item.append(button);
      list.append(item);
    }
  }

  wire();
})();
