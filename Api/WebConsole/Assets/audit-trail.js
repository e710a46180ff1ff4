// The audit trail page: hands the chosen export to the verifier (audit-verifier.js) and shows its verdict.
// Everything from the file is shown as text, never as markup: an export is untrusted input.
"use strict";

(() => {
  const form = document.getElementById("verify-form");
  const button = document.getElementById("verify-button");
  const verdict = document.getElementById("verdict");
  if (!form || !globalThis.LedgerVerifier) return;

  const line = (cls, text, data = {}) => {
    const p = document.createElement("p");
    p.className = cls;
    p.textContent = text;
    Object.assign(p.dataset, data);
    verdict.append(p);
    return p;
  };

  function show(name, r) {
    verdict.replaceChildren();
    if (!r.holds) {
      const f = r.failure;
      line("error", `FAILED: ${name}: ${f.code} at seq ${f.seq}${f.eventId ? ` (event ${f.eventId})` : ""}: ${f.message}`,
        { verdict: f.code, seq: String(f.seq) });
      line("note", `(${r.events} events and ${r.checkpoints} checkpoints verified before it)`);
      return;
    }
    line("notice", `OK: ${name}: ${r.events} events re-hashed, ${r.links} other events by hash, ${r.checkpoints} signed checkpoints ` +
      `verified (key ${r.keyId}), up to seq ${r.lastSeq}`, { verdict: "ok", seq: String(r.lastSeq) });
    const s = r.statement;
    const selection = s.streams.length > 0
      ? `${s.streams.length} stream(s)${s.from || s.to ? ` from ${s.from ?? "the start"} to ${s.to ?? "now"}` : ""}`
      : s.from || s.to ? `the events from ${s.from ?? "the start"} to ${s.to ?? "now"}` : "the whole log";
    line("note", `signed statement: log ${s.log}, the selection (${selection}) is complete, ${s.events} events up to the checkpoint at seq ` +
      `${s.covering.seq}; exported ${s.exportedAt}, when the newest checkpoint was at seq ${s.latest.seq} over ${s.latest.size} events`);
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const file = document.getElementById("verify-file").files[0];
    verdict.replaceChildren();
    if (!file) { line("error", "Choose an export file first.", { verdict: "usage" }); return; }
    button.disabled = true;
    line("note", `Verifying ${file.name} (${file.size} bytes)…`);
    try {
      const r = await LedgerVerifier.verify(await file.text(), {
        publicKey: document.getElementById("verify-key").value.trim() || null,
        log: document.getElementById("verify-log").value.trim() || null,
      });
      show(file.name, r);
    } catch (e) {
      verdict.replaceChildren();
      line("error", e.message, { verdict: "usage" });
    } finally {
      button.disabled = false;
    }
  });
  button.disabled = false;
})();
