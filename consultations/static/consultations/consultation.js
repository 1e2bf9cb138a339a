// Consultation page: tells the reader when a new version of the draft is out.
// Comment counts and the "answered" progress are updated by participation's
// thread.js from the same stream; the page works fully without this script.

const root = document.querySelector("[data-consultation-stream]");

if (root) {
  const stream = root.dataset.consultationStream;
  const notice = document.querySelector("[data-version-notice]");

  document.addEventListener("live:act.version_published", (event) => {
    if (!notice || event.detail?.stream !== stream) return;
    notice.hidden = false;
  });
}

// --- comments beside the text (wide screens) ---------------------------------
// Without JavaScript, or on a narrower screen, "Comments on this provision" and
// "Comment on this provision" are plain links: the page reloads with the thread
// filtered to that provision (?anchor=) or the form preselected (?przepis=), in
// the normal flow below the act. On a wide screen they instead put the thread,
// filtered to that provision by the server, in a column beside the act
// (.is-side-by-side), without leaving the page; "Show the comments below the
// text" puts everything back.

const WIDE = window.matchMedia("(min-width: 1100px)");
const article = root;
const act = document.querySelector(".draft-act");

async function loadThread(params) {
  const url = new URL(window.location.pathname, window.location.href);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) return null;
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  return page.querySelector("[data-thread]");
}

function closeButton(thread) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button-secondary side-by-side-close";
  button.textContent = article.dataset.textBelow || "";
  button.addEventListener("click", async () => {
    article.classList.remove("is-side-by-side");
    button.remove();
    const fresh = await loadThread(Object.fromEntries(new URLSearchParams(window.location.search)));
    const current = document.querySelector("[data-thread]");
    if (fresh && current) current.replaceWith(fresh);
    const heading = (fresh || current).querySelector("h2");
    if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    }
  });
  thread.prepend(button);
}

async function showBeside(anchor, { write }) {
  const current = document.querySelector("[data-thread]");
  if (!current) return false;
  const fresh = await loadThread({ anchor });
  if (!fresh) return false;
  current.replaceWith(fresh);
  article.classList.add("is-side-by-side");
  closeButton(fresh);
  for (const el of document.querySelectorAll(".provision[data-beside]")) delete el.dataset.beside;
  const provision = document.getElementById(`provision-${anchor}`);
  if (provision) provision.dataset.beside = "";
  const text = write && fresh.querySelector("#comment-form textarea[name=text]");
  if (text) {
    text.focus();
    return true;
  }
  // Reading: the column opens at the provision's comments (the form stays
  // above them), and focus goes there too.
  const start =
    fresh.querySelector("[data-thread-range]") ||
    fresh.querySelector("[data-thread-empty]:not([hidden])") ||
    fresh.querySelector("h2");
  if (start) {
    const offset = start.getBoundingClientRect().top - fresh.getBoundingClientRect().top;
    fresh.scrollTop += offset - 8;
    start.tabIndex = -1;
    start.focus({ preventScroll: true });
  }
  return true;
}

if (article && act && article.dataset.textBelow) {
  act.addEventListener("click", async (event) => {
    if (!WIDE.matches || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target.closest("a.provision-comments, a.provision-comment-link");
    if (!link) return;
    const url = new URL(link.href, window.location.href);
    const write = link.classList.contains("provision-comment-link");
    // Writing needs the form: a reader who cannot comment follows the link.
    if (write && url.hash !== "#comment-form") return;
    const anchor = url.searchParams.get(write ? "przepis" : "anchor");
    if (!anchor || url.pathname !== window.location.pathname) return;
    event.preventDefault();
    if (!(await showBeside(anchor, { write }))) window.location.assign(link.href);
  });
  // A click before this runs follows the plain link (the page without
  // JavaScript); the marker tells browser tests the column is ready.
  article.dataset.besideReady = "";
}
