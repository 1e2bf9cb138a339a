// Citizen café screens (the facilitator's page, a participant's table, the
// harvest wall, the box on the event page) follow the event's stream: a round
// that starts tells each phone its table ("Runda 2: stolik 3 — Transport") and
// the countdown, new ideas appear with their dot button, dot counts update
// (the wall re-sorts), harvested ideas get their badge. Dot buttons and the
// idea form go over the live socket; without this script they post and reload.
// Frames: events/cafe_live_events.py; actions: events/cafe_actions.py.

// Relative, so it is the very module base.html loads (one socket per page).
import { request } from "../js/live.js";

const roots = Array.from(document.querySelectorAll("[data-cafe]"));
const lang = document.documentElement.lang || "pl";

function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

function labelOf(labels, count) {
  if (labels && typeof labels === "object") return labels[lang] || labels.pl || "";
  return String(count);
}

for (const root of roots) {
  const stream = root.dataset.liveStream;
  const seatKey = root.dataset.seatKey || "";
  const perRound = Number.parseInt(root.dataset.dotsPerRound || "0", 10);
  // The server's clock minus ours: countdowns agree whatever the phone's clock.
  let offset = Date.parse(root.dataset.now) - Date.now() || 0;
  let deadline = null;
  let timer = null;
  const status = root.querySelector("[data-cafe-status]");
  const round = root.querySelector("[data-cafe-round]");
  const line = root.querySelector("[data-cafe-round-line]");
  const countdown = root.querySelector("[data-cafe-countdown]");
  const template = root.querySelector("[data-cafe-idea-template]");
  const isWall = root.hasAttribute("data-cafe-wall");

  function say(message) {
    if (status) status.textContent = message || "";
  }

  function tick() {
    if (!countdown || !deadline) return;
    const left = Math.max(0, Math.round((deadline - (Date.now() + offset)) / 1000));
    const minutes = Math.floor(left / 60);
    const seconds = String(left % 60).padStart(2, "0");
    countdown.textContent = fill(round.dataset.textLeft || "{time}", {
      time: `${minutes}:${seconds}`,
    });
    countdown.hidden = false;
    if (left === 0) stopTimer();
  }

  function startTimer(iso) {
    deadline = Date.parse(iso);
    clearInterval(timer);
    if (Number.isNaN(deadline)) return;
    tick();
    timer = setInterval(tick, 1000);
  }

  function stopTimer() {
    clearInterval(timer);
    timer = null;
  }

  if (countdown?.dataset.deadline) startTimer(countdown.dataset.deadline);

  function tableSection(tableId) {
    return root.querySelector(`[data-table-id="${tableId}"]`);
  }

  function setDotsLeft(count) {
    const element = root.querySelector("[data-cafe-dots-left]");
    if (element) element.textContent = fill(root.dataset.textDotsLeft, { count });
  }

  function setDots(item, count, labels) {
    item.dataset.dots = String(count);
    const label = item.querySelector("[data-dot-count]");
    if (label) label.textContent = labelOf(labels, count);
  }

  function sortWall(list) {
    if (!isWall || !list) return;
    const items = Array.from(list.children);
    items.sort((a, b) => Number(b.dataset.dots) - Number(a.dataset.dots));
    list.replaceChildren(...items);
  }

  function addIdea(idea) {
    if (!template || root.querySelector(`[data-idea-id="${idea.id}"]`)) return;
    const section = tableSection(idea.table);
    const list = section?.querySelector("[data-cafe-ideas]");
    if (!list) return;
    const item = template.content.firstElementChild.cloneNode(true);
    item.dataset.ideaId = String(idea.id);
    item.querySelector(".cafe-idea-text").textContent = idea.text;
    item.querySelector("[data-host-badge]").hidden = !idea.by_host;
    setDots(item, idea.dots, idea.dots_label);
    const form = item.querySelector("[data-cafe-dot]");
    if (form) {
      form.action = form.action.replace(/\/0\/kropka\/$/, `/${idea.id}/kropka/`);
      const hidden = item.querySelector("[data-dot-label]");
      if (hidden) hidden.textContent = `: ${idea.text.slice(0, 60)}`;
    }
    list.append(item);
    section.querySelector("[data-cafe-empty]")?.setAttribute("hidden", "");
    sortWall(list);
  }

  function showSeat(data) {
    const tables = new Map((data.tables || []).map((t) => [t.id, t]));
    const mine = seatKey ? tables.get(data.seats?.[seatKey]) : undefined;
    const number = data.round?.number;
    if (line && round) {
      line.textContent = mine
        ? fill(round.dataset.textSeat, { round: number, table: mine.number, topic: mine.topic })
        : fill(round.dataset.textRunning, { round: number });
    }
    for (const section of root.querySelectorAll(".cafe-table[data-table-id]")) {
      section.classList.toggle(
        "cafe-table-mine",
        Boolean(mine) && section.dataset.tableId === String(mine.id),
      );
    }
    // The idea form writes at the table the person now sits at.
    const select = root.querySelector("[data-cafe-idea-form] [name=table]");
    if (mine && select && select.type === "hidden") select.value = String(mine.id);
    if (seatKey) setDotsLeft(perRound);
  }

  document.addEventListener("live:event", (event) => {
    const frame = event.detail;
    if (frame?.stream !== stream) return;
    const data = frame.data || {};
    switch (frame.event) {
      case "cafe.round_started":
        if (data.now) offset = Date.parse(data.now) - Date.now() || 0;
        showSeat(data);
        if (data.round?.deadline) startTimer(data.round.deadline);
        if (root.hasAttribute("data-cafe-console")) window.location.reload();
        break;
      case "cafe.round_finished":
        stopTimer();
        if (line && round) {
          line.textContent = fill(round.dataset.textFinished, {
            round: data.round?.number,
          });
        }
        if (countdown) countdown.hidden = true;
        break;
      case "cafe.idea_created":
        if (data.idea) addIdea(data.idea);
        break;
      case "cafe.dots":
        for (const [id, entry] of Object.entries(data.dots || {})) {
          const item = root.querySelector(`[data-idea-id="${id}"]`);
          if (item) setDots(item, entry.count, entry.label);
          sortWall(item?.parentElement);
        }
        break;
      case "cafe.harvested":
        for (const id of data.ideas || []) {
          const badge = root.querySelector(`[data-idea-id="${id}"] [data-harvested]`);
          if (badge) badge.hidden = false;
        }
        break;
      default:
        break;
    }
  });

  // Dots and ideas over the socket; the forms still work without it.
  root.addEventListener("submit", async (event) => {
    const form = event.target;
    if (form.matches("[data-cafe-dot]")) {
      event.preventDefault();
      const item = form.closest("[data-idea-id]");
      const on = form.elements.on.value === "1";
      const button = form.querySelector("button");
      button.disabled = true;
      try {
        const answer = await request("cafe.dot", {
          idea: Number(item.dataset.ideaId),
          on,
        });
        form.elements.on.value = answer.dotted ? "0" : "1";
        button.setAttribute("aria-pressed", answer.dotted ? "true" : "false");
        setDotsLeft(answer.dots_left);
        say("");
      } catch (error) {
        say(error.message);
      } finally {
        button.disabled = false;
      }
    } else if (form.matches("[data-cafe-idea-form]")) {
      event.preventDefault();
      const text = form.elements.text;
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      try {
        const answer = await request("cafe.idea_add", {
          table: Number(form.elements.table.value),
          text: text.value,
        });
        text.value = "";
        if (answer.idea) addIdea(answer.idea);
        say("");
      } catch (error) {
        say(error.fields?.text?.[0] || error.message);
      } finally {
        button.disabled = false;
      }
    }
  });
}
