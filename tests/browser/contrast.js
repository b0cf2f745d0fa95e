// The WCAG 2.x contrast of every piece of text the page shows: its computed colour against the
// colour under it (every ancestor's background composited over the canvas). Run by
// tests/page.rs through WebDriver; `arguments[0]` is a list of CSS selectors that must each hold
// some checked text, so the check cannot pass on a page that lacks them.
var required = arguments[0];

function parse(colour) {
  var m = /rgba?\(([^)]*)\)/.exec(colour);
  if (!m) return null;
  var p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
}

function over(top, under) {
  var a = top[3];
  return [0, 1, 2].map(function (i) { return top[i] * a + under[i] * (1 - a); }).concat([1]);
}

function background(el) {
  var layers = [];
  for (var e = el; e; e = e.parentElement) layers.push(parse(getComputedStyle(e).backgroundColor));
  var bg = [255, 255, 255, 1];
  for (var i = layers.length - 1; i >= 0; i--) if (layers[i]) bg = over(layers[i], bg);
  return bg;
}

function luminance(c) {
  var l = c.slice(0, 3).map(function (v) {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
}

function ratio(a, b) {
  var x = luminance(a), y = luminance(b);
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

function name(el) {
  var parts = [];
  for (var e = el; e && e !== document.body && parts.length < 3; e = e.parentElement) {
    var part = e.tagName.toLowerCase() + (e.className && typeof e.className === "string"
      ? "." + e.className.trim().split(/\s+/).join(".") : "");
    if (e.hasAttribute("aria-current")) part += "[aria-current]";
    parts.unshift(part);
  }
  return parts.join(" > ");
}

function shown(el) {
  if (el.closest(".visually-hidden, noscript, option, script, style, title")) return false;
  var r = el.getBoundingClientRect();
  var s = getComputedStyle(el);
  return r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 &&
    s.visibility !== "hidden" && s.display !== "none";
}

var elements = [];
var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (var node = walker.nextNode(); node; node = walker.nextNode()) {
  var el = node.parentElement;
  if (node.textContent.trim() && el && shown(el) && elements.indexOf(el) < 0) elements.push(el);
}
// A select shows its chosen option's text itself.
document.querySelectorAll("select").forEach(function (el) {
  if (shown(el) && elements.indexOf(el) < 0) elements.push(el);
});

var checked = elements.map(function (el) {
  var s = getComputedStyle(el);
  var fg = parse(s.color), bg = background(el);
  var size = parseFloat(s.fontSize), bold = Number(s.fontWeight) >= 700;
  var large = size >= 24 || (size >= 18.66 && bold);
  return {
    el: el,
    what: name(el),
    text: el.textContent.replace(/\s+/g, " ").trim().slice(0, 40),
    color: s.color,
    background: "rgb(" + bg.slice(0, 3).map(Math.round).join(", ") + ")",
    ratio: Math.round(ratio(over(fg, bg), bg) * 100) / 100,
    needs: large ? 3 : 4.5
  };
});

return {
  checked: checked.map(function (c) {
    return { what: c.what, text: c.text, color: c.color, background: c.background, ratio: c.ratio, needs: c.needs };
  }),
  missing: required.filter(function (sel) {
    return !checked.some(function (c) { return c.el.matches(sel) || c.el.closest(sel); });
  })
};
