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

const PATH = "/ws/live/";
const PING_MS = 25_000;
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 30_000;

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
  if (socket || suspended || streams.size === 0) return;
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
  });
  ws.addEventListener("message", (message) => {
    if (socket === ws) receive(message.data);
  });
  ws.addEventListener("close", () => {
    if (socket === ws) lost();
  });
}

// The socket is gone (or given up on): forget it and try again later.
function lost() {
  dropSocket();
  if (suspended || streams.size === 0) return;
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
    case "error":
      // A stream the server refuses stays refused: do not ask again on reconnect.
      if (frame.stream && ["forbidden", "too_many_streams"].includes(frame.code)) {
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
  if (streams.size === 0) {
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
});
window.addEventListener("pageshow", (event) => {
  if (!event.persisted) return;
  suspended = false;
  attempt = 0;
  connect();
});

start();
