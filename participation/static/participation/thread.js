// Live updates and small enhancements for participation/thread.html.
//
// /static/js/live.js subscribes every [data-live-stream] element and dispatches
// "live:<event>" on document. A comment's events carry its public HTML in every
// language (data.html); this module puts it in place and draws the reader's own
// controls (reply, edit, delete, support, report) from what the page says about
// its reader (data-reader-* on the thread): no request to the server per event.
// Only readers who see more than the public (moderators, officials:
// data-reader-fetch) fetch the comment rendered for them. Support counts arrive
// as snapshots (comment.tallies). Without JavaScript the thread works with plain
// forms and reloads.

const PARTS = ["header", "body", "support", "response", "actions"];

const threads = () => Array.from(document.querySelectorAll("[data-thread]"));

function threadFor(stream) {
  return threads().find((el) => el.dataset.liveStream === stream) || null;
}

function commentEl(id) {
  return document.getElementById(`comment-${id}`);
}

function pageLanguage() {
  return document.documentElement.lang || "";
}

function parseArticle(markup) {
  const template = document.createElement("template");
  template.innerHTML = String(markup).trim();
  return template.content.querySelector("article");
}

async function fetchFragment(thread, id) {
  const url = thread.dataset.fragmentUrl.replace(/\/0\/fragment\/$/, `/${id}/fragment/`);
  const next = window.location.pathname + window.location.search;
  const response = await fetch(`${url}?next=${encodeURIComponent(next)}`, {
    credentials: "same-origin",
    headers: { "X-Requested-With": "XMLHttpRequest" },
  });
  if (!response.ok) return null;
  return parseArticle(await response.text());
}

function readerOf(thread) {
  const data = thread.dataset;
  return {
    id: data.readerId || "",
    mayComment: data.readerMayComment === "1",
    verified: data.readerVerified === "1",
    editWindowMs: Number(data.editWindow || 0) * 1000,
  };
}

// The public rendering has every control a reader might have, hidden: keep
// those this reader has (the server checks again on every action).
function adoptForReader(thread, article) {
  const reader = readerOf(thread);
  const state = article.dataset.state;
  const live = state === "live";
  const own = reader.id !== "" && reader.id === article.dataset.authorId;
  const created = Date.parse(article.dataset.created || "");
  const editable =
    Number.isFinite(created) && Date.now() - created < reader.editWindowMs;
  const allowed = {
    reply: reader.mayComment && live,
    support: reader.mayComment && live && !own,
    edit:
      own && live && editable &&
      (Boolean(article.dataset.parentId) || !("answered" in article.dataset)),
    delete: own && state !== "deleted",
    flag: reader.verified && !own && live,
  };
  for (const el of article.querySelectorAll("[data-control]")) {
    if (allowed[el.dataset.control]) el.hidden = false;
    else el.remove();
  }
  for (const el of article.querySelectorAll("[data-control-fallback]")) {
    if (allowed[el.dataset.controlFallback]) el.remove();
  }
  const here = window.location.pathname + window.location.search;
  const source = thread.querySelector('[data-thread-csrf] input[name="csrfmiddlewaretoken"]');
  for (const form of article.querySelectorAll('form[method="post"]')) {
    let token = form.querySelector('input[name="csrfmiddlewaretoken"]');
    if (!token && source) {
      token = source.cloneNode();
      form.prepend(token);
    }
    const next = form.querySelector('input[name="next"]');
    if (next) next.value = here;
  }
  for (const link of article.querySelectorAll('a[data-control="edit"]')) {
    const url = new URL(link.href, window.location.href);
    url.searchParams.set("next", here);
    link.href = url.pathname + url.search;
  }
  return article;
}

// The comment as this reader should see it: from the event when it carries
// what the reader sees, else rendered by the server for this reader.
async function articleFor(thread, id, data) {
  const html = (data && data.html) || {};
  const markup = html[pageLanguage()] || Object.values(html)[0];
  if (thread.dataset.readerFetch !== "1" && markup) {
    const article = parseArticle(markup);
    if (article) return adoptForReader(thread, article);
  }
  return fetchFragment(thread, id);
}

function announce(thread, message) {
  const region = thread.querySelector("[data-thread-announcer]");
  if (!region || !message) return;
  // Clear first so that the same message twice is announced twice.
  region.textContent = "";
  window.setTimeout(() => {
    region.textContent = message;
  }, 50);
}

function updateCounts(thread, counts) {
  if (!counts) return;
  const anchors = counts.anchors || {};
  document.querySelectorAll("[data-anchor-count]").forEach((el) => {
    el.textContent = String(anchors[el.dataset.anchorCount] || 0);
  });
  const answered = Number(counts.answered || 0);
  const total = Number(counts.top_level || 0);
  document.querySelectorAll("[data-answered-progress]").forEach((el) => {
    el.dataset.answered = String(answered);
    el.dataset.total = String(total);
    if (el instanceof HTMLProgressElement) {
      el.max = Math.max(total, 1);
      el.value = answered;
      return;
    }
    const answeredEl = el.querySelector("[data-answered-count]");
    const totalEl = el.querySelector("[data-total-count]");
    if (answeredEl || totalEl) {
      if (answeredEl) answeredEl.textContent = String(answered);
      if (totalEl) totalEl.textContent = String(total);
    } else if (el.dataset.template) {
      el.textContent = el.dataset.template
        .replace("%(answered)s", String(answered))
        .replace("%(total)s", String(total));
    } else {
      el.textContent = `${answered}/${total}`;
    }
  });
  thread.querySelectorAll("[data-thread-count]").forEach((el) => {
    el.textContent = String(total);
  });
}

// Someone typing a reply or a report must not lose it to a live refresh.
function isBusy(el) {
  if (el.contains(document.activeElement)) return true;
  if (el.querySelector("details[open]")) return true;
  return Array.from(el.querySelectorAll("textarea")).some((t) => t.value.trim() !== "");
}

function directPart(article, name) {
  return article.querySelector(`:scope > [data-part="${name}"]`);
}

function syncSupport(oldPart, newPart) {
  // Keep the focused button; only copy the state over.
  const oldButton = oldPart.querySelector("button[aria-pressed]");
  const newButton = newPart.querySelector("button[aria-pressed]");
  if (oldButton && newButton) {
    oldButton.setAttribute("aria-pressed", newButton.getAttribute("aria-pressed"));
  }
  const oldInput = oldPart.querySelector('input[name="support"]');
  const newInput = newPart.querySelector('input[name="support"]');
  if (oldInput && newInput) oldInput.value = newInput.value;
  const oldCount = oldPart.querySelector("[data-support-count]");
  const newCount = newPart.querySelector("[data-support-count]");
  if (oldCount && newCount) oldCount.textContent = newCount.textContent;
}

async function refreshComment(thread, id, data, parts = PARTS) {
  if (!commentEl(id)) return;
  const fresh = await articleFor(thread, id, data);
  const current = commentEl(id);
  if (!fresh || !current) return;
  const shared = thread.dataset.readerFetch !== "1";
  for (const name of parts) {
    const oldPart = directPart(current, name);
    const newPart = directPart(fresh, name);
    if (!oldPart || !newPart) continue;
    const bothSupportable =
      oldPart.querySelector("button[aria-pressed]") &&
      newPart.querySelector("button[aria-pressed]");
    if (name === "support" && shared && bothSupportable) {
      // The public rendering cannot know whether this reader supports it.
      updateSupportCount(oldPart, newPart.querySelector("[data-support-count]").textContent);
    } else if (name === "support" && oldPart.contains(document.activeElement)) {
      syncSupport(oldPart, newPart);
    } else if (name === "actions" && isBusy(oldPart)) {
      continue;
    } else {
      oldPart.replaceWith(newPart);
    }
  }
  current.className = fresh.className;
  for (const key of ["state", "answered"]) {
    if (key in fresh.dataset) current.dataset[key] = fresh.dataset[key];
    else delete current.dataset[key];
  }
}

function updateSupportCount(part, text) {
  for (const count of part.querySelectorAll("[data-support-count]")) {
    count.textContent = text;
  }
}

function matchesFilters(thread, data) {
  const anchor = thread.dataset.threadAnchor;
  if (anchor) {
    const wanted = anchor === "-" ? "" : anchor;
    if ((data.anchor || "") !== wanted) return false;
  }
  // A new comment has no official response yet.
  return thread.dataset.threadAnswered !== "yes";
}

function prependsNew(thread) {
  const sort = thread.dataset.threadSort;
  return sort === "newest" || sort === "unanswered";
}

// A new top-level comment shows at the top of the first page (newest first) or
// at the end of the last one (other orders); readers of other pages keep theirs.
function onInsertPage(thread) {
  const page = Number(thread.dataset.threadPage || 1);
  const pages = Number(thread.dataset.threadPages || 1);
  return prependsNew(thread) ? page === 1 : page === pages;
}

async function commentCreated(thread, data) {
  if (commentEl(data.id)) {
    await refreshComment(thread, data.id, data);
    return;
  }
  let list;
  if (data.parent_id) {
    const parent = commentEl(data.parent_id);
    if (!parent) return;
    list = parent.querySelector(":scope > [data-replies]");
  } else {
    if (!matchesFilters(thread, data)) return;
    if (!onInsertPage(thread)) {
      // The comment belongs on another page of the thread: counts are already
      // up to date, just say that something new arrived.
      announce(thread, thread.dataset.msgNewComment);
      return;
    }
    list = thread.querySelector("[data-comment-list]");
  }
  if (!list) return;
  const article = await articleFor(thread, data.id, data);
  if (!article || commentEl(data.id)) return;
  place(thread, list, article, Boolean(data.parent_id));
  announce(
    thread,
    data.parent_id ? thread.dataset.msgNewReply : thread.dataset.msgNewComment,
  );
}

function place(thread, list, article, isReply) {
  const item = document.createElement("li");
  item.append(article);
  if (!isReply && prependsNew(thread)) {
    list.prepend(item);
  } else {
    list.append(item);
  }
  list.hidden = false;
  const empty = thread.querySelector("[data-thread-empty]");
  if (empty) empty.hidden = true;
}

// Where a comment just written by this reader goes on this page, or null when
// this page does not show it (another page of the thread, a filter).
function listFor(thread, parentId, anchor) {
  if (parentId) {
    const parent = commentEl(parentId);
    return parent && parent.querySelector(":scope > [data-replies]");
  }
  if (!matchesFilters(thread, { anchor }) || !onInsertPage(thread)) return null;
  return thread.querySelector("[data-comment-list]");
}

// Focus moves to a comment the reader lands on (after sending one, or from a
// link to #comment-<id>): keyboard and screen reader users start there.
function focusComment(article) {
  if (!article) return;
  article.tabIndex = -1;
  article.focus({ preventScroll: false });
}

// The reader's own new comment, sent without reloading: put it in place at
// once (the live event that follows finds it there) and move focus to it.
async function showSent(form, thread, data) {
  const id = data.id;
  const parentId = data.parent_id || null;
  const anchorField = form.querySelector('[name="anchor"]');
  const anchor = anchorField ? anchorField.value : "";
  let article = commentEl(id);
  if (!article) {
    const list = listFor(thread, parentId, anchor);
    const fresh = list ? await fetchFragment(thread, id) : null;
    article = commentEl(id);
    if (!article && list && fresh) {
      place(thread, list, fresh, Boolean(parentId));
      article = fresh;
    }
  }
  if (!article) {
    // Not on this page: go where the page without JavaScript would.
    const next = form.querySelector('input[name="next"]');
    const url = new URL((next && next.value) || window.location.href, window.location.href);
    url.hash = `comment-${id}`;
    window.location.assign(url.href);
    return;
  }
  form.reset();
  for (const textarea of form.querySelectorAll("textarea")) {
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }
  const details = form.closest("details");
  if (details) details.open = false;
  announce(thread, data.message);
  focusComment(article);
}

function showErrors(form, thread, data) {
  const fields = (data && data.fields) || {};
  const messages = [];
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  let first = null;
  for (const [name, errors] of Object.entries(fields)) {
    const field = form.querySelector(`[name="${CSS.escape(name)}"]`);
    if (field) {
      field.setAttribute("aria-invalid", "true");
      first = first || field;
    }
    messages.push(...errors);
  }
  const status = form.querySelector("[data-form-status]");
  const text = [data.error || thread.dataset.msgError, ...messages.filter((m) => m !== data.error)]
    .filter(Boolean)
    .join(" ");
  if (status) status.textContent = text;
  else announce(thread, text);
  if (first) first.focus();
}

function on(eventName, handler) {
  document.addEventListener(`live:${eventName}`, (event) => {
    const frame = event.detail || {};
    const thread = threadFor(frame.stream);
    if (!thread) return;
    const data = frame.data || {};
    updateCounts(thread, data.counts);
    handler(thread, data).catch(() => {});
  });
}

on("comment.created", commentCreated);
on("comment.updated", (thread, data) => refreshComment(thread, data.id, data));
on("response.published", (thread, data) =>
  refreshComment(thread, data.comment_id, data),
);
// A snapshot of support counts, a few times a second at most.
on("comment.tallies", async (thread, data) => {
  const language = pageLanguage();
  for (const [id, tally] of Object.entries(data.supports || {})) {
    const article = commentEl(id);
    const part = article && directPart(article, "support");
    const labels = (tally && tally.label) || {};
    const text = labels[language] || Object.values(labels)[0];
    if (part && text) updateSupportCount(part, text);
  }
});

document.addEventListener("live:reset", (event) => {
  const thread = threadFor((event.detail || {}).stream);
  const notice = thread && thread.querySelector("[data-thread-stale]");
  if (notice) notice.hidden = false;
});

// --- forms sent without a page reload (they work as plain forms too) -------------
function showStatus(form, thread, message) {
  const status = form.querySelector("[data-form-status]");
  if (status) {
    status.textContent = message;
  } else {
    announce(thread, message);
  }
}

document.addEventListener("submit", async (event) => {
  const form = event.target.closest("form[data-async]");
  const thread = form && form.closest("[data-thread]");
  if (!form || !thread) return;
  event.preventDefault();
  const button = form.querySelector("button[type=submit]");
  if (button) button.disabled = true;
  let response;
  try {
    response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
  } catch {
    form.submit();
    return;
  }
  let data = {};
  try {
    data = await response.json();
  } catch {
    data = {};
  }
  if (button) button.disabled = false;
  const writes = form.dataset.async === "comment" || form.dataset.async === "reply";
  if (!response.ok) {
    if (writes) showErrors(form, thread, data);
    else showStatus(form, thread, data.error || thread.dataset.msgError);
    return;
  }
  if (writes) {
    const status = form.querySelector("[data-form-status]");
    if (status) status.textContent = "";
    await showSent(form, thread, data);
    return;
  }
  if (form.dataset.async === "support") {
    if (button) button.setAttribute("aria-pressed", data.supported ? "true" : "false");
    const input = form.querySelector('input[name="support"]');
    if (input) input.value = data.supported ? "0" : "1";
    const count = form.querySelector("[data-support-count]");
    if (count && data.label) count.textContent = data.label;
  } else if (form.dataset.async === "flag") {
    form.querySelectorAll("input[type=radio], textarea, button").forEach((el) => {
      el.disabled = true;
    });
    const textarea = form.querySelector("textarea");
    if (textarea) textarea.value = "";
    showStatus(form, thread, data.message);
  }
});

// Arriving at #comment-<id> (the page without JavaScript is sent there after
// writing a comment; links from e-mails and the moderation queue too).
const landed = /^#comment-(\d+)$/.exec(window.location.hash);
if (landed) focusComment(commentEl(landed[1]));
