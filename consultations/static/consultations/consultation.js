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
