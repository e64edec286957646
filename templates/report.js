(function () {
  "use strict";
  // progrank's re-weighing panel. Exact: weights and normalised ratings are decimal text,
  // read into BigInt; a score is 100 x sum(w*n) / sum(w) rounded half away from zero to 20
  // places, as `progrank rank` does, and shown rounded half away from zero to 2 places.
  // Names are never parsed as HTML: the script only moves existing rows and sets text.
  var source = document.getElementById("progrank-data");
  var panel = document.getElementById("reweigh");
  if (!source || !panel) return;
  var D = JSON.parse(source.textContent);
  var crit = D.criteria, progs = D.programs, K = crit.length;
  var TEN = 10n, ZERO = 0n;
  function pow10(k) { var r = 1n; while (k-- > 0) r *= TEN; return r; }
  function parseDec(text) {
    var m = /^\s*(\d*)(?:\.(\d*))?\s*$/.exec(String(text));
    if (!m || (m[1] === "" && (m[2] === undefined || m[2] === ""))) return null;
    var frac = m[2] || "";
    return { m: BigInt((m[1] || "0") + frac), s: frac.length };
  }
  function parseSigned(text) {
    var neg = text.charAt(0) === "-";
    var d = parseDec(neg ? text.slice(1) : text);
    if (d && neg) d.m = -d.m;
    return d;
  }
  function align(d, s) { return d.m * pow10(s - d.s); }
  // Division rounded half away from zero (b > 0).
  function divRound(a, b) {
    var q = a / b, r = a % b;
    if (r < ZERO) r = -r;
    if (2n * r >= b) q += a < ZERO ? -1n : 1n;
    return q;
  }
  function floorDiv(a, b) { var q = a / b; if (a % b !== ZERO && a < ZERO) q -= 1n; return q; }
  function fixed(hundredths) {
    var neg = hundredths < ZERO, v = neg ? -hundredths : hundredths;
    var s = v.toString();
    while (s.length < 3) s = "0" + s;
    return (neg ? "-" : "") + s.slice(0, -2) + "." + s.slice(-2);
  }
  function plain(d) {
    var s = d.m.toString();
    if (d.s === 0) return s;
    while (s.length <= d.s) s = "0" + s;
    s = s.slice(0, -d.s) + "." + s.slice(-d.s);
    return s.replace(/0+$/, "").replace(/\.$/, "");
  }
  function cmpStr(a, b) {
    var A = Array.from(a), B = Array.from(b), n = Math.min(A.length, B.length);
    for (var i = 0; i < n; i++) {
      var x = A[i].codePointAt(0), y = B[i].codePointAt(0);
      if (x !== y) return x < y ? -1 : 1;
    }
    return A.length - B.length;
  }
  // Normalised ratings on one common scale.
  var SN = 0;
  progs.forEach(function (p) {
    p.folded = p.name.toLowerCase();
    p.nd = p.n.map(function (t) { return t === null ? null : parseSigned(t); });
    p.nd.forEach(function (d) { if (d && d.s > SN) SN = d.s; });
  });
  progs.forEach(function (p) { p.N = p.nd.map(function (d) { return d === null ? null : align(d, SN); }); });
  var SCALE20 = pow10(20), TO2 = pow10(18), DEN_N = pow10(SN);

  // One program's exact score (times 10^20) and its points to 2 places, or null.
  function score(p, W) {
    var S = ZERO, T = ZERO, k;
    for (k = 0; k < K; k++) {
      var counted = p.N[k] !== null || D.policy !== "renormalize";
      if (!counted) continue;
      T += W[k];
      if (p.N[k] !== null) S += W[k] * p.N[k];
    }
    if (T === ZERO) return null;
    var den = T * DEN_N;
    var q = divRound(100n * S * SCALE20, den);
    var target = divRound(q, TO2);
    // Largest remainder, as the static page rounds its points.
    var floors = [], rem = [], sum = ZERO;
    for (k = 0; k < K; k++) {
      var counted2 = p.N[k] !== null || D.policy !== "renormalize";
      var a = counted2 && p.N[k] !== null ? 10000n * W[k] * p.N[k] : ZERO;
      var f = floorDiv(a, den);
      floors.push(f); rem.push(a - f * den); sum += f;
    }
    var order = floors.map(function (_, i) { return i; });
    order.sort(function (x, y) { return rem[y] > rem[x] ? 1 : rem[y] < rem[x] ? -1 : x - y; });
    var missing = target - sum, i = 0;
    while (missing > ZERO) { floors[order[i % K]] += 1n; missing -= 1n; i++; }
    i = 0;
    while (missing < ZERO) { floors[order[K - 1 - (i % K)]] -= 1n; missing += 1n; i++; }
    return { q: q, shown: target, points: floors };
  }

  var rows = {}, items = {};
  Array.prototype.forEach.call(document.querySelectorAll("tr[data-i]"), function (r) { rows[r.getAttribute("data-i")] = r; });
  Array.prototype.forEach.call(document.querySelectorAll("li[data-i]"), function (l) { items[l.getAttribute("data-i")] = l; });
  var tbody = document.querySelector("table.ranked tbody");
  var chart = document.getElementById("points-chart");
  var message = document.getElementById("reweigh-message");
  var liveNote = document.getElementById("live-note");
  var cmdBox = document.getElementById("reweigh-command");
  var linkBox = document.getElementById("reweigh-link");
  var sliders = [], boxes = [];
  var fileWeights = D.presets[0].weights;
  var current = fileWeights.slice();
  // The address changes only once weights come from it or from the user, so that a plain
  // link to a section (#ranking) keeps working.
  var touched = false;

  function weightsBig(ws) {
    var ds = ws.map(parseDec), s = 0;
    ds.forEach(function (d) { if (d.s > s) s = d.s; });
    return ds.map(function (d) { return align(d, s); });
  }
  function say(text) { message.textContent = text; message.hidden = !text; }
  function shq(word) {
    return /^[A-Za-z0-9._\/=:,+@%-]+$/.test(word) ? word : "'" + word.replace(/'/g, "'\\''") + "'";
  }
  function fragment() {
    return "#w=" + crit.map(function (c, k) { return c.id + ":" + current[k]; }).join(",");
  }

  function render() {
    var W = weightsBig(current);
    if (W.every(function (w) { return w === ZERO; })) {
      say("Every weight is zero: give at least one criterion a positive weight.");
      return;
    }
    var scored = [];
    for (var i = 0; i < progs.length; i++) {
      var s = score(progs[i], W);
      if (s === null) {
        say("With these weights " + progs[i].shown + " has no rating on any weighted criterion, so it cannot be scored (--missing renormalize); give another criterion some weight.");
        return;
      }
      scored.push({ i: i, p: progs[i], s: s });
    }
    say("");
    scored.sort(function (a, b) {
      if (a.s.q !== b.s.q) return a.s.q > b.s.q ? -1 : 1;
      return cmpStr(a.p.folded, b.p.folded) || cmpStr(a.p.name, b.p.name) || a.p.line - b.p.line;
    });
    var rank = 0;
    scored.forEach(function (e, pos) {
      if (pos === 0 || e.s.q !== scored[pos - 1].s.q) rank = pos + 1;
      e.rank = rank;
      var text = fixed(e.s.shown), bar = Math.max(0, Math.min(100, Number(e.s.shown) / 100));
      var row = rows[e.i];
      if (row) {
        row.hidden = D.top !== null && pos >= D.top;
        row.querySelector("[data-rank]").textContent = String(rank);
        row.querySelector("[data-score]").textContent = text;
        row.querySelector("[data-bar]").setAttribute("width", String(bar));
        row.querySelector("[data-score-title]").textContent = "score " + text + " of 100";
        row.querySelector("[data-score-svg]").setAttribute("aria-label", "score " + text + " of 100");
        var ppk = row.querySelector("[data-ppk]");
        if (ppk && e.p.net !== null) {
          var net = parseSigned(e.p.net);
          if (net && net.m !== ZERO) {
            // score x 1000 / net cost, to 2 places: q/10^20 * 1000 * 10^ns / m
            var num = e.s.q * 1000n * pow10(net.s) * 100n, den = SCALE20 * net.m;
            if (den < ZERO) { num = -num; den = -den; }
            ppk.textContent = fixed(divRound(num, den));
          }
        }
        tbody.appendChild(row);
      }
      var item = items[e.i];
      if (item) {
        item.hidden = D.top !== null && pos >= D.top;
        item.querySelector("[data-label]").textContent = rank + ". " + e.p.shown;
        item.querySelector("[data-value]").textContent = text;
        var x = 0, parts = [];
        var rects = item.querySelectorAll("rect[data-k]");
        for (var k = 0; k < K; k++) {
          var w = Number(e.s.points[k]) / 100;
          var r = rects[k];
          r.setAttribute("x", String(x));
          r.setAttribute("width", String(Math.max(0, w)));
          var t = crit[k].label + ": " + fixed(e.s.points[k]) + " points (rating " + e.p.ratings[k] + ")";
          r.firstChild.textContent = t;
          parts.push(t);
          x += Math.max(0, w);
        }
        var label = e.p.shown + ": score " + text + "; " + parts.join("; ");
        var svg = item.querySelector("svg");
        svg.setAttribute("aria-label", label);
        svg.querySelector("[data-title]").textContent = label;
        chart.appendChild(item);
      }
    });
    var same = current.every(function (w, k) { return plain(parseDec(w)) === plain(parseDec(fileWeights[k])); });
    liveNote.hidden = same;
    var winners = scored.filter(function (e) { return e.rank === 1; }).map(function (e) { return e.p.shown; });
    document.getElementById("reweigh-winner").textContent = winners.join(" and ");
    var words = D.command.slice();
    crit.forEach(function (c, k) { words.push("--weight", shq(c.id + "=" + plain(parseDec(current[k])))); });
    cmdBox.value = words.join(" ");
    var base = String(location).split("#")[0];
    linkBox.value = base + fragment();
    if (touched) {
      try { history.replaceState(null, "", fragment()); } catch (err) { /* a sandboxed page */ }
    }
  }

  function set(k, text, from) {
    var d = parseDec(text);
    if (!d) { say(crit[k].label + ": " + JSON.stringify(String(text)) + " is not a weight; use a number of zero or more."); return false; }
    current[k] = plain(d);
    if (from !== sliders[k]) sliders[k].value = current[k];
    if (from !== boxes[k]) boxes[k].value = current[k];
    return true;
  }
  function apply(ws) {
    ws.forEach(function (w, k) { set(k, w, null); });
    render();
  }
  crit.forEach(function (c, k) {
    sliders[k] = document.getElementById("w-range-" + k);
    boxes[k] = document.getElementById("w-box-" + k);
    sliders[k].addEventListener("input", function () { touched = true; if (set(k, sliders[k].value, sliders[k])) render(); });
    boxes[k].addEventListener("input", function () { touched = true; if (set(k, boxes[k].value, boxes[k])) render(); });
  });
  Array.prototype.forEach.call(panel.querySelectorAll("button[data-preset]"), function (b) {
    b.addEventListener("click", function () { touched = true; apply(D.presets[Number(b.getAttribute("data-preset"))].weights); });
  });
  function copy(box, button) {
    box.select();
    var done = function () { button.textContent = "Copied"; setTimeout(function () { button.textContent = button.getAttribute("data-text"); }, 1500); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(box.value).then(done, function () { if (document.execCommand("copy")) done(); });
    } else if (document.execCommand("copy")) done();
  }
  var copyLink = document.getElementById("copy-link"), copyCmd = document.getElementById("copy-command");
  copyLink.addEventListener("click", function () { copy(linkBox, copyLink); });
  copyCmd.addEventListener("click", function () { copy(cmdBox, copyCmd); });

  // Weights from the address: #w=id:value,id:value
  var hash = String(location.hash);
  var problems = [];
  if (hash.indexOf("#w=") === 0) {
    touched = true;
    hash.slice(3).split(",").forEach(function (pair) {
      if (!pair) return;
      var at = pair.lastIndexOf(":");
      var id = pair.slice(0, at), value = pair.slice(at + 1);
      try { id = decodeURIComponent(id); } catch (err) { /* keep it as written */ }
      var k = crit.findIndex(function (c) { return c.id === id; });
      if (at < 0 || k < 0) { problems.push(pair); return; }
      var d = parseDec(value);
      if (!d) { problems.push(pair); return; }
      current[k] = plain(d);
    });
  }
  panel.hidden = false;
  apply(current);
  if (problems.length) say("Ignored in the link: " + problems.join(", ") + " (use criterion:weight, e.g. " + crit[0].id + ":90).");
})();
