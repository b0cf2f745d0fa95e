// Injected before the page's own script (DevTools Page.addScriptToEvaluateOnNewDocument): the
// page's EventSource is held, not connected, until the test calls window.releaseEvents(). It
// stands for a stream that opens late (a loaded machine, a slow phone, a page from the cache).
(function () {
  var Real = window.EventSource;
  var pending = [];
  function Held(url) {
    var held = this, listeners = [], real = null;
    held.readyState = 0;
    held.addEventListener = function (type, f) { listeners.push([type, f]); };
    held.close = function () { if (real) real.close(); };
    pending.push(function () {
      real = new Real(url);
      listeners.forEach(function (l) { real.addEventListener(l[0], l[1]); });
      ["onmessage", "onopen", "onerror"].forEach(function (k) { if (held[k]) real[k] = held[k]; });
      Object.defineProperty(held, "readyState", { get: function () { return real.readyState; } });
    });
  }
  Held.CONNECTING = 0; Held.OPEN = 1; Held.CLOSED = 2;
  window.EventSource = Held;
  window.heldEvents = function () { return pending.length; };
  window.releaseEvents = function () { pending.splice(0).forEach(function (open) { open(); }); };
})();
