// The export verifier of docs/AUDIT.md, for the browser: WebCrypto SHA-256 and Ed25519, no server help.
// It follows the rules "a verifier must follow exactly" in the same order of checks as `ledger audit verify`
// (Infrastructure/Audit/ExportVerifier.cs), so both give the same verdict, code and seq, on every file; the
// console's browser tests compare them on the published vectors and on a corpus of edited copies.
// Witnessed checkpoints (--witness) are the command line's alone.
"use strict";

globalThis.LedgerVerifier = (() => {
  const EXPORT_FORMAT = "ledger-audit-export/3";
  const TOO_OLD = ["ledger-audit-export/1", "ledger-audit-export/2"];
  const STATEMENT_FORMAT = "ledger-audit-export-statement/1";
  const ROTATION_FORMAT = "ledger-audit-key-rotation/1";
  const REVOCATION_FORMAT = "ledger-audit-key-revocation/1";
  const CHECKPOINT_FORMAT = "ledger-audit-checkpoint/2";
  const CHECKPOINT_FORMAT_WITHOUT_ORIGIN = "ledger-audit-checkpoint/1";
  const LINE_MEMBERS = {
    header: ["kind", "format", "statement", "statementKeyId", "statementSignature", "publicKey", "keyId"],
    prefix: ["kind", "size", "subtrees", "lastHash"],
    rotation: ["kind", "statement", "oldSignature", "newSignature"],
    revocation: ["kind", "statement", "signedBy", "signature"],
    checkpoint: ["kind", "seq", "size", "root", "head", "at", "origin", "keyId", "signature"],
    consistency: ["kind", "fromSize", "toSize", "proof"],
    event: ["kind", "seq", "position", "prevHash", "hash", "record"],
    link: ["kind", "seq", "position", "hash"],
    gap: ["kind", "position", "size", "firstSeq", "lastSeq", "subtrees"],
    missing: ["kind", "seq", "position", "eventId", "hash"],
    unchained: ["kind", "record"],
  };
  const RECORD_MEMBERS = ["causationId", "correlationId", "data", "headers", "id", "seq", "streamId", "timestamp", "type", "version"];

  // A file the verifier cannot read as an export (the C# verifier's JsonException/FormatException/InvalidOperationException).
  class Malformed extends Error {}
  const malformed = (message) => { throw new Malformed(message); };

  // ---- JSON, read as the service writes it: members in order (duplicates kept, to refuse them), numbers as their text.
  function parseJson(source) {
    const text = source;
    let i = 0;
    const fail = (what) => malformed(`not JSON at character ${i + 1}: ${what}`);
    const ws = () => { while (i < text.length && " \t\n\r".includes(text[i])) i++; };
    function value(depth) {
      if (depth > 64) fail("nested deeper than 64");
      ws();
      const c = text[i];
      if (c === "{") {
        i++;
        const members = [];
        ws();
        if (text[i] === "}") { i++; return { t: "o", m: members }; }
        for (;;) {
          ws();
          if (text[i] !== '"') fail("expected a member name");
          const name = string();
          ws();
          if (text[i] !== ":") fail("expected ':'");
          i++;
          members.push([name, value(depth + 1)]);
          ws();
          if (text[i] === ",") { i++; continue; }
          if (text[i] === "}") { i++; return { t: "o", m: members }; }
          fail("expected ',' or '}'");
        }
      }
      if (c === "[") {
        i++;
        const items = [];
        ws();
        if (text[i] === "]") { i++; return { t: "a", v: items }; }
        for (;;) {
          items.push(value(depth + 1));
          ws();
          if (text[i] === ",") { i++; continue; }
          if (text[i] === "]") { i++; return { t: "a", v: items }; }
          fail("expected ',' or ']'");
        }
      }
      if (c === '"') return { t: "s", v: string() };
      if (text.startsWith("true", i)) { i += 4; return { t: "b", v: true }; }
      if (text.startsWith("false", i)) { i += 5; return { t: "b", v: false }; }
      if (text.startsWith("null", i)) { i += 4; return { t: "null" }; }
      const number = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
      if (!number) fail("unexpected character");
      i += number[0].length;
      return { t: "n", raw: number[0] };
    }
    function string() {
      i++;
      let out = "";
      for (;;) {
        if (i >= text.length) fail("unterminated string");
        const c = text[i];
        if (c === '"') { i++; break; }
        if (c < " ") fail("a control character in a string");
        if (c !== "\\") { out += c; i++; continue; }
        const e = text[i + 1];
        const simple = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" }[e];
        if (simple !== undefined) { out += simple; i += 2; continue; }
        if (e !== "u" || !/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail("a bad escape");
        out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
      }
      // A lone surrogate is not text (the service cannot read it as a string either).
      if (/[\ud800-\udbff](?![\udc00-\udfff])|(^|[^\ud800-\udbff])[\udc00-\udfff]/.test(out)) fail("invalid UTF-16 in a string");
      return out;
    }
    const result = value(0);
    ws();
    if (i !== text.length) fail("text after the JSON value");
    return result;
  }

  // Member access as System.Text.Json gives it: a missing member or a value of another type is a malformed file.
  function prop(o, name) {
    if (!o || o.t !== "o") malformed("not an object");
    for (let k = o.m.length - 1; k >= 0; k--) if (o.m[k][0] === name) return o.m[k][1];
    return malformed(`member '${name}' is missing`);
  }
  function str(v) {
    if (v.t === "null") return null;
    if (v.t !== "s") malformed("a string was expected");
    return v.v;
  }
  // A member that must be text: missing, null or another kind of value is not what was signed or hashed.
  function text(o, name) {
    const v = prop(o, name);
    return v.t === "s" ? v.v : malformed(`member '${name}' is not text`);
  }
  function int64(v) {
    if (v.t !== "n" || !/^-?[0-9]+$/.test(v.raw)) malformed("a whole number was expected");
    const big = BigInt(v.raw);
    if (big > 9223372036854775807n || big < -9223372036854775808n) malformed("a number out of range");
    if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < -BigInt(Number.MAX_SAFE_INTEGER)) malformed("a number too large for this verifier");
    return Number(big);
  }
  function uuid(v) {
    const s = str(v);
    if (s === null || !/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s)) malformed("not a UUID");
    return s.toLowerCase();
  }
  function exactly(o, members, what) {
    if (o.t !== "o") malformed(`${what} is not an object`);
    const names = o.m.map((m) => m[0]);
    if (new Set(names).size !== names.length) malformed(`${what}: a member appears twice`);
    const unknown = names.find((n) => !members.includes(n));
    if (unknown !== undefined) malformed(`${what}: unknown member '${unknown}' (covered by no hash or signature)`);
    const missing = members.find((n) => !names.includes(n));
    if (missing !== undefined) malformed(`${what}: member '${missing}' is missing`);
  }

  // ---- Canonical JSON (docs/AUDIT.md): members sorted by UTF-16 code units, minimal escapes, numbers as their text.
  function canonicalString(s) {
    let out = '"';
    for (const c of s) {
      if (c === '"') out += '\\"';
      else if (c === "\\") out += "\\\\";
      else if (c === "\b") out += "\\b";
      else if (c === "\f") out += "\\f";
      else if (c === "\n") out += "\\n";
      else if (c === "\r") out += "\\r";
      else if (c === "\t") out += "\\t";
      else if (c < " ") out += "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0");
      else out += c;
    }
    return out + '"';
  }
  const byCodeUnits = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  function canonical(v) {
    switch (v.t) {
      case "o": {
        const members = [...v.m].sort((a, b) => byCodeUnits(a[0], b[0]));
        for (let k = 1; k < members.length; k++)
          if (members[k][0] === members[k - 1][0]) malformed(`duplicate JSON member '${members[k][0]}' has no canonical form`);
        return "{" + members.map(([n, x]) => canonicalString(n) + ":" + canonical(x)).join(",") + "}";
      }
      case "a": return "[" + v.v.map(canonical).join(",") + "]";
      case "s": return canonicalString(v.v);
      case "n": return v.raw;
      case "b": return v.v ? "true" : "false";
      default: return "null";
    }
  }
  // A flat object of strings and whole numbers, as the signed statements are written.
  const flat = (members) => "{" + Object.keys(members).sort(byCodeUnits)
    .map((n) => canonicalString(n) + ":" + (typeof members[n] === "number" ? String(members[n]) : canonicalString(members[n]))).join(",") + "}";

  // ---- Bytes, hashes, keys.
  const utf8 = (s) => new TextEncoder().encode(s);
  function fromHex(s, size) {
    if (typeof s !== "string" || s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) malformed(`'${s}' is not hex`);
    const bytes = new Uint8Array(s.length / 2);
    for (let k = 0; k < bytes.length; k++) bytes[k] = parseInt(s.substr(k * 2, 2), 16);
    if (size !== undefined && bytes.length !== size) malformed(`'${s}' is not a ${size}-byte hash`);
    return bytes;
  }
  const toHex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  function fromBase64(s) {
    if (typeof s !== "string" || s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) malformed("not base64");
    const raw = atob(s);
    return Uint8Array.from(raw, (c) => c.charCodeAt(0));
  }
  const toBase64 = (bytes) => btoa(String.fromCharCode(...bytes));
  const equal = (a, b) => a.length === b.length && a.every((x, k) => x === b[k]);
  const concat = (...parts) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.length; }
    return out;
  };
  const sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const keyId = async (publicKey) => toHex((await sha256(publicKey)).slice(0, 8));
  const importedKeys = new Map();
  async function ed25519Verify(publicKey, message, signature) {
    try {
      const name = toBase64(publicKey);
      if (!importedKeys.has(name))
        importedKeys.set(name, await crypto.subtle.importKey("raw", publicKey, { name: "Ed25519" }, false, ["verify"]));
      return signature.length === 64 && await crypto.subtle.verify({ name: "Ed25519" }, importedKeys.get(name), signature, message);
    } catch {
      return false; // not a key: nothing it could have signed
    }
  }

  // ---- The Merkle tree of RFC 6962 over chain hashes, kept as its frontier (MerkleFrontier).
  const node = (left, right) => sha256(concat([1], left, right));
  const log2 = (n) => Math.floor(Math.log2(n));
  const popCount = (n) => { let c = 0; for (; n > 0; n = Math.floor(n / 2)) c += n % 2; return c; };
  class Tree {
    constructor() { this.subtrees = []; this.count = 0; }
    static resume(count, roots) {
      if (count < 0 || popCount(count) !== roots.length)
        malformed(`a tree of ${count} leaves has ${Math.max(0, popCount(count))} complete subtrees, not ${roots.length}`);
      const tree = new Tree();
      tree.count = count;
      let rest = count;
      for (const hash of roots) {
        const height = log2(rest);
        tree.subtrees.push({ height, hash });
        rest -= 2 ** height;
      }
      return tree;
    }
    async add(chainHash) { await this.push(0, await sha256(concat([0], chainHash))); this.count += 1; }
    async addSubtree(height, root) { await this.push(height, root); this.count += 2 ** height; }
    async push(height, hash) {
      let carry = { height, hash };
      while (this.subtrees.length > 0 && this.subtrees[this.subtrees.length - 1].height === carry.height) {
        carry = { height: carry.height + 1, hash: await node(this.subtrees.pop().hash, carry.hash) };
      }
      this.subtrees.push(carry);
    }
    async root() {
      if (this.subtrees.length === 0) return sha256(new Uint8Array(0));
      let root = this.subtrees[this.subtrees.length - 1].hash;
      for (let k = this.subtrees.length - 2; k >= 0; k--) root = await node(this.subtrees[k].hash, root);
      return root;
    }
  }
  // Blocks that start on a multiple of their size, largest first (MerkleFrontier.AlignedBlocks).
  function alignedBlocks(start, count) {
    const heights = [];
    while (count > 0) {
      let height = log2(count);
      while (start % 2 ** height !== 0) height--;
      heights.push(height);
      start += 2 ** height;
      count -= 2 ** height;
    }
    return heights;
  }
  // RFC 9162 §2.1.4.2, with sizes as numbers (halving, not 32-bit shifts).
  async function consistent(m, n, oldRoot, newRoot, proof) {
    if (m < 1 || m > n || proof.some((p) => p.length !== 32)) return false;
    if (m === n) return proof.length === 0 && equal(oldRoot, newRoot);
    const path = popCount(m) === 1 ? [oldRoot, ...proof] : [...proof];
    if (path.length === 0) return false;
    let fn = m - 1, sn = n - 1;
    const half = (x) => Math.floor(x / 2);
    while (fn % 2 === 1) { fn = half(fn); sn = half(sn); }
    let fr = path[0], sr = path[0];
    for (const c of path.slice(1)) {
      if (sn === 0) return false;
      if (fn % 2 === 1 || fn === sn) {
        fr = await node(c, fr);
        sr = await node(c, sr);
        if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn = half(fn); sn = half(sn); }
      } else {
        sr = await node(sr, c);
      }
      fn = half(fn);
      sn = half(sn);
    }
    return equal(fr, oldRoot) && equal(sr, newRoot) && sn === 0;
  }

  // ---- Signed texts.
  const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/;
  function timestamp(s) {
    const t = TIMESTAMP.exec(s ?? "");
    if (!t) malformed(`'${s}' is not a UTC timestamp with microseconds`);
    const [y, mo, d, h, mi, se] = t.slice(1).map(Number);
    const date = new Date(Date.UTC(y, mo - 1, d, h, mi, se));
    if (y < 1 || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || se > 59) malformed(`'${s}' is not a date`);
    return s;
  }
  const isOrigin = (s) => typeof s === "string" && s.length > 0 && s.length <= 255 && [...s].every((c) => c > " " && c < "\x7f" && c !== "+");

  function parseStatement(signed) {
    const root = parseJson(signed);
    exactly(root, ["covering", "events", "exportedAt", "format", "latest", "log", "selection"], "the export statement");
    if (str(prop(root, "format")) !== STATEMENT_FORMAT) malformed(`unknown export statement format '${str(prop(root, "format"))}'`);
    const selection = prop(root, "selection");
    exactly(selection, ["from", "streams", "to"], "the statement's selection");
    const count = (v) => { const n = int64(v); if (n < 0) malformed("not a count"); return n; };
    const list = prop(selection, "streams");
    if (list.t !== "a") malformed("the selected streams are not a list");
    const streams = list.v.map((s) => {
      exactly(s, ["head", "id"], "a selected stream");
      return { id: uuid(prop(s, "id")), head: count(prop(s, "head")) };
    });
    if (new Set(streams.map((s) => s.id)).size !== streams.length) malformed("the statement selects a stream twice");
    const checkpoint = (c) => {
      exactly(c, ["root", "seq", "size"], "a checkpoint of the statement");
      return { seq: count(prop(c, "seq")), size: count(prop(c, "size")), root: text(c, "root") };
    };
    const optional = (v) => (v.t === "null" ? null : timestamp(str(v)));
    const log = str(prop(root, "log"));
    const s = {
      exportedAt: timestamp(str(prop(root, "exportedAt"))), from: optional(prop(selection, "from")), to: optional(prop(selection, "to")),
      streams, covering: checkpoint(prop(root, "covering")), latest: checkpoint(prop(root, "latest")), events: count(prop(root, "events")),
      log: isOrigin(log) ? log : malformed("the statement's log is not a log name"),
    };
    if (statementText(s) !== signed) malformed("the export statement is not in canonical form, so it is not the text that was signed");
    if (s.latest.size < s.covering.size) malformed("the statement's newest checkpoint is older than its covering one");
    s.wholeStreams = s.streams.length > 0 && s.from === null && s.to === null;
    return s;
  }
  function statementText(s) {
    const cp = (c) => `{"root":${canonicalString(c.root)},"seq":${c.seq},"size":${c.size}}`;
    const time = (t) => (t === null ? "null" : canonicalString(t));
    const streams = [...s.streams].sort((a, b) => byCodeUnits(a.id, b.id)).map((x) => `{"head":${x.head},"id":${canonicalString(x.id)}}`);
    return `{"covering":${cp(s.covering)},"events":${s.events},"exportedAt":${canonicalString(s.exportedAt)},"format":"${STATEMENT_FORMAT}",` +
      `"latest":${cp(s.latest)},"log":${canonicalString(s.log)},"selection":{"from":${time(s.from)},"streams":[${streams.join(",")}],"to":${time(s.to)}}}`;
  }
  const selects = (s, streamId, at) =>
    (s.streams.length === 0 || (streamId !== null && s.streams.some((x) => x.id === streamId))) &&
    (timestamp(at), (s.from === null || at >= s.from) && (s.to === null || at < s.to));

  function parseRotation(statement) {
    const r = parseJson(statement);
    if (str(prop(r, "format")) !== ROTATION_FORMAT) malformed(`unknown key rotation format '${str(prop(r, "format"))}'`);
    return {
      oldPublicKey: text(r, "oldPublicKey"), newPublicKey: text(r, "newPublicKey"), lastSeq: int64(prop(r, "lastSeq")),
      lastSize: int64(prop(r, "lastSize")), lastRoot: text(r, "lastRoot"), at: text(r, "at"),
    };
  }
  const rotationText = (s) => flat({ at: s.at, format: ROTATION_FORMAT, lastRoot: s.lastRoot, lastSeq: s.lastSeq, lastSize: s.lastSize,
    newPublicKey: s.newPublicKey, oldPublicKey: s.oldPublicKey });
  function parseRevocation(statement) {
    const r = parseJson(statement);
    exactly(r, ["at", "format", "reason", "revokedPublicKey", "trustedRoot", "trustedUpToSize"], "the key revocation");
    if (text(r, "format") !== REVOCATION_FORMAT) malformed(`unknown key revocation format '${text(r, "format")}'`);
    const s = {
      revokedPublicKey: text(r, "revokedPublicKey"), trustedUpToSize: int64(prop(r, "trustedUpToSize")), trustedRoot: text(r, "trustedRoot"),
      reason: text(r, "reason"), at: text(r, "at"),
    };
    if (revocationText(s) !== statement) malformed("the key revocation is not in canonical form, so it is not the text that was signed");
    return s;
  }
  const revocationText = (s) => flat({ at: s.at, format: REVOCATION_FORMAT, reason: s.reason, revokedPublicKey: s.revokedPublicKey,
    trustedRoot: s.trustedRoot, trustedUpToSize: s.trustedUpToSize });
  const checkpointText = (c) => (c.origin === null
    ? flat({ at: c.at, format: CHECKPOINT_FORMAT_WITHOUT_ORIGIN, head: c.head, root: c.root, seq: c.seq, size: c.size })
    : flat({ at: c.at, format: CHECKPOINT_FORMAT, head: c.head, origin: c.origin, root: c.root, seq: c.seq, size: c.size }));

  function parseRecord(r) {
    exactly(r, RECORD_MEMBERS, "the record");
    const nullable = (v) => (v.t === "null" ? null : v);
    const record = {
      seq: int64(prop(r, "seq")), id: uuid(prop(r, "id")), streamId: prop(r, "streamId").t === "null" ? null : uuid(prop(r, "streamId")),
      version: int64(prop(r, "version")), type: text(r, "type"), timestamp: text(r, "timestamp"),
      correlationId: str(prop(r, "correlationId")), causationId: str(prop(r, "causationId")),
      headers: nullable(prop(r, "headers")), data: prop(r, "data"),
    };
    return record;
  }
  const nullableString = (s) => (s === null ? "null" : canonicalString(s));
  const recordText = (r) =>
    `{"causationId":${nullableString(r.causationId)},"correlationId":${nullableString(r.correlationId)},"data":${canonical(r.data)},` +
    `"headers":${r.headers === null ? "null" : canonical(r.headers)},"id":${canonicalString(r.id)},"seq":${r.seq},` +
    `"streamId":${nullableString(r.streamId)},"timestamp":${canonicalString(r.timestamp)},"type":${canonicalString(r.type)},"version":${r.version}}`;
  const describe = (r) => `event ${r.id} (seq ${r.seq}, stream ${r.streamId ?? "none"}, version ${r.version}, ${r.type})`;

  // ---- Which key signs what: the pinned key and the hand-overs signed by both keys (SigningKeyHistory).
  async function keyHistory(trusted, rotations, revocations) {
    const keys = [{ afterSize: 0, key: rotations.length > 0 ? fromBase64(rotations[0].statement.oldPublicKey) : trusted }];
    const roots = new Map();
    for (const r of rotations) {
      const s = r.statement;
      const [oldKey, newKey] = [fromBase64(s.oldPublicKey), fromBase64(s.newPublicKey)];
      const signed = utf8(rotationText(s));
      if (!(await ed25519Verify(oldKey, signed, r.oldSignature) && await ed25519Verify(newKey, signed, r.newSignature)))
        return { failure: finding("bad_signature", s.lastSeq, `the key rotation after seq ${s.lastSeq} to key ${await keyId(newKey)} is not signed by both keys`) };
      const last = keys[keys.length - 1];
      if (!equal(last.key, oldKey) || s.lastSize < last.afterSize)
        return { failure: finding("bad_signature", s.lastSeq, `the key rotation after seq ${s.lastSeq} does not take over from key ${await keyId(last.key)}`) };
      keys.push({ afterSize: s.lastSize, key: newKey });
      if (s.lastRoot.length > 0) roots.set(s.lastSize, s.lastRoot);
    }
    if (!keys.some((k) => equal(k.key, trusted)))
      return { failure: finding("bad_signature", 0, `the trusted key ${await keyId(trusted)} is none of the keys that signed this log`) };
    // A revocation counts when it names a key of the chain and a key that took over from it signed it; the strictest wins.
    const revoked = new Map();
    for (const r of revocations) {
      const s = r.statement, revokedKey = fromBase64(s.revokedPublicKey);
      const at = keys.findIndex((k) => equal(k.key, revokedKey)), by = keys.findIndex((k) => equal(k.key, r.signedBy));
      if (at < 0) return { failure: finding("bad_signature", 0, `a revocation names key ${await keyId(revokedKey)}, which never signed this log`) };
      if (by <= at || !(await ed25519Verify(r.signedBy, utf8(revocationText(s)), r.signature)))
        return { failure: finding("bad_signature", 0, `the revocation of key ${await keyId(revokedKey)} is not signed by a key that took over from it`) };
      const name = toBase64(revokedKey), earlier = revoked.get(name);
      if (!earlier || s.trustedUpToSize < earlier.trustedUpToSize) revoked.set(name, s);
    }
    const revocationOf = (key) => revoked.get(toBase64(key));
    const keyFor = (size) => {
      const eligible = keys.filter((k) => k.afterSize < size);
      return eligible.length > 0 ? eligible[eligible.length - 1].key : malformed(`no key signs a checkpoint over ${size} events`);
    };
    return {
      history: {
        keyFor, keyAt: (handOvers) => keys[Math.min(handOvers, keys.length - 1)].key,
        async checkStatementKey(key) {
          const r = revocationOf(key);
          return r ? finding("key_revoked", 0, `the export statement is signed by key ${await keyId(key)}, revoked as compromised at ${r.at} ` +
            `(${r.reason}): nothing it signs now can be told from a forgery. Export the same selection again: the key in charge signs the same history`) : null;
        },
        async check(cp) {
          const key = keyFor(cp.size);
          const r = revocationOf(key);
          if (r && cp.size > r.trustedUpToSize)
            return finding("key_revoked", cp.seq, `the checkpoint at seq ${cp.seq} over ${cp.size} events is signed by key ${await keyId(key)}, ` +
              `revoked as compromised at ${r.at} (${r.reason}); its signatures count only up to ${r.trustedUpToSize} events`);
          if (r && cp.size === r.trustedUpToSize && r.trustedRoot.length > 0 && r.trustedRoot !== cp.root)
            return finding("bad_signature", cp.seq, `the checkpoint at seq ${cp.seq} is not the last one the revocation of key ${await keyId(key)} vouches for (root ${r.trustedRoot})`);
          if (!(await ed25519Verify(key, utf8(checkpointText(cp)), cp.signature)))
            return finding("bad_signature", cp.seq, `the checkpoint at seq ${cp.seq} is not signed by key ${await keyId(key)}, the key in charge over ${cp.size} events`);
          if (roots.has(cp.size) && roots.get(cp.size) !== cp.root)
            return finding("bad_signature", cp.seq, `the checkpoint at seq ${cp.seq} is not the one the key rotation after it vouches for (root ${roots.get(cp.size)})`);
          return null;
        },
      },
    };
  }

  const finding = (code, seq, message, eventId = null) => ({ code, seq, eventId, message });

  // ---- The verification, line by line (ExportVerifier.State).
  class Verification {
    constructor(trusted, expectedLog) {
      Object.assign(this, {
        trusted, expectedLog, checkpoints: [], rotations: [], revocations: [], history: null, publicKey: null, tree: null, previous: new Uint8Array(32),
        nextCheckpoint: 0, events: 0, links: 0, lastSeq: 0, keyId: "", statement: null, statementHolds: false, consistencyProven: false,
        nextVersion: new Map(),
      });
    }

    bad(message) { return finding("malformed_export", this.lastSeq, message); }

    async accept(line, number) {
      const kind = str(prop(line, "kind"));
      if ((number === 1) !== (kind === "header")) return this.bad(`line ${number}: the header must be the first line and only there`);
      if (kind === "header") {
        const format = str(prop(line, "format"));
        if (format !== null && TOO_OLD.includes(format))
          return finding("format_too_old", 0, `the export is in format '${format}', whose header is not signed: nothing in it proves the selection ` +
            `complete or the file uncut. Export the same selection again to get '${EXPORT_FORMAT}': the history it holds has not changed, so the same events verify`);
      }
      if (kind === null || !(kind in LINE_MEMBERS)) return this.bad(`line ${number}: unknown kind '${kind}'`);
      exactly(line, LINE_MEMBERS[kind], `line ${number} (${kind})`);
      switch (kind) {
        case "header": return this.header(line);
        case "rotation":
          if (this.tree === null || this.history !== null) return this.bad(`line ${number}: key rotations belong between the prefix and the checkpoints`);
          if (this.revocations.length > 0) return this.bad(`line ${number}: key rotations belong before the revocations`);
          this.rotations.push({
            statement: parseRotation(text(line, "statement")),
            oldSignature: fromBase64(text(line, "oldSignature")), newSignature: fromBase64(text(line, "newSignature")),
          });
          return null;
        case "revocation":
          if (this.tree === null || this.history !== null) return this.bad(`line ${number}: key revocations belong between the rotations and the checkpoints`);
          this.revocations.push({
            statement: parseRevocation(text(line, "statement")),
            signedBy: fromBase64(text(line, "signedBy")), signature: fromBase64(text(line, "signature")),
          });
          return null;
        case "prefix": {
          if (this.tree !== null) return this.bad(`line ${number}: a second prefix`);
          const subtrees = prop(line, "subtrees");
          if (subtrees.t !== "a") malformed("the prefix's subtrees are not a list");
          const roots = subtrees.v.map((s) => fromHex(str(s), 32));
          this.tree = Tree.resume(int64(prop(line, "size")), roots);
          this.previous = fromHex(text(line, "lastHash"), 32);
          return null;
        }
        case "checkpoint": return this.checkpoint(line, number);
        case "consistency": return this.consistency(line, number);
        case "event": case "link": return this.entry(line, kind === "event", number);
        case "gap": return this.gap(line, number);
        case "missing": {
          const seq = int64(prop(line, "seq")), id = uuid(prop(line, "eventId"));
          return finding("event_missing", seq, `event ${id} was chained at seq ${seq} and is gone from the log (deleted or moved)`, id);
        }
        default: {
          const stray = parseRecord(prop(line, "record"));
          return finding("event_unchained", stray.seq, `${describe(stray)} is in the log but was never chained: it was inserted afterwards`, stray.id);
        }
      }
    }

    async header(line) {
      if (str(prop(line, "format")) !== EXPORT_FORMAT) return this.bad(`unknown export format '${str(prop(line, "format"))}'`);
      const headerKey = fromBase64(text(line, "publicKey"));
      if (str(prop(line, "keyId")) !== await keyId(headerKey)) return this.bad("line 1: the header's key id is not the id of its public key");
      // A pinned key need not be the header's: the key's hand-overs in the file connect them, or verification fails.
      this.publicKey = this.trusted ?? headerKey;
      this.keyId = await keyId(this.publicKey);
      this.statement = parseStatement(text(line, "statement"));
      this.statementKeyId = text(line, "statementKeyId");
      this.statementSignature = fromBase64(text(line, "statementSignature"));
      for (const s of this.statement.streams) this.nextVersion.set(s.id, 1);
      return null;
    }

    async checkpoint(line, number) {
      if (this.tree === null || this.events + this.links > 0) return this.bad(`line ${number}: checkpoints belong before the events`);
      if (this.history === null) {
        const { history, failure } = await keyHistory(this.publicKey, this.rotations, this.revocations);
        if (failure) return failure;
        this.history = history;
        const unsigned = await this.checkStatement(history);
        if (unsigned) return unsigned;
      }
      const cp = {
        seq: int64(prop(line, "seq")), size: int64(prop(line, "size")), root: text(line, "root"), head: text(line, "head"),
        at: text(line, "at"), origin: str(prop(line, "origin")),
      };
      if (cp.origin !== null && cp.origin !== this.statement.log)
        return finding("log_mismatch", cp.seq,
          `line ${number}: the checkpoint at seq ${cp.seq} is of the log '${cp.origin}', the export of '${this.statement.log}': checkpoints of another ledger`);
      text(line, "keyId");
      this.history.keyFor(cp.size);
      cp.signature = fromBase64(text(line, "signature"));
      const bad = await this.history.check(cp);
      if (bad) return bad;
      if (this.checkpoints.length > 0 && cp.size <= this.checkpoints[this.checkpoints.length - 1].size)
        return this.bad(`line ${number}: checkpoints out of order`);
      if (cp.size > this.statement.covering.size)
        return finding("unsigned_tail", cp.seq,
          `line ${number}: a checkpoint over ${cp.size} events, past the one the export statement says covers it (${this.statement.covering.size})`);
      this.checkpoints.push(cp);
      return null;
    }

    async checkStatement(history) {
      const key = history.keyAt(this.rotations.length);
      if (this.statementKeyId !== await keyId(key) || !(await ed25519Verify(key, utf8(statementText(this.statement)), this.statementSignature)))
        return finding("bad_signature", 0, `the export statement (its selection, time and checkpoints) is not signed by key ${await keyId(key)}, ` +
          "the key in charge when it was made: the header was edited or comes from another export");
      const revoked = await history.checkStatementKey(key);
      if (revoked) return revoked;
      this.statementHolds = true;
      if (this.expectedLog !== null && this.statement.log !== this.expectedLog)
        return finding("log_mismatch", 0, `the export is of the log '${this.statement.log}', not of '${this.expectedLog}': another ledger's (or another environment's) history`);
      return null;
    }

    async consistency(line, number) {
      if (this.checkpoints.length === 0 || this.consistencyProven || this.events + this.links > 0)
        return this.bad(`line ${number}: the consistency proof belongs once, right after the checkpoints`);
      const { covering: from, latest: to } = this.statement;
      if (int64(prop(line, "fromSize")) !== from.size || int64(prop(line, "toSize")) !== to.size)
        return this.bad(`line ${number}: the consistency proof is not from the covering checkpoint (${from.size} events) to the newest (${to.size})`);
      const proof = prop(line, "proof");
      if (proof.t !== "a") malformed("the proof is not a list");
      const hashes = proof.v.map((h) => fromHex(str(h), 32));
      if (!(await consistent(from.size, to.size, fromHex(from.root, 32), fromHex(to.root, 32), hashes)))
        return finding("inconsistent_checkpoints", to.seq, `the newest checkpoint when the export was made (seq ${to.seq}, ${to.size} events) does not ` +
          `extend the covering one (seq ${from.seq}, ${from.size} events): the log was rewritten after the covering checkpoint was signed, or the proof was edited`);
      this.consistencyProven = true;
      return null;
    }

    selected(record, number) {
      const s = this.statement;
      if (!selects(s, record.streamId, record.timestamp))
        return finding("outside_selection", record.seq, `line ${number}: ${describe(record)} is outside the signed selection`, record.id);
      if (!s.wholeStreams) return null;
      const expected = this.nextVersion.get(record.streamId);
      if (record.version !== expected)
        return finding("incomplete_selection", record.seq, `version ${expected} of stream ${record.streamId} is not in the export before ` +
          `${describe(record)}: an event of the selection was hidden (as a link or in a gap) or removed`, record.id);
      this.nextVersion.set(record.streamId, expected + 1);
      return null;
    }

    pastCovering(seq, number) {
      const covering = this.statement.covering.size;
      return this.tree.count > covering
        ? finding("unsigned_tail", seq, `line ${number} (seq ${seq}) is past the covering checkpoint over ${covering} events: no signature covers it`)
        : null;
    }

    async entry(line, isEvent, number) {
      if (this.tree === null || this.checkpoints.length === 0) return this.bad(`line ${number}: events before the prefix and checkpoints`);
      const seq = int64(prop(line, "seq")), position = int64(prop(line, "position"));
      if (seq <= this.lastSeq || position !== this.tree.count + 1)
        return finding("chain_broken", seq, `line ${number} (seq ${seq}, position ${position}) does not follow seq ${this.lastSeq} at position ${this.tree.count}: lines removed or reordered`);
      const claimed = fromHex(text(line, "hash"), 32);
      let hash;
      if (isEvent) {
        const record = parseRecord(prop(line, "record"));
        if (record.seq !== seq) return this.bad(`line ${number}: the record says seq ${record.seq}, the line ${seq}`);
        const unselected = this.selected(record, number);
        if (unselected) return unselected;
        // After a gap the previous chain hash is not in the file: the Merkle root then vouches for prevHash.
        const prevHash = fromHex(text(line, "prevHash"), 32);
        this.previous ??= prevHash;
        if (!equal(prevHash, this.previous))
          return finding("chain_broken", seq, `${describe(record)} does not link to the line before it: an event before it was removed or reordered`, record.id);
        hash = await sha256(concat(this.previous, utf8(recordText(record))));
        if (!equal(hash, claimed))
          return finding("event_altered", seq, `${describe(record)} does not match its chain hash: its data or metadata changed after it was chained`, record.id);
        this.events++;
      } else {
        hash = claimed;
        this.links++;
      }
      await this.tree.add(hash);
      const tail = this.pastCovering(seq, number);
      if (tail) return tail;
      this.previous = hash;
      this.lastSeq = seq;
      for (; this.nextCheckpoint < this.checkpoints.length && this.checkpoints[this.nextCheckpoint].size === this.tree.count; this.nextCheckpoint++) {
        const cp = this.checkpoints[this.nextCheckpoint];
        const root = toHex(await this.tree.root());
        if (cp.seq !== seq || cp.head !== toHex(hash) || cp.root !== root) {
          const before = this.checkpoints[this.nextCheckpoint - 1];
          return finding("checkpoint_mismatch", cp.seq, `the checkpoint signed at ${cp.at} over ${cp.size} events up to seq ${cp.seq} does not match ` +
            `the events: one or more events after ${before ? `seq ${before.seq}` : "the start"} and up to seq ${cp.seq} were changed, removed or reordered after signing`);
        }
      }
      return null;
    }

    async gap(line, number) {
      if (this.tree === null || this.checkpoints.length === 0) return this.bad(`line ${number}: events before the prefix and checkpoints`);
      const position = int64(prop(line, "position")), size = int64(prop(line, "size"));
      const firstSeq = int64(prop(line, "firstSeq")), lastSeq = int64(prop(line, "lastSeq"));
      if (firstSeq <= this.lastSeq || position !== this.tree.count + 1 || size < 1 || lastSeq < firstSeq + size - 1)
        return finding("chain_broken", firstSeq, `line ${number} (seq ${firstSeq}..${lastSeq}, positions ${position}..${position + size - 1}) does not ` +
          `follow seq ${this.lastSeq} at position ${this.tree.count}: lines removed or reordered`);
      const end = this.tree.count + size;
      const spanned = this.checkpoints.find((c) => c.size > this.tree.count && c.size <= end);
      if (spanned) return this.bad(`line ${number}: a gap covers the end of the checkpoint at seq ${spanned.seq}, whose last event must have its own line`);
      const blocks = alignedBlocks(this.tree.count, size);
      const subtrees = prop(line, "subtrees");
      if (subtrees.t !== "a") malformed("the gap's subtrees are not a list");
      const roots = subtrees.v.map((s) => fromHex(str(s), 32));
      if (roots.length !== blocks.length)
        return this.bad(`line ${number}: ${size} events after position ${this.tree.count} form ${blocks.length} aligned subtrees, not ${roots.length}`);
      for (let k = 0; k < blocks.length; k++) await this.tree.addSubtree(blocks[k], roots[k]);
      const tail = this.pastCovering(firstSeq, number);
      if (tail) return tail;
      this.links += size;
      this.lastSeq = lastSeq;
      this.previous = null;
      return null;
    }

    finish() {
      if (this.tree === null || this.checkpoints.length === 0) return this.bad("the export has no prefix or no checkpoint");
      if (this.nextCheckpoint < this.checkpoints.length) {
        const next = this.checkpoints[this.nextCheckpoint];
        return finding("incomplete_selection", next.seq, `the export ends at position ${this.tree.count} before the checkpoint over ${next.size} events: lines were cut`);
      }
      const s = this.statement, last = this.checkpoints[this.checkpoints.length - 1];
      if (last.seq !== s.covering.seq || last.size !== s.covering.size || last.root !== s.covering.root)
        return finding("incomplete_selection", last.seq, `the export ends at the checkpoint at seq ${last.seq} over ${last.size} events, but its signed ` +
          `statement names the one at seq ${s.covering.seq} over ${s.covering.size}: the file was cut back or its checkpoints swapped`);
      if (this.events !== s.events)
        return finding("incomplete_selection", this.lastSeq, `the export holds ${this.events} events of the selection; its signed statement says ${s.events}: ` +
          "events were hidden (as links or in gaps) or removed");
      const cut = s.wholeStreams ? s.streams.find((x) => this.nextVersion.get(x.id) - 1 !== x.head) : undefined;
      if (cut) return finding("incomplete_selection", this.lastSeq, `stream ${cut.id} ends at version ${this.nextVersion.get(cut.id) - 1} in the export; its signed head is version ${cut.head}`);
      const later = s.latest.size > s.covering.size;
      const sameAsCovering = s.latest.seq === s.covering.seq && s.latest.size === s.covering.size && s.latest.root === s.covering.root;
      if (later ? !this.consistencyProven : !sameAsCovering)
        return this.bad(later ? "the export lacks the consistency proof from its covering checkpoint to the newest one its statement names"
          : "the statement's newest checkpoint is the covering one's size with another root or seq");
      return null;
    }

    result(failure) {
      return {
        holds: failure === null, failure, events: this.events, links: this.links, checkpoints: this.nextCheckpoint, lastSeq: this.lastSeq,
        keyId: this.keyId, statement: this.statementHolds ? this.statement : null,
      };
    }
  }

  // Lines as .NET's TextReader reads them: ended by \n, \r\n or \r; a last line without an ending still counts.
  function lines(text) {
    const all = text.split(/\r\n|\r|\n/);
    if (all.length > 0 && all[all.length - 1] === "") all.pop();
    return all;
  }

  /**
   * Verifies an export's text. `publicKey`: the published key (base64) to pin, or null to trust the key in the file
   * (then compare its id by eye). `log`: the log the export must be of, or null. Resolves to
   * { holds, failure: {code, seq, eventId, message} | null, events, links, checkpoints, lastSeq, keyId, statement }.
   */
  async function verify(content, { publicKey = null, log = null } = {}) {
    const trusted = publicKey ? fromBase64Strict(publicKey) : null;
    const state = new Verification(trusted, log || null);
    try {
      let number = 0;
      for (const line of lines(content.startsWith("\ufeff") ? content.slice(1) : content)) {
        number++;
        if (line.length === 0) continue;
        const failure = await state.accept(parseJson(line), number);
        if (failure) return state.result(failure);
      }
      return state.result(state.finish());
    } catch (e) {
      if (!(e instanceof Malformed)) throw e;
      return state.result(finding("malformed_export", state.lastSeq, `the export is not well formed: ${e.message}`));
    }
  }
  function fromBase64Strict(s) {
    try {
      const key = fromBase64(s.trim());
      if (key.length !== 32) throw new Error();
      return key;
    } catch {
      throw new Error("The public key is not the base64 of a 32-byte Ed25519 key.");
    }
  }

  return { verify, canonical: (text) => canonical(parseJson(text)) };
})();
