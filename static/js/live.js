// Live updates for every page: one WebSocket to /ws/live/, opened only when the page
// shows something live (an element with data-live-stream="NAME" data-live-seq="SEQ").
//
// Each event is dispatched on document as CustomEvent("live:event") and as
// CustomEvent("live:" + frame.event), detail = the frame
// ({type, stream, seq, event, data}). "live:subscribed" tells that a stream is
// followed (detail = {type, stream, seq}); "live:reset" ({stream, seq}) that the
// page missed too much and should be reloaded. The element [data-live-status]
// (aria-live) carries the connection state in data-live-state and the texts to
// show in data-text-* attributes, translated by the server.
//
// Pages that add live content later call subscribe(stream, since).
//
// request(name, data, {key}) calls an action an app registered on the server and
// resolves with the ack's data, or rejects with an Error carrying the error
// frame's code, message and fields (codes: see cms/live/consumers.py; "timeout"
// and "connection_lost" come from here). A request made while disconnected waits
// for the connection, opening it if the page follows no stream. Each request has
// an idempotency key (a random one unless given; {key: null} for none), so after a
// reconnect an unanswered request is sent again and the server carries it out at
// most once. Requests without a key are not re-sent: they fail with
// "connection_lost" if the socket dropped before the answer.

const PATH = "/ws/live/";
const PING_MS = 25_000;
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 30_000;
const REQUEST_TIMEOUT_MS = 15_000;
const MAX_PENDING = 10; // re-sent at once after a reconnect: stay under the frame limit
// The server closes with this code when the person, session or address already
// holds as many sockets as it allows (cms/live/consumers.py): another try soon
// would be refused too, so wait the longest delay.
const CLOSE_TOO_MANY_SOCKETS = 4429;
const LONGEST_WAIT_ATTEMPT = 5; // RETRY_MIN_MS * 2 ** 5 is past RETRY_MAX_MS

const streams = new Map(); // name -> last seq seen (null: "from now on")
let socket = null;
let attempt = 0;
let retryTimer = null;
let pingTimer = null;
let awaitingPong = false;
let everOpened = false;
let troubled = false; // lost the connection since it last worked
let suspended = false; // page hidden in the back/forward cache
let resetShown = false;
// id -> {frame, resolve, reject, timer, sent}; Map keeps the order of requests.
const pending = new Map();
let requestCount = 0;

// The socket is wanted while the page follows a stream or awaits an answer.
function wanted() {
  return streams.size > 0 || pending.size > 0;
}

function statusElement() {
  return document.querySelector("[data-live-status]");
}

function setState(state) {
  const status = statusElement();
  if (!status) return;
  status.dataset.liveState = state;
  if (resetShown) return;
  // Say only what a person needs to know: trouble, and recovery from trouble.
  let text = "";
  if (state === "reconnecting") text = status.dataset.textReconnecting || "";
  else if (state === "offline") text = status.dataset.textOffline || "";
  else if (state === "open" && troubled) text = status.dataset.textConnected || "";
  status.textContent = text;
}

function showResetNotice() {
  const status = statusElement();
  if (!status || resetShown) return;
  resetShown = true;
  const link = document.createElement("a");
  link.href = window.location.href;
  link.textContent = status.dataset.textReset || "";
  status.replaceChildren(link);
  status.classList.remove("visually-hidden");
  status.classList.add("live-status--reset");
}

function dispatch(name, detail) {
  document.dispatchEvent(new CustomEvent(name, { detail }));
}

function send(frame) {
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify(frame));
    return true;
  }
  return false;
}

function sendSubscribe(stream) {
  const frame = { action: "subscribe", stream };
  const since = streams.get(stream);
  if (since !== null && since !== undefined) frame.since = since;
  send(frame);
}

function socketUrl() {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  const lang = encodeURIComponent(document.documentElement.lang || "");
  return `${scheme}//${window.location.host}${PATH}?lang=${lang}`;
}

function connect() {
  if (socket || suspended || !wanted()) return;
  if (navigator.onLine === false) {
    setState("offline");
    return;
  }
  clearTimeout(retryTimer);
  retryTimer = null;
  setState(everOpened ? "reconnecting" : "connecting");
  const ws = new WebSocket(socketUrl());
  socket = ws;
  ws.addEventListener("open", () => {
    if (socket !== ws) return;
    attempt = 0;
    everOpened = true;
    setState("open");
    troubled = false;
    awaitingPong = false;
    pingTimer = setInterval(keepAlive, PING_MS);
    for (const stream of streams.keys()) sendSubscribe(stream);
    for (const entry of pending.values()) sendRequest(entry);
  });
  ws.addEventListener("message", (message) => {
    if (socket === ws) receive(message.data);
  });
  ws.addEventListener("close", (event) => {
    if (socket !== ws) return;
    // "open" came first and reset the backoff: restore it, or a refused page
    // would knock again every second.
    if (event.code === CLOSE_TOO_MANY_SOCKETS) {
      attempt = Math.max(attempt, LONGEST_WAIT_ATTEMPT);
    }
    lost();
  });
}

// The socket is gone (or given up on): forget it and try again later.
function lost() {
  dropSocket();
  failUnsafeRequests();
  if (suspended || !wanted()) return;
  troubled = true;
  if (navigator.onLine === false) {
    setState("offline");
    return;
  }
  setState("reconnecting");
  const delay = Math.min(
    RETRY_MAX_MS,
    RETRY_MIN_MS * 2 ** attempt * (1 + Math.random()),
  );
  attempt += 1;
  clearTimeout(retryTimer);
  retryTimer = setTimeout(connect, delay);
}

function dropSocket() {
  clearInterval(pingTimer);
  pingTimer = null;
  const ws = socket;
  socket = null;
  if (ws && ws.readyState < WebSocket.CLOSING) ws.close();
}

function keepAlive() {
  if (awaitingPong) {
    // No answer to the last ping: the connection is dead without knowing it.
    lost();
    return;
  }
  awaitingPong = send({ action: "ping" });
}

function receive(raw) {
  let frame;
  try {
    frame = JSON.parse(raw);
  } catch {
    return;
  }
  if (!frame || typeof frame !== "object") return;
  switch (frame.type) {
    case "event":
      onEvent(frame);
      break;
    case "subscribed":
      if (streams.has(frame.stream)) {
        if (streams.get(frame.stream) === null) streams.set(frame.stream, frame.seq);
        dispatch("live:subscribed", frame);
      }
      break;
    case "reset":
      if (streams.has(frame.stream)) {
        streams.set(frame.stream, frame.seq);
        dispatch("live:reset", { stream: frame.stream, seq: frame.seq });
        showResetNotice();
      }
      break;
    case "pong":
      awaitingPong = false;
      break;
    case "ack":
      settle(frame.id, frame.data, null);
      break;
    case "error":
      if (typeof frame.id === "string" && pending.has(frame.id)) {
        settle(frame.id, null, frame);
        break;
      }
      // A stream the server refuses stays refused: do not ask again on reconnect.
      if (frame.stream && ["forbidden", "too_many_streams", "stream_full"].includes(frame.code)) {
        streams.delete(frame.stream);
      }
      console.warn("live:", frame.code, frame.message);
      break;
    default:
      break;
  }
}

function onEvent(frame) {
  if (!streams.has(frame.stream) || !Number.isInteger(frame.seq)) return;
  const last = streams.get(frame.stream);
  // The server sends each seq once; after a reconnect, be sure anyway.
  if (last !== null && frame.seq <= last) return;
  streams.set(frame.stream, frame.seq);
  dispatch("live:event", frame);
  if (typeof frame.event === "string") dispatch(`live:${frame.event}`, frame);
}

// --- requests ------------------------------------------------------------------
function randomToken() {
  if (crypto.randomUUID) return crypto.randomUUID();
  // randomUUID needs a secure context; a dev server on a LAN address is not one.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function liveError(frame) {
  const error = new Error(frame.message || frame.code);
  error.code = frame.code;
  error.fields = frame.fields || {};
  error.frame = frame;
  return error;
}

function sendRequest(entry) {
  if (send(entry.frame)) entry.sent = true;
}

function settle(id, data, errorFrame) {
  const entry = pending.get(id);
  if (!entry) return; // answered already, or given up on
  pending.delete(id);
  clearTimeout(entry.timer);
  if (!errorFrame) {
    entry.resolve(data);
    return;
  }
  const error = liveError(errorFrame);
  // Retrying with the same key is safe: e.g. after a timeout, the first try
  // may still have been carried out.
  error.key = entry.frame.key ?? null;
  entry.reject(error);
}

// A request without a key that reached the server may have been carried out:
// sending it again could do it twice, so its caller decides.
function failUnsafeRequests() {
  for (const [id, entry] of pending) {
    if (entry.sent && entry.frame.key === undefined) {
      settle(id, null, {
        code: "connection_lost",
        message: "The connection was lost before the answer.",
      });
    }
  }
}

/**
 * Ask the server to carry out action `name` with `data`. Resolves with the
 * ack's data; rejects with an Error that has .code, .message and .fields.
 * `key`: the idempotency key (default: a new random one; null: none). The
 * rejection's .key is the key used, for a retry that must not act twice.
 */
export function request(name, data = {}, { key, timeout = REQUEST_TIMEOUT_MS } = {}) {
  return new Promise((resolve, reject) => {
    if (pending.size >= MAX_PENDING) {
      reject(liveError({ code: "too_many_requests", message: "Too many requests." }));
      return;
    }
    requestCount += 1;
    const id = `r${requestCount}`;
    const frame = { action: "request", id, name, data };
    const idempotencyKey = key === undefined ? randomToken() : key;
    if (idempotencyKey !== null) frame.key = idempotencyKey;
    const entry = { frame, resolve, reject, sent: false };
    entry.timer = setTimeout(
      () => settle(id, null, { code: "timeout", message: "No answer in time." }),
      timeout,
    );
    pending.set(id, entry);
    if (socket) sendRequest(entry);
    else connect();
  });
}

function toSeq(value) {
  const seq = Number.parseInt(value, 10);
  return Number.isInteger(seq) && seq >= 0 ? seq : null;
}

/**
 * Follow `stream` from `since` (the seq the page shows; omit for "from now on").
 * Already followed streams keep their position.
 */
export function subscribe(stream, since = null) {
  if (typeof stream !== "string" || !stream || streams.has(stream)) return;
  streams.set(stream, toSeq(since));
  if (socket) sendSubscribe(stream);
  else connect();
}

/** Stop following `stream`; the socket closes when nothing is followed. */
export function unsubscribe(stream) {
  if (!streams.delete(stream)) return;
  send({ action: "unsubscribe", stream });
  if (!wanted()) {
    clearTimeout(retryTimer);
    dropSocket();
  }
}

/** The last seq seen on `stream` (null if none yet, undefined if not followed). */
export function lastSeq(stream) {
  return streams.get(stream);
}

function start() {
  for (const element of document.querySelectorAll("[data-live-stream]")) {
    const stream = element.dataset.liveStream;
    if (!stream) continue;
    const seq = toSeq(element.dataset.liveSeq);
    const known = streams.get(stream);
    // Two elements of one stream rendered at different moments: take the older.
    if (!streams.has(stream) || (seq !== null && (known === null || seq < known))) {
      streams.set(stream, seq);
    }
  }
  connect();
}

window.addEventListener("offline", () => {
  if (!socket && !retryTimer) return;
  clearTimeout(retryTimer);
  retryTimer = null;
  dropSocket();
  failUnsafeRequests();
  troubled = true;
  setState("offline");
});
window.addEventListener("online", () => {
  attempt = 0;
  if (!socket) connect();
});
// Leaving the page closes the socket on purpose: no "reconnecting" on the way out,
// and a page restored from the back/forward cache catches up from its seqs.
window.addEventListener("pagehide", () => {
  suspended = true;
  clearTimeout(retryTimer);
  retryTimer = null;
  dropSocket();
  failUnsafeRequests();
});
window.addEventListener("pageshow", (event) => {
  if (!event.persisted) return;
  suspended = false;
  attempt = 0;
  connect();
});

start();
