// deroule's attendee page: ticks the countdowns from the server's clock and fetches the page
// again when /events says the programme or the live state changed. The page is complete
// without this script; nothing here is fetched from anywhere but the page's own server.
"use strict";
(function () {
  var root = document.documentElement;
  var serverAt = 0, localAt = 0, speed = 1, offsetSeconds = 0, version = "";

  function readClock(doc) {
    var el = doc.documentElement;
    serverAt = Number(el.getAttribute("data-now")) || Date.now();
    speed = Number(el.getAttribute("data-speed"));
    if (!isFinite(speed)) speed = 1;
    offsetSeconds = Number(el.getAttribute("data-offset")) || 0;
    version = el.getAttribute("data-version") || version;
    localAt = Date.now();
  }

  // The server's "now", moved on by the time spent here (not at all when frozen).
  function now() { return serverAt + (Date.now() - localAt) * speed; }

  function two(n) { return (n < 10 ? "0" : "") + n; }

  function countdown(ms) {
    var s = Math.max(0, Math.ceil(ms / 1000));
    var d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600);
    var m = Math.floor(s % 3600 / 60), sec = s % 60;
    if (d > 0) return d + " d " + two(h) + ":" + two(m) + ":" + two(sec);
    if (h > 0) return h + ":" + two(m) + ":" + two(sec);
    return m + ":" + two(sec);
  }

  var refreshing = false, refreshAgain = false, expired = false;

  function tick() {
    var t = now();
    var spans = document.querySelectorAll("[data-until]");
    for (var i = 0; i < spans.length; i++) {
      var left = Number(spans[i].getAttribute("data-until")) - t;
      var text = countdown(left);
      if (spans[i].textContent !== text) spans[i].textContent = text;
      if (left <= 0 && !expired) { expired = true; refresh(false); }
    }
    var bars = document.querySelectorAll("progress[data-start]");
    for (var j = 0; j < bars.length; j++) {
      var start = Number(bars[j].getAttribute("data-start"));
      bars[j].value = Math.max(0, Math.min(bars[j].max, t - start));
    }
    var clock = document.getElementById("clock");
    if (clock) {
      var local = new Date(t + offsetSeconds * 1000);
      var hm = two(local.getUTCHours()) + ":" + two(local.getUTCMinutes());
      if (clock.textContent !== hm) clock.textContent = hm;
    }
  }

  function text(doc, id) {
    var el = doc.getElementById(id);
    return el ? el.textContent.replace(/\s+/g, " ").trim() : "";
  }

  // What is worth saying aloud when the page changes: the message, the timing, what is on.
  function summary(doc) {
    var current = doc.querySelector("li[aria-current] .title");
    return [text(doc, "message"), text(doc, "timing"), text(doc, "room-timings"), current ? current.textContent.trim() : ""];
  }

  // "no-cache": asked again every time, but with the copy's ETag, so an unchanged page is a 304.
  function refresh(announce) {
    if (refreshing) { refreshAgain = true; return; }
    refreshing = true;
    fetch(location.href, { cache: "no-cache", headers: { "Accept": "text/html" } })
      .then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var before = summary(document), after = summary(doc);
        var main = doc.getElementById("main"), here = document.getElementById("main");
        if (!main || !here) return;
        readClock(doc);
        expired = false;
        var focused = document.activeElement && document.activeElement.id;
        here.replaceWith(document.importNode(main, true));
        var header = doc.querySelector("header.event"), ours = document.querySelector("header.event");
        if (header && ours) ours.replaceWith(document.importNode(header, true));
        var footer = doc.querySelector("footer"), oursF = document.querySelector("footer");
        if (footer && oursF) oursF.replaceWith(document.importNode(footer, true));
        if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
        var said = [];
        for (var i = 0; i < after.length; i++) {
          if (after[i] && after[i] !== before[i]) said.push(after[i]);
        }
        var live = document.getElementById("announce");
        if (announce && live && said.length) live.textContent = said.join(". ");
        tick();
      })
      .catch(function () { /* keep what is shown; the next event or poll tries again */ })
      .then(function () {
        refreshing = false;
        if (refreshAgain) { refreshAgain = false; refresh(announce); }
      });
  }

  var pollTimer = null;
  function poll() {
    if (pollTimer) return;
    pollTimer = setInterval(function () { refresh(true); }, 15000);
  }

  function listen() {
    if (!window.EventSource) { poll(); return; }
    var failures = 0;
    // The version shown: a change made before this stream opens is said at once.
    var source = new EventSource("events" + (version ? "?since=" + encodeURIComponent(version) : ""));
    source.onmessage = function () { failures = 0; refresh(true); };
    source.addEventListener("change", function () { failures = 0; refresh(true); });
    source.onopen = function () {
      if (failures > 0) refresh(true);
      failures = 0;
      if (pollTimer) { clearInterval(pollTimer); pollTimer = null; }
    };
    source.onerror = function () {
      failures++;
      if (failures >= 3) poll();
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up: try again later, further apart each time.
        setTimeout(listen, Math.min(60000, 1000 * Math.pow(2, Math.min(failures, 6))));
      }
    };
  }

  function start() {
    readClock(document);
    root.classList.add("js");
    // The room picker applies at once; its button stays for keyboard users without scripts.
    document.addEventListener("change", function (e) {
      if (e.target && e.target.id === "room" && e.target.form) e.target.form.submit();
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") refresh(false);
    });
    tick();
    if (speed !== 0) setInterval(tick, 1000);
    // A static host (deroule publish) has no /events: fetch the page now and then instead.
    if (root.getAttribute("data-events") === "off") poll(); else listen();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
