// The live session's screens: facilitator console, participant view, projector
// (data-live-mode on .live-root). The page is rendered from the database with
// the stream's seq; live.js follows the stream from there (replaying what was
// missed after a reconnect) and this module applies each frame, whole state
// per object (events/live_events.py), to the state read from #live-config, and
// redraws. Buttons and forms work without JavaScript (POST); with it they are
// sent over the socket (live.js request()), and the screen changes when the
// frame comes back, for everyone at once.
// Everything is built with DOM nodes and textContent: frame data is never HTML.

import { request } from "../js/live.js";

const root = document.querySelector(".live-root");

function readJson(id) {
  const element = document.getElementById(id);
  if (!element) return null;
  try {
    return JSON.parse(element.textContent);
  } catch {
    return null;
  }
}

const config = readJson("live-config");
const labels = readJson("live-labels") || {};
const mode = root ? root.dataset.liveMode : null;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function fmt(template, n) {
  return String(template || "").replace("%(n)s", String(n));
}

function votesLabel(n) {
  return fmt(labels.votes, n);
}

// --- state ------------------------------------------------------------------------
const state = config ? config.state : null;
const mine = config ? config.mine || { ballots: {}, upvoted: [] } : null;
let clockOffset = 0; // server clock minus ours, in ms

function setClock(serverNow) {
  const server = Date.parse(serverNow);
  if (!Number.isNaN(server)) clockOffset = server - Date.now();
}

function upsert(list, item) {
  const index = list.findIndex((x) => x.id === item.id);
  if (index >= 0) list[index] = { ...list[index], ...item };
  else list.push(item);
}

function onFrame(frame) {
  const data = frame.data || {};
  switch (frame.event) {
    case "event.session":
      state.session = data;
      setClock(data.server_now);
      renderSession();
      break;
    case "event.poll":
      if (mode === "console" && data.counts === null) {
        // The room's frame hides counts; the console keeps its own.
        const known = state.polls.find((p) => p.id === data.id);
        data.counts = known ? known.counts : {};
      }
      upsert(state.polls, data);
      renderPolls();
      break;
    case "event.poll_tallies":
    case "event.console_tallies":
      if (mode === "console" && frame.event === "event.poll_tallies") {
        for (const [id, tally] of Object.entries(data.polls || {})) {
          const poll = state.polls.find((p) => String(p.id) === id);
          if (poll) poll.voters = tally.voters;
        }
      } else {
        for (const [id, tally] of Object.entries(data.polls || {})) {
          const poll = state.polls.find((p) => String(p.id) === id);
          if (!poll) continue;
          poll.voters = tally.voters;
          if (tally.counts !== null && tally.counts !== undefined) poll.counts = tally.counts;
        }
      }
      renderPolls();
      break;
    case "event.question":
      if (data.status === "hidden" && mode !== "console") {
        state.questions = state.questions.filter((q) => q.id !== data.id);
      } else {
        upsert(state.questions, data);
      }
      renderQuestions();
      break;
    case "event.question_tallies":
      for (const [id, n] of Object.entries(data.questions || {})) {
        const question = state.questions.find((q) => String(q.id) === id);
        if (question) question.upvotes = n;
      }
      renderQuestions();
      break;
    default:
      break;
  }
}

// --- errors and requests -------------------------------------------------------------
function showError(message) {
  const box = document.querySelector("[data-live-error]");
  if (!box) {
    if (message) window.alert(message);
    return;
  }
  box.textContent = message || "";
  box.hidden = !message;
}

async function send(name, data, { key } = {}) {
  showError("");
  try {
    return await request(`events.${name}`, data, key === undefined ? {} : { key });
  } catch (error) {
    const fields = Object.values(error.fields || {}).flat();
    showError([error.message, ...fields].filter(Boolean).join(" "));
    throw error;
  }
}

// A command form's fields as the POST would send them: strings. (A new poll's
// "question" and "options" are text, not ids: never turn them into numbers.)
function formData(form) {
  const data = {};
  for (const [name, value] of new FormData(form)) {
    if (name !== "csrfmiddlewaretoken") data[name] = value;
  }
  return data;
}

// Ids and minutes travel as numbers; a field of the same name that holds text
// (poll_create's "question") stays as it is.
const WHOLE_NUMBER = /^\d+$/;

function commandData(name, data) {
  const result = { ...data, event: config.event };
  for (const field of ["item", "poll", "question", "minutes"]) {
    if (typeof result[field] === "string" && WHOLE_NUMBER.test(result[field]) && name !== "poll_create") {
      result[field] = Number(result[field]);
    }
  }
  if (name === "guests_allow") result.allowed = Boolean(result.allowed);
  if (name === "question_pin") result.pinned = Boolean(result.pinned);
  return result;
}

function command(name, data = {}) {
  return send(name, commandData(name, data)).catch(() => {});
}

// Server-rendered command forms (console): sent over the socket instead.
function bindCommandForms(scope) {
  for (const form of scope.querySelectorAll("form[data-command]")) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const name = form.dataset.command;
      command(name, formData(form)).then(() => {
        if (name === "poll_create") form.reset();
      });
    });
  }
}

// --- session ------------------------------------------------------------------------
function field(name) {
  return root.querySelector(`[data-field="${name}"]`);
}

function renderSession() {
  const s = state.session;
  const section = root.querySelector('[data-live-part="session"]');
  if (section) section.className = `live-session live-status-${s.status}`;
  const status = field("status");
  if (status) status.textContent = (labels.status || {})[s.status] || s.status;
  const item = field("item");
  if (item) {
    item.hidden = !s.item;
    field("item-title").textContent = s.item ? s.item.title : "";
    field("item-speaker").textContent = s.item && s.item.speaker ? `— ${s.item.speaker}` : "";
  }
  const message = field("message");
  if (message) {
    message.textContent = s.message || "";
    message.hidden = !s.message;
  }
  for (const form of root.querySelectorAll("[data-show-when]")) {
    const when = form.dataset.showWhen.split(" ");
    const guests = s.guests_allowed ? "guests-on" : "guests-off";
    form.hidden = !(when.includes(s.status) || when.includes(guests));
  }
  for (const li of root.querySelectorAll("[data-agenda-item]")) {
    if (s.item && Number(li.dataset.agendaItem) === s.item.id) li.setAttribute("aria-current", "step");
    else li.removeAttribute("aria-current");
  }
  const join = root.querySelector("[data-guests]");
  if (join) join.hidden = !s.guests_allowed;
  tick();
}

function tick() {
  const timer = field("timer");
  if (!timer) return;
  const deadline = state.session.deadline ? Date.parse(state.session.deadline) : NaN;
  if (Number.isNaN(deadline)) {
    timer.hidden = true;
    return;
  }
  timer.hidden = false;
  const left = Math.max(0, Math.round((deadline - (Date.now() + clockOffset)) / 1000));
  const value = field("timer-value");
  const minutes = Math.floor(left / 60);
  const seconds = String(left % 60).padStart(2, "0");
  value.textContent = left > 0 ? `${minutes}:${seconds}` : labels.time_up || "0:00";
  timer.classList.toggle("is-up", left === 0);
}

// --- polls --------------------------------------------------------------------------
function results(poll) {
  const list = el("ul", { class: "live-results" });
  const total = Math.max(poll.voters || 0, 1);
  for (const option of poll.options) {
    const n = (poll.counts || {})[String(option.id)] || 0;
    list.append(
      el(
        "li",
        {},
        el("span", { class: "live-result-label", text: option.label }),
        " ",
        el("span", { class: "live-result-count", text: String(n) }),
        " ",
        el("progress", { class: "live-bar", max: total, value: n }),
      ),
    );
  }
  return list;
}

function voteForm(poll) {
  const form = el("form", { class: "live-vote-form" });
  const fieldset = el("fieldset", {}, el("legend", { class: "visually-hidden", text: poll.question }));
  const type = poll.kind === "multiple" ? "checkbox" : "radio";
  for (const option of poll.options) {
    const id = `o${poll.id}-${option.id}`;
    fieldset.append(
      el(
        "div",
        { class: "radio" },
        el("input", { type, name: "options", value: option.id, id }),
        " ",
        el("label", { for: id, text: option.label }),
      ),
    );
  }
  form.append(fieldset, el("button", { type: "submit", text: labels.vote }));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const options = [...form.querySelectorAll("input:checked")].map((i) => Number(i.value));
    if (!options.length) return;
    try {
      // No idempotency key: one ballot per participant is the database's rule,
      // so a retry after a lost answer is told "already voted" and changes nothing.
      await send("vote", { poll: poll.id, options }, { key: null });
      mine.ballots[String(poll.id)] = options;
      renderPolls();
    } catch {
      /* shown by send() */
    }
  });
  return form;
}

function buildPoll(poll) {
  const heading = mode === "projector" ? "h2" : "h3";
  const article = el("article", { class: "live-poll card", "data-poll": poll.id });
  article.append(el(heading, { text: poll.question }));
  const status =
    poll.status === "open" ? labels.poll_open : poll.status === "draft" ? labels.poll_draft : labels.poll_closed;
  const meta = [status, votesLabel(poll.voters || 0)];
  if (mode === "console" && poll.revealed) meta.push(labels.revealed);
  article.append(el("p", { class: "live-poll-meta", text: meta.join(" · ") }));
  const voted = mine.ballots[String(poll.id)];
  if (mode === "participant" && poll.status === "open" && config.participant && !voted) {
    article.append(voteForm(poll));
  }
  if (voted) article.append(el("p", { class: "live-voted", text: labels.voted }));
  if (poll.counts) article.append(results(poll));
  else if (mode === "projector") {
    article.append(el("ul", { class: "live-results" }, ...poll.options.map((o) => el("li", {}, el("span", { class: "live-result-label", text: o.label })))));
  }
  if (mode === "console") {
    const buttons = el("p", { class: "live-controls" });
    if (poll.status !== "open") buttons.append(button(labels.open, () => command("poll_open", { poll: poll.id })));
    if (poll.status === "open") buttons.append(button(labels.close, () => command("poll_close", { poll: poll.id }), "button-secondary"));
    if (poll.status !== "draft" && !poll.revealed) buttons.append(button(labels.reveal, () => command("poll_reveal", { poll: poll.id }), "button-secondary"));
    article.append(buttons);
  }
  return article;
}

function button(text, onclick, style) {
  return el("button", { type: "button", class: style, text, onclick });
}

function renderPolls() {
  const part = root.querySelector('[data-live-part="polls"]');
  if (!part) return;
  let polls = state.polls;
  if (mode !== "console") polls = polls.filter((p) => p.status !== "draft");
  if (mode === "projector") {
    // The room's screen shows what is being voted on or what was revealed: the latest.
    polls = polls.filter((p) => p.status === "open" || p.revealed).slice(-1);
  }
  part.replaceChildren(...polls.map(buildPoll));
  if (!polls.length && mode !== "projector") part.append(el("p", { class: "muted", text: labels.no_polls }));
}

// --- questions --------------------------------------------------------------------
function ordered(questions) {
  const rank = (q) => (q.status === "hidden" ? 2 : q.status === "answered" ? 1 : 0);
  return [...questions].sort(
    (a, b) =>
      Number(b.pinned) - Number(a.pinned) ||
      rank(a) - rank(b) ||
      b.upvotes - a.upvotes ||
      a.created_at.localeCompare(b.created_at) ||
      a.id - b.id,
  );
}

function buildQuestion(question) {
  const classes = ["live-question", `is-${question.status}`];
  if (question.pinned) classes.push("is-pinned");
  const li = el("li", { class: classes.join(" "), "data-question": question.id });
  const text = el("p", { class: "live-question-text" });
  if (question.pinned) text.append(el("span", { class: "badge", text: labels.pinned }), " ");
  if (question.status === "answered") text.append(el("span", { class: "badge badge-success", text: labels.answered }), " ");
  if (question.status === "hidden") text.append(el("span", { class: "badge", text: labels.hidden }), " ");
  text.append(question.text);
  li.append(text);
  const meta = el("p", { class: "live-question-meta", text: mode === "projector" ? `+${question.upvotes}` : fmt(labels.upvotes, question.upvotes) });
  if (mode === "participant" && config.participant && question.status !== "hidden") {
    const done = mine.upvoted.includes(question.id);
    meta.append(
      " ",
      el("button", {
        type: "button",
        class: "button-secondary",
        text: "+1",
        disabled: done,
        "aria-pressed": done ? "true" : "false",
        onclick: async () => {
          try {
            await send("question_upvote", { question: question.id }, { key: null });
          } catch (error) {
            if (error.code !== "invalid") return;
          }
          mine.upvoted.push(question.id);
          renderQuestions();
        },
      }),
    );
  }
  li.append(meta);
  if (mode === "console" && question.status !== "hidden") {
    const controls = el("p", { class: "live-controls" });
    controls.append(
      button(question.pinned ? labels.unpin : labels.pin, () => command("question_pin", { question: question.id, pinned: question.pinned ? "" : "on" }), "button-secondary"),
    );
    if (question.status !== "answered") controls.append(button(labels.mark_answered, () => command("question_answer", { question: question.id }), "button-secondary"));
    const reason = el("input", { name: "reason", maxlength: 300, placeholder: labels.reason, "aria-label": labels.reason });
    const hide = el("form", { class: "inline-form" }, reason, el("button", { type: "submit", class: "button-danger", text: labels.hide }));
    hide.addEventListener("submit", (event) => {
      event.preventDefault();
      command("question_hide", { question: question.id, reason: reason.value });
    });
    controls.append(hide);
    li.append(controls);
  } else if (mode === "console" && question.hidden_reason) {
    li.append(el("p", { class: "muted", text: question.hidden_reason }));
  }
  return li;
}

function renderQuestions() {
  const part = root.querySelector('[data-live-part="questions"]');
  if (!part) return;
  let questions = ordered(state.questions);
  if (mode === "projector") questions = questions.filter((q) => q.status === "visible").slice(0, 6);
  part.replaceChildren(...questions.map(buildQuestion));
  if (!questions.length && mode !== "projector") part.append(el("li", { class: "muted", text: labels.no_questions }));
}

// --- start --------------------------------------------------------------------------
function bindAskForm() {
  const form = root.querySelector('form[data-live-form="question_ask"]');
  if (!form) return;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = form.querySelector("textarea");
    try {
      await send("question_ask", { event: config.event, text: text.value });
      text.value = "";
    } catch {
      /* shown by send() */
    }
  });
}

function bindFullscreen() {
  const toggle = root.querySelector("[data-fullscreen]");
  if (!toggle || !document.fullscreenEnabled) return;
  toggle.hidden = false;
  toggle.addEventListener("click", () => {
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen().catch(() => {});
  });
}

function start() {
  setClock(state.session.server_now);
  document.addEventListener("live:event", (event) => {
    const frame = event.detail;
    if (frame.stream === config.stream || frame.stream === config.console_stream) onFrame(frame);
  });
  bindCommandForms(root);
  bindAskForm();
  bindFullscreen();
  renderSession();
  renderPolls();
  renderQuestions();
  root.dataset.liveReady = "true";
  setInterval(tick, 500);
}

// Last: start() reads the module's state and helpers declared above.
if (root && config) start();
