// Citizen café screens (the facilitator's page, a participant's table, the
// harvest wall, the box on the event page) follow the event's stream: a round
// that starts tells each phone its table ("Runda 2: stolik 3 — Transport") and
// the countdown, new ideas appear with their dot button, dot counts update
// (the wall re-sorts), harvested ideas get their badge, hidden or deleted ideas
// leave every screen. Dot buttons, the idea form and the hide and delete forms
// go over the live socket; without this script they post and reload.
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
  let dotsLeft = Number.parseInt(root.dataset.dotsLeft || "0", 10);
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

  // A form posted from this page is on its way: its answer shows the new
  // state, and a reload now would cancel it.
  let leaving = false;
  document.addEventListener("submit", (event) => {
    if (!event.defaultPrevented) leaving = true;
  });

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
    dotsLeft = count;
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
    const hideBox = item.querySelector("[data-cafe-hide-box]");
    if (hideBox) {
      hideBox.hidden = !section.hasAttribute("data-can-hide");
      const hideForm = hideBox.querySelector("form");
      hideForm.action = hideForm.action.replace(/\/0\/ukryj\/$/, `/${idea.id}/ukryj/`);
    }
    const deleteForm = item.querySelector("[data-cafe-delete]");
    if (deleteForm) {
      deleteForm.action = deleteForm.action.replace(/\/0\/usun\/$/, `/${idea.id}/usun/`);
    }
    list.append(item);
    section.querySelector("[data-cafe-empty]")?.setAttribute("hidden", "");
    sortWall(list);
  }

  // Hidden by a moderator or deleted by its author: gone from this screen,
  // from the harvest choices, and a dot given to it this round is free again.
  function removeIdea(id) {
    const item = root.querySelector(`[data-idea-id="${id}"]`);
    if (item) {
      const dot = item.querySelector("[data-cafe-dot]");
      if (dot?.hasAttribute("data-dot-now") && seatKey) {
        setDotsLeft(Math.min(perRound, dotsLeft + 1));
      }
      const list = item.parentElement;
      item.remove();
      if (list && !list.children.length) {
        list.closest("[data-table-id]")?.querySelector("[data-cafe-empty]")?.removeAttribute("hidden");
      }
    }
    root.querySelector(`.cafe-harvest-choice input[value="${id}"]`)?.closest(".cafe-harvest-choice")?.remove();
  }

  // A new round: last round's dots are spent, its ideas can no longer be
  // deleted by their authors.
  function newRoundBudget() {
    for (const form of root.querySelectorAll("[data-dot-now]")) form.removeAttribute("data-dot-now");
    for (const form of root.querySelectorAll("[data-cafe-delete]")) form.hidden = true;
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
    if (select && select.type === "hidden" && seatKey) {
      select.value = mine ? String(mine.id) : "";
      const box = root.querySelector("[data-cafe-idea-box]");
      if (box) box.hidden = !mine;
    }
    if (seatKey) setDotsLeft(perRound);
  }

  // The facilitator's seating list, read again from the server (the streams
  // name nobody); a burst of check-ins at the door makes one request.
  const consoleStream = root.dataset.consoleStream || "";
  let seatingTimer = null;
  function refreshSeating() {
    const url = root.dataset.seatingUrl;
    if (!url || !root.querySelector("[data-cafe-seating]")) return;
    clearTimeout(seatingTimer);
    seatingTimer = setTimeout(async () => {
      try {
        const response = await fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" });
        if (!response.ok) return;
        const current = root.querySelector("[data-cafe-seating]");
        const open = new Set(
          Array.from(current.querySelectorAll("details[open] summary"), (s) => s.textContent),
        );
        const holder = document.createElement("div");
        holder.innerHTML = await response.text();
        const fresh = holder.querySelector("[data-cafe-seating]");
        if (!fresh) return;
        // Keep the rounds the facilitator opened open.
        for (const details of fresh.querySelectorAll("details")) {
          if (open.has(details.querySelector("summary")?.textContent)) details.open = true;
        }
        current.replaceWith(fresh);
      } catch {
        // Offline for a moment: the next change or a reload brings it.
      }
    }, 250);
  }

  document.addEventListener("live:event", (event) => {
    const frame = event.detail;
    if (consoleStream && frame?.stream === consoleStream) {
      if (frame.event === "cafe.attendance_changed") refreshSeating();
      return;
    }
    if (frame?.stream !== stream) return;
    const data = frame.data || {};
    if (
      ["cafe.round_started", "cafe.round_finished", "cafe.setup_changed"].includes(frame.event)
    ) {
      refreshSeating();
    }
    switch (frame.event) {
      case "cafe.round_started":
        if (data.now) offset = Date.parse(data.now) - Date.now() || 0;
        newRoundBudget();
        showSeat(data);
        if (data.round?.deadline) startTimer(data.round.deadline);
        // The facilitator's page lists who sits where: another facilitator
        // started this round, so show it (not after our own start, which
        // already shows it with its message).
        if (
          root.hasAttribute("data-cafe-console") &&
          !leaving &&
          String(data.round?.id) !== root.dataset.runningRound
        ) {
          window.location.reload();
        }
        break;
      case "cafe.round_finished":
        stopTimer();
        for (const form of root.querySelectorAll("[data-cafe-delete]")) form.hidden = true;
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
      case "cafe.idea_removed":
        removeIdea(data.idea);
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
        form.toggleAttribute("data-dot-now", answer.dotted);
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
        if (answer.idea) {
          addIdea(answer.idea);
          // The stream's frame may have brought it first: either way it is
          // ours, and ours to delete while the round runs.
          const mine = root.querySelector(`[data-idea-id="${answer.idea.id}"] [data-cafe-delete]`);
          if (mine) mine.hidden = !answer.deletable;
        }
        say("");
      } catch (error) {
        say(error.fields?.text?.[0] || error.message);
      } finally {
        button.disabled = false;
      }
    } else if (form.matches("[data-cafe-hide]") || form.matches("[data-cafe-delete]")) {
      event.preventDefault();
      const id = Number(form.closest("[data-idea-id]").dataset.ideaId);
      const hiding = form.matches("[data-cafe-hide]");
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      try {
        if (hiding) {
          await request("cafe.idea_hide", {
            idea: id,
            category: form.elements.category.value,
            reason: form.elements.reason.value,
          });
        } else {
          await request("cafe.idea_delete", { idea: id });
        }
        removeIdea(id);
        say(hiding ? root.dataset.textHidden : root.dataset.textDeleted);
      } catch (error) {
        const message =
          error.fields?.reason?.[0] || error.fields?.category?.[0] || error.message;
        // A hide form's error shows in it, next to the reason to fix.
        const slot = form.querySelector("[data-cafe-hide-error]");
        if (slot) {
          slot.textContent = message;
          slot.hidden = false;
        } else {
          say(message);
        }
        button.disabled = false;
      }
    }
  });
}
