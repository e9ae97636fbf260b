/* accordant playbook: the "what will I earn" calculator of each incentive plan.
   It computes with the same rules as `accordant simulate` (src/payout/mod.rs):
   exact decimals (BigInt, no binary floating point), threshold, cap, tiers
   (`marginal` or `tiered`), floor and gate, each part rounded half to even to
   cents. No network, no dependency; the static table and chart stay for readers
   without JavaScript. */
(function () {
  "use strict";
  if (typeof BigInt !== "function") return;

  // A decimal is {n: BigInt >= 0, s: scale}: the value n / 10^s.
  var TEN = BigInt(10);
  function pow10(k) { var r = BigInt(1); for (var i = 0; i < k; i++) r *= TEN; return r; }
  function dec(str) {
    if (str === null || str === undefined) return null;
    var t = String(str).trim();
    if (!/^\d+(\.\d+)?$/.test(t) && !/^\.\d+$/.test(t)) return null;
    if (t.charAt(0) === ".") t = "0" + t;
    var parts = t.split(".");
    var frac = parts[1] || "";
    return { n: BigInt(parts[0] + frac), s: frac.length };
  }
  function scaled(a, s) { return a.n * pow10(s - a.s); }
  function add(a, b) { var s = Math.max(a.s, b.s); return { n: scaled(a, s) + scaled(b, s), s: s }; }
  function sub(a, b) { var s = Math.max(a.s, b.s); return { n: scaled(a, s) - scaled(b, s), s: s }; }
  function mul(a, b) { return { n: a.n * b.n, s: a.s + b.s }; }
  function cmp(a, b) { var s = Math.max(a.s, b.s); var x = scaled(a, s), y = scaled(b, s); return x < y ? -1 : x > y ? 1 : 0; }
  function min(a, b) { return cmp(a, b) <= 0 ? a : b; }
  function max(a, b) { return cmp(a, b) >= 0 ? a : b; }
  function pct(a) { return { n: a.n, s: a.s + 2 }; } // a / 100
  var ZERO = { n: BigInt(0), s: 0 };
  // Half to even, to 2 decimals.
  function cents(a) {
    if (a.s <= 2) return { n: scaled(a, 2), s: 2 };
    var d = pow10(a.s - 2);
    var q = a.n / d, r = a.n % d, half = d / BigInt(2);
    if (r > half || (r === half && q % BigInt(2) === BigInt(1))) q += BigInt(1);
    return { n: q, s: 2 };
  }
  function str(a) {
    var neg = a.n < 0, n = neg ? -a.n : a.n;
    var digits = n.toString();
    while (digits.length <= a.s) digits = "0" + digits;
    var int = digits.slice(0, digits.length - a.s), frac = digits.slice(digits.length - a.s);
    return (neg ? "-" : "") + int + (a.s ? "." + frac : "");
  }
  function plain(a) {
    var t = str(a);
    if (t.indexOf(".") >= 0) t = t.replace(/0+$/, "").replace(/\.$/, "");
    return t;
  }
  function money(a) {
    var t = str(cents(a)), p = t.split(".");
    return p[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",") + "." + p[1];
  }

  // The payout factor (percent of the part's target) at attainment `att`.
  function factor(c, att) {
    if (c.threshold && cmp(att, c.threshold) < 0) return ZERO;
    var counted = c.cap ? min(att, c.cap) : att;
    var base;
    if (!c.tiers.length) {
      base = counted;
    } else if (c.semantics === "tiered") {
      base = ZERO;
      for (var i = c.tiers.length - 1; i >= 0; i--) {
        if (cmp(c.tiers[i][0], counted) <= 0) { base = mul(c.tiers[i][1], counted); break; }
      }
    } else {
      base = ZERO;
      for (var j = 0; j < c.tiers.length; j++) {
        var from = c.tiers[j][0];
        if (cmp(counted, from) <= 0) break;
        var upto = j + 1 < c.tiers.length ? min(counted, c.tiers[j + 1][0]) : counted;
        base = add(base, mul(sub(upto, from), c.tiers[j][1]));
      }
    }
    return c.floor ? max(base, c.floor) : base;
  }

  function setup(form) {
    var plan;
    try { plan = JSON.parse(form.getAttribute("data-plan")); } catch (e) { return; }
    var comps = plan.components.map(function (c) {
      return {
        id: c.id, goal: c.goal, metric: c.metric, appliesTo: c.applies_to || [],
        weight: dec(c.weight) || ZERO, threshold: dec(c.threshold), cap: dec(c.cap),
        floor: dec(c.floor), semantics: c.semantics,
        tiers: (c.tiers || []).map(function (t) { return [dec(t[0]), dec(t[1])]; })
      };
    });
    var gate = plan.gate ? { goal: plan.gate.goal, metric: plan.gate.metric, min: dec(plan.gate.min), appliesTo: plan.gate.applies_to || [] } : null;
    var payees = (plan.payees || []).map(function (p) { return { label: p.label, participant: p.participant, target: dec(p.target), currency: p.currency }; });
    function q(sel) { return form.querySelector(sel); }
    function number(id) { return form.querySelector('input[data-part="' + id + '"]'); }

    function attainment(c) { var el = number(c.id); return el ? dec(el.value) : null; }
    function gateAttainment() {
      var own = q("input[data-gate]");
      if (own) return dec(own.value);
      for (var i = 0; i < comps.length; i++) {
        var c = comps[i];
        if ((gate.goal && c.goal === gate.goal) || (!gate.goal && gate.metric && c.metric === gate.metric)) return attainment(c);
      }
      return null;
    }

    function compute() {
      var sel = q("select[data-payee]");
      var payee = sel ? payees[Number(sel.value)] : null;
      var who = payee ? payee.participant : null;
      var bad = false;
      var gated = false, gateText = "";
      if (gate) {
        var ga = gateAttainment();
        var applies = !who || !gate.appliesTo.length || gate.appliesTo.indexOf(who) >= 0;
        if (ga === null) bad = true;
        else if (applies && gate.min && cmp(ga, gate.min) < 0) { gated = true; gateText = "(gate not met: it needs " + plain(gate.min) + "%)"; }
        else if (applies) gateText = "(gate met)";
      }
      var total = ZERO, totalPct = ZERO;
      comps.forEach(function (c) {
        var out = q('output[data-out="' + c.id + '"]');
        var pays = !who || !c.appliesTo.length || c.appliesTo.indexOf(who) >= 0;
        var a = attainment(c);
        if (a === null) { bad = true; if (out) out.textContent = "enter a number"; return; }
        var f = !pays || gated ? ZERO : factor(c, a);
        var share = pct(mul(c.weight, f));
        totalPct = add(totalPct, share);
        var text = pays ? "pays " + plain(f) + "% of its part" : "does not pay this participant";
        if (payee && payee.target) {
          var amount = cents(pct(mul(payee.target, share)));
          total = add(total, amount);
          text += ": " + money(amount) + " " + payee.currency;
          if (out) out.setAttribute("data-amount", str(amount));
        }
        if (out) { out.textContent = text; out.setAttribute("data-factor", plain(f)); }
      });
      var t = q('output[data-out="total"]');
      if (bad) { t.textContent = "enter an attainment of 0 or more for every part"; t.removeAttribute("data-amount"); return; }
      var p = cents(totalPct);
      t.setAttribute("data-pct", str(p));
      if (payee && payee.target) {
        t.setAttribute("data-amount", str(cents(total)));
        t.textContent = money(total) + " " + payee.currency + " (" + plain(p) + "% of target)";
      } else {
        t.textContent = plain(p) + "% of target";
      }
      q('output[data-out="gate"]').textContent = gateText;
    }

    Array.prototype.forEach.call(form.querySelectorAll("input[data-range]"), function (range) {
      var box = number(range.getAttribute("data-range"));
      range.addEventListener("input", function () { box.value = range.value; compute(); });
      box.addEventListener("input", function () { var d = dec(box.value); if (d) range.value = Math.min(200, Number(box.value)); compute(); });
    });
    Array.prototype.forEach.call(form.querySelectorAll("select, input[data-gate]"), function (el) {
      el.addEventListener("input", compute);
      el.addEventListener("change", compute);
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.hidden = false;
    compute();
  }

  Array.prototype.forEach.call(document.querySelectorAll("form.calc[data-plan]"), setup);
})();
