// Live updates and small enhancements for participation/thread.html.
//
// /static/js/live.js subscribes every [data-live-stream] element and dispatches
// "live:<event>" on document. Events carry ids and counts; this module fetches
// the server-rendered fragment of a comment (rendered for this user) and puts it
// in place. Without JavaScript the thread works with plain forms and reloads.

const PARTS = ["header", "body", "support", "response", "actions"];

const threads = () => Array.from(document.querySelectorAll("[data-thread]"));

function threadFor(stream) {
  return threads().find((el) => el.dataset.liveStream === stream) || null;
}

function commentEl(id) {
  return document.getElementById(`comment-${id}`);
}

async function fetchFragment(thread, id) {
  const url = thread.dataset.fragmentUrl.replace(/\/0\/fragment\/$/, `/${id}/fragment/`);
  const next = window.location.pathname + window.location.search;
  const response = await fetch(`${url}?next=${encodeURIComponent(next)}`, {
    credentials: "same-origin",
    headers: { "X-Requested-With": "XMLHttpRequest" },
  });
  if (!response.ok) return null;
  const template = document.createElement("template");
  template.innerHTML = (await response.text()).trim();
  return template.content.querySelector("article");
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

async function refreshComment(thread, id, parts = PARTS) {
  if (!commentEl(id)) return;
  const fresh = await fetchFragment(thread, id);
  const current = commentEl(id);
  if (!fresh || !current) return;
  for (const name of parts) {
    const oldPart = directPart(current, name);
    const newPart = directPart(fresh, name);
    if (!oldPart || !newPart) continue;
    if (name === "support" && oldPart.contains(document.activeElement)) {
      syncSupport(oldPart, newPart);
    } else if (name === "actions" && isBusy(oldPart)) {
      continue;
    } else {
      oldPart.replaceWith(newPart);
    }
  }
  current.className = fresh.className;
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
    await refreshComment(thread, data.id);
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
  const article = await fetchFragment(thread, data.id);
  if (!article || commentEl(data.id)) return;
  const item = document.createElement("li");
  item.append(article);
  if (!data.parent_id && prependsNew(thread)) {
    list.prepend(item);
  } else {
    list.append(item);
  }
  list.hidden = false;
  const empty = thread.querySelector("[data-thread-empty]");
  if (empty) empty.hidden = true;
  announce(
    thread,
    data.parent_id ? thread.dataset.msgNewReply : thread.dataset.msgNewComment,
  );
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
on("comment.updated", (thread, data) => refreshComment(thread, data.id));
on("comment.supported", (thread, data) => refreshComment(thread, data.id, ["support"]));
on("response.published", (thread, data) => refreshComment(thread, data.comment_id));

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
  if (!response.ok) {
    showStatus(form, thread, data.error || thread.dataset.msgError);
    return;
  }
  if (form.dataset.async === "support") {
    if (button) button.setAttribute("aria-pressed", data.supported ? "true" : "false");
    const input = form.querySelector('input[name="support"]');
    if (input) input.value = data.supported ? "0" : "1";
    const count = form.querySelector("[data-support-count]");
    if (count && data.label) count.textContent = data.label;
  } else if (form.dataset.async === "flag") {
    form.querySelectorAll("textarea, button").forEach((el) => {
      el.disabled = true;
    });
    const textarea = form.querySelector("textarea");
    if (textarea) textarea.value = "";
    showStatus(form, thread, data.message);
  }
});
