// The customer page's live part. The server renders the page; this keeps it current: it
// follows the payment's event stream and, on each change, fetches the page again and swaps
// its <main>. It also ticks the countdown against the server's clock, writes times in the
// customer's zone, and runs the copy and share buttons. No money is computed here.
(() => {
  "use strict";
  const main = document.getElementById("main");
  const section = main && main.querySelector("[data-code]");
  if (!section) return;
  const code = section.dataset.code;
  // The page's own words for what this script says (the server's language choice).
  let words = {};
  try { words = JSON.parse(document.getElementById("page-words").textContent); } catch (_) { /* none: the script says nothing */ }
  const lang = document.documentElement.lang || undefined;
  // The server's clock minus this phone's: a phone set wrong never shows a wrong countdown.
  const skew = Number(document.body.dataset.now) * 1000 - Date.now() || 0;

  const localTimes = () => {
    for (const t of main.querySelectorAll("time[data-local]")) {
      const d = new Date(t.dateTime);
      if (!isNaN(d)) t.textContent = d.toLocaleString(lang, { dateStyle: "medium", timeStyle: "short" });
    }
  };

  // One fetch at a time; a change that arrives meanwhile fetches once more after it.
  let busy = false, again = false;
  const refresh = async () => {
    if (busy) { again = true; return; }
    busy = true;
    try {
      const r = await fetch(location.pathname, { cache: "no-store", headers: { accept: "text/html" } });
      if (r.ok || r.status === 404) {
        const next = new DOMParser().parseFromString(await r.text(), "text/html").getElementById("main");
        if (next) { main.replaceChildren(...next.childNodes); localTimes(); tick(); }
      } else {
        // Refused for now (429 from a busy shared network, a restart): the change is still
        // unseen, so ask again when the server says, 5 s by default, at most a minute.
        const secs = Math.min(Math.max(Number(r.headers.get("retry-after")) || 5, 1), 60);
        setTimeout(refresh, secs * 1000);
      }
    } catch (_) { /* offline: the stream's reconnect brings the page up to date */ }
    busy = false;
    if (again) { again = false; refresh(); }
  };

  // Spoken at sensible moments only: expiry, 10 and 30 seconds, each whole minute.
  const say = (s) => {
    if (s === 0) return words.expired || null;
    if (s === 10 || s === 30) return (words.seconds || {})[s] || null;
    if (s % 60 === 0) return (words.minutes || {})[s / 60] || null;
    return null;
  };
  let askedFor = null;
  const tick = () => {
    const now = Math.ceil((Date.now() + skew) / 1000);
    for (const el of main.querySelectorAll("[data-expires]")) {
      const left = Math.max(0, Number(el.dataset.expires) - now);
      if (String(left) === el.dataset.seconds && el.textContent) continue;
      el.dataset.seconds = left;
      el.textContent = String(Math.floor(left / 60)).padStart(2, "0") + ":" + String(left % 60).padStart(2, "0");
      const warn = left <= 120;
      el.classList.toggle("warning", warn);
      const box = el.closest(".countdown-box");
      if (box) {
        box.classList.toggle("warning", warn);
        const words = say(left), live = box.querySelector("[aria-live]");
        if (words && live) live.textContent = words;
      }
      // The quote ran out: the shop's server re-prices or closes it; show what it decided.
      // Once per quote: until the server has acted, its event brings the change.
      if (left === 0 && askedFor !== el.dataset.expires) { askedFor = el.dataset.expires; setTimeout(refresh, 2000); }
    }
  };

  // What the page shows of a payment that can change (the server's `shown_fingerprint`).
  const shown = (p) => {
    const refunds = (p.refunds || []).map((r) => r.id + ":" + r.state).join(",");
    return [p.state, p.quote_version, p.expires_at, p.received, refunds, p.alert || ""].join("|");
  };
  // A stream starts with the payment as it is now, so a change made between this page's
  // render and the stream's start is never missed; one that changes nothing shown is skipped.
  const onPayment = (e) => {
    let p = null;
    try { p = JSON.parse(e.data).payment; } catch (_) { /* unreadable: look again */ }
    const current = main.querySelector("[data-shown]");
    if (!p || !current || shown(p) !== current.dataset.shown) refresh();
  };

  let wait = 2000, down = false;
  const listen = () => {
    const es = new EventSource("/api/public/payments/" + encodeURIComponent(code) + "/events");
    es.addEventListener("__EVENT__", onPayment);
    es.addEventListener("__RESYNC__", refresh);
    es.onopen = () => { wait = 2000; down = false; };
    es.onerror = () => {
      down = true;
      // Refused (429, 404) or gone: the browser gives up, so try again later, slower each time.
      if (es.readyState === EventSource.CLOSED) { setTimeout(listen, wait); wait = Math.min(wait * 2, 60000); }
    };
  };

  const banner = () => {
    let el = document.querySelector("[data-testid=offline-banner]");
    if (navigator.onLine) { if (el) el.remove(); return; }
    if (el) return;
    el = document.createElement("div");
    el.className = "offline-banner";
    el.dataset.testid = "offline-banner";
    el.setAttribute("role", "status");
    el.textContent = words.offline || "";
    document.body.prepend(el);
  };
  addEventListener("online", () => { banner(); if (down) refresh(); });
  addEventListener("offline", banner);

  const flash = (btn) => {
    if (!btn.dataset.label) btn.dataset.label = btn.textContent;
    btn.textContent = btn.dataset.copied;
    setTimeout(() => { btn.textContent = btn.dataset.label; }, 2000);
  };
  const copy = (text, btn) => navigator.clipboard && navigator.clipboard.writeText(text).then(() => flash(btn), () => {});
  main.addEventListener("click", (e) => {
    const btn = e.target.closest("button");
    if (!btn) return;
    if (btn.dataset.copy) copy(btn.dataset.copy, btn);
    else if (btn.dataset.share) {
      const data = { title: btn.dataset.title, text: btn.dataset.text, url: btn.dataset.share };
      if (navigator.share && (!navigator.canShare || navigator.canShare(data))) navigator.share(data).catch(() => {});
      else copy(btn.dataset.share, btn);
    }
  });

  // The language switcher submits itself (without JavaScript, its button does).
  const chooser = document.querySelector("[data-testid=lang-select]");
  if (chooser) chooser.addEventListener("change", () => chooser.form.submit());

  localTimes();
  tick();
  setInterval(tick, 250);
  banner();
  listen();
})();
