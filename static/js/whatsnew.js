// The home page's "What's new" feed: prepends items published while the page is
// open. live.js subscribes the section (data-live-stream="cms.whatsnew") and
// dispatches each event on document as "live:whatsnew.item".
// Items are built from DOM nodes and textContent only: the data is never HTML.

const STREAM = "cms.whatsnew";
const MAX_ITEMS = 10;

function kindLabels() {
  const script = document.getElementById("whatsnew-kinds");
  if (!script) return {};
  try {
    return JSON.parse(script.textContent) || {};
  } catch {
    return {};
  }
}

// Only links into this site or to ordinary web addresses; anything else
// ("javascript:", "data:") is dropped and the title is shown as plain text.
function safeHref(raw) {
  if (typeof raw !== "string" || raw === "") return null;
  try {
    const url = new URL(raw, window.location.href);
    if (url.protocol !== "https:" && url.protocol !== "http:") return null;
    return url.origin === window.location.origin
      ? url.pathname + url.search + url.hash
      : url.href;
  } catch {
    return null;
  }
}

function slug(text) {
  return String(text).toLowerCase().replace(/[^a-z0-9-]+/g, "-").slice(0, 40);
}

// Shown like the server-rendered items: in the page's language and the site's
// time zone (the municipality's clock, not the visitor's).
function timeElement(iso, timeZone) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  const options = { dateStyle: "long", timeStyle: "short" };
  const time = document.createElement("time");
  time.dateTime = date.toISOString();
  try {
    time.textContent = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
      ...options,
      timeZone: timeZone || undefined,
    }).format(date);
  } catch {
    // An unknown time zone name: fall back to the visitor's own.
    time.textContent = new Intl.DateTimeFormat(undefined, options).format(date);
  }
  return time;
}

function buildItem(frame, labels, timeZone) {
  const data = frame.data || {};
  const item = document.createElement("li");
  item.className = "feed-item feed-item-new";
  item.dataset.seq = String(frame.seq);

  const kind = typeof data.kind === "string" ? data.kind : "";
  const badge = document.createElement("span");
  badge.className = `badge badge-${slug(kind)}`;
  badge.textContent = labels[kind] || labels[""] || kind;
  item.append(badge, " ");

  const href = safeHref(data.url);
  const title = document.createElement(href ? "a" : "span");
  if (href) title.href = href;
  title.textContent = String(data.title);
  item.append(title);

  const time = timeElement(data.at, timeZone);
  if (time) item.append(" ", time);
  return item;
}

document.addEventListener("live:whatsnew.item", (event) => {
  const frame = event.detail;
  if (!frame || frame.stream !== STREAM || !frame.data || !frame.data.title) return;
  const section = document.querySelector(`[data-live-stream="${STREAM}"]`);
  const list = section && section.querySelector("[data-whatsnew-list]");
  if (!list) return;
  const seq = Number(frame.seq);
  // The server-rendered list may already hold an item the socket replays.
  if (!Number.isInteger(seq) || list.querySelector(`[data-seq="${seq}"]`)) return;

  list.prepend(buildItem(frame, kindLabels(), section.dataset.timeZone));
  while (list.children.length > MAX_ITEMS) list.lastElementChild.remove();
  const empty = section.querySelector("[data-whatsnew-empty]");
  if (empty) empty.hidden = true;
});
