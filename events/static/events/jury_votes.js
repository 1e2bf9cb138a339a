// A citizen jury's votes on the live pages (a juror's phone, the console, the
// projector, the recommendations page): each [data-jury-part] is rendered
// again from its data-jury-url when a jury frame arrives (a vote opened or
// closed, the number of voters changed), so the projector shows the count
// while a vote is open and the result once it closes. Ballots and the
// facilitators' buttons go over the live socket; without this script they
// post and reload. Frames: events/jury_votes_live_events.py; actions:
// events/jury_actions.py.

// Relative, so it is the very module base.html loads (one socket per page).
import { request } from "../js/live.js";

const FRAMES = [
  "live:jury.recommendation",
  "live:jury.voters",
  "live:jury.drafting",
  "live:jury.groups",
];
// The small groups of the agenda item under way are marked "now": a session
// frame that moves to another item refreshes the parts, other session frames
// (countdown, message) do not.
let lastItem;
let timer = null;
let busy = false;
let again = false;

function parts() {
  return Array.from(document.querySelectorAll("[data-jury-part][data-jury-url]"));
}

async function refresh() {
  if (busy) {
    again = true;
    return;
  }
  busy = true;
  try {
    for (const part of parts()) {
      const response = await fetch(part.dataset.juryUrl, {
        credentials: "same-origin",
        headers: { Accept: "text/html" },
      });
      if (!response.ok) continue;
      const holder = document.createElement("div");
      holder.innerHTML = (await response.text()).trim();
      const fresh = holder.querySelector("[data-jury-part]");
      if (!fresh) continue;
      // Keep a half-chosen ballot: a refresh from someone else's vote must not
      // clear the radio a juror just tapped.
      const chosen = {};
      for (const input of part.querySelectorAll("form[data-jury-ballot] input:checked")) {
        chosen[input.id] = true;
      }
      part.replaceWith(fresh);
      for (const id of Object.keys(chosen)) {
        const input = fresh.querySelector(`#${CSS.escape(id)}`);
        if (input) input.checked = true;
      }
      bind(fresh);
    }
  } finally {
    busy = false;
    if (again) {
      again = false;
      schedule();
    }
  }
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(refresh, 150);
}

function showError(form, error) {
  const box = form.querySelector(".jury-ballot-error");
  if (box) {
    box.textContent = error.message || String(error);
    box.hidden = false;
  } else {
    window.alert(error.message || String(error));
  }
}

function bind(scope) {
  for (const form of scope.querySelectorAll("form[data-jury-ballot]")) {
    form.addEventListener("submit", async (event) => {
      const choice = form.querySelector("input[name=option]:checked");
      if (!choice) return; // the browser's own "required" message
      event.preventDefault();
      const button = form.querySelector("button[type=submit]");
      if (button) button.disabled = true;
      try {
        // No idempotency key: the server keeps no receipt of a ballot (it
        // would say who voted and when); a repeat is refused as "already voted".
        await request(
          "jury.vote",
          { recommendation: Number(form.dataset.juryBallot), option: choice.value },
          { key: null },
        );
        schedule();
      } catch (error) {
        if (button) button.disabled = false;
        showError(form, error);
      }
    });
  }
  for (const form of scope.querySelectorAll("form[data-jury-command]")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = { name: form.dataset.juryCommand };
      const rec = form.querySelector("input[name=recommendation]");
      const jury = form.querySelector("input[name=jury]");
      if (rec) data.recommendation = Number(rec.value);
      if (jury) data.jury = Number(jury.value);
      try {
        await request("jury.command", data);
        schedule();
      } catch (error) {
        showError(form, error);
      }
    });
  }
}

if (parts().length) {
  bind(document);
  for (const name of FRAMES) document.addEventListener(name, schedule);
  document.addEventListener("live:event.session", (event) => {
    const data = (event.detail && event.detail.data) || {};
    const item = data.item ? data.item.id : null;
    if (lastItem !== undefined && item !== lastItem) schedule();
    lastItem = item;
  });
}
