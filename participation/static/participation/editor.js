// Formatting toolbar and preview for textareas that take Markdown.
//
// A textarea marked data-markdown gets, from the page's templates
// (participation/includes/markdown_editor.html, translated there), a row of
// buttons that put Markdown around the selection, and a "Preview" button that
// asks the server to render the text (POST, CSRF token of the form) by the very
// pipeline that stores comments: no second parser here, so the preview shows
// exactly what publishing would. Without JavaScript the textarea works alone
// and the help text under it says what formatting does.
//
// Textareas arriving later (a comment put in place by thread.js) are enhanced
// when they appear.

const PREVIEW_DELAY_MS = 800;

const toolbarTemplate = () => document.querySelector("template[data-markdown-toolbar]");
const previewTemplate = () => document.querySelector("template[data-markdown-preview]");

// Replaces start..end with `text`, keeping the browser's undo history where it
// can (execCommand is the only way to do that for a textarea), then selects
// `selectFrom..selectTo` (offsets into `text`).
function replaceRange(textarea, start, end, text, selectFrom, selectTo) {
  textarea.focus();
  textarea.setSelectionRange(start, end);
  let inserted = false;
  try {
    inserted = document.execCommand("insertText", false, text);
  } catch {
    inserted = false;
  }
  if (!inserted || textarea.value.slice(start, start + text.length) !== text) {
    textarea.setRangeText(text, start, end, "end");
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }
  textarea.setSelectionRange(start + selectFrom, start + selectTo);
}

function wrap(textarea, marker) {
  const { selectionStart: start, selectionEnd: end, value } = textarea;
  const selected = value.slice(start, end);
  const text = `${marker}${selected}${marker}`;
  replaceRange(textarea, start, end, text, marker.length, marker.length + selected.length);
}

// Prefixes each line the selection touches ("- ", "1. ", "> "); an empty line
// inside the selection stays empty, so paragraphs stay apart.
function prefixLines(textarea, prefixFor) {
  const { value } = textarea;
  const start = value.lastIndexOf("\n", textarea.selectionStart - 1) + 1;
  let end = value.indexOf("\n", textarea.selectionEnd);
  if (end === -1) end = value.length;
  let number = 0;
  const lines = value.slice(start, end).split("\n").map((line) => {
    if (!line.trim() && start !== end) return line;
    number += 1;
    return prefixFor(number) + line;
  });
  // No blank line needed before: lists and quotes may interrupt a paragraph.
  const text = lines.join("\n");
  replaceRange(textarea, start, end, text, text.length, text.length);
}

function link(textarea, placeholder) {
  const { selectionStart: start, selectionEnd: end, value } = textarea;
  const label = value.slice(start, end) || placeholder;
  const address = "https://";
  const text = `[${label}](${address})`;
  // The address is what is left to type: select it.
  const at = label.length + 3;
  replaceRange(textarea, start, end, text, at, at + address.length);
}

function csrfToken(textarea) {
  const field =
    (textarea.form && textarea.form.querySelector("input[name=csrfmiddlewaretoken]")) ||
    document.querySelector("[data-thread-csrf] input[name=csrfmiddlewaretoken]") ||
    document.querySelector("input[name=csrfmiddlewaretoken]");
  return field ? field.value : "";
}

function message(body, text) {
  const p = document.createElement("p");
  p.className = "md-preview-message";
  p.textContent = text;
  body.replaceChildren(p);
}

async function renderPreview(editor) {
  const { textarea, body, settings } = editor;
  const text = textarea.value;
  if (!text.trim()) {
    message(body, settings.msgEmpty);
    return;
  }
  const asked = (editor.asked += 1);
  const data = new FormData();
  data.append("text", text);
  const token = csrfToken(textarea);
  try {
    const response = await fetch(settings.previewUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": token },
    });
    const payload = await response.json().catch(() => ({}));
    if (asked !== editor.asked) return; // a newer preview is on its way
    if (!response.ok) {
      message(body, payload.error || settings.msgError);
      return;
    }
    // The server's output: the same sanitised HTML a published comment shows.
    body.innerHTML = payload.html || "";
    if (!payload.html) message(body, settings.msgEmpty);
  } catch {
    if (asked === editor.asked) message(body, settings.msgError);
  }
}

function togglePreview(editor, button) {
  const open = editor.preview.hidden;
  editor.preview.hidden = !open;
  button.setAttribute("aria-expanded", open ? "true" : "false");
  button.textContent = open ? editor.settings.labelHide : editor.settings.labelShow;
  if (open) {
    message(editor.body, editor.settings.msgLoading);
    renderPreview(editor);
  }
}

function enhance(textarea) {
  const toolbarSource = toolbarTemplate();
  const previewSource = previewTemplate();
  if (!toolbarSource || !previewSource || textarea.dataset.markdownReady) return;
  textarea.dataset.markdownReady = "1";

  const toolbar = toolbarSource.content.firstElementChild.cloneNode(true);
  const preview = previewSource.content.firstElementChild.cloneNode(true);
  if (textarea.id) {
    preview.id = `${textarea.id}-preview`;
    toolbar.setAttribute("aria-controls", textarea.id);
    toolbar.querySelector("[data-md=preview]").setAttribute("aria-controls", preview.id);
  }
  textarea.before(toolbar);
  textarea.after(preview);

  const editor = {
    textarea,
    preview,
    body: preview.querySelector("[data-md-preview-body]"),
    settings: toolbarSource.dataset,
    asked: 0,
    timer: 0,
  };

  toolbar.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-md]");
    if (!button) return;
    switch (button.dataset.md) {
      case "bold":
        wrap(textarea, "**");
        break;
      case "italic":
        wrap(textarea, "*");
        break;
      case "list":
        prefixLines(textarea, () => "- ");
        break;
      case "numbered":
        prefixLines(textarea, (n) => `${n}. `);
        break;
      case "quote":
        prefixLines(textarea, () => "> ");
        break;
      case "link":
        link(textarea, button.dataset.mdText || "");
        break;
      case "preview":
        togglePreview(editor, button);
        break;
      default:
    }
  });

  // An open preview follows the text, a moment after typing stops.
  textarea.addEventListener("input", () => {
    if (preview.hidden) return;
    window.clearTimeout(editor.timer);
    editor.timer = window.setTimeout(() => renderPreview(editor), PREVIEW_DELAY_MS);
  });
  // After publishing (the form is reset or the page moves on) the preview closes.
  if (textarea.form) {
    textarea.form.addEventListener("reset", () => {
      if (!preview.hidden) togglePreview(editor, toolbar.querySelector("[data-md=preview]"));
    });
  }
}

function enhanceWithin(root) {
  if (root.matches && root.matches("textarea[data-markdown]")) enhance(root);
  if (root.querySelectorAll) root.querySelectorAll("textarea[data-markdown]").forEach(enhance);
}

enhanceWithin(document);

new MutationObserver((records) => {
  for (const record of records) {
    record.addedNodes.forEach((node) => {
      if (node.nodeType === Node.ELEMENT_NODE) enhanceWithin(node);
    });
  }
}).observe(document.body, { childList: true, subtree: true });
