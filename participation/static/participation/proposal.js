// A proposal's page: when its stream says the proposal took a step or its
// co-signatures changed (participation/proposal_live_events.py), fetch the
// status fragment again and put it in place. The frame carries no HTML: the
// server renders the fragment for this reader (their buttons, their forms).
const root = document.querySelector("[data-proposal]");

async function resync() {
  const status = document.querySelector("[data-proposal-status]");
  if (!root || !status) return;
  // Someone typing a reason or an opinion keeps their text: resync later.
  if (status.contains(document.activeElement) && document.activeElement.matches("textarea, input, select")) {
    status.dataset.stale = "1";
    return;
  }
  const response = await fetch(root.dataset.statusUrl, {
    headers: { Accept: "text/html" },
    credentials: "same-origin",
  });
  if (!response.ok) return;
  status.innerHTML = await response.text();
  delete status.dataset.stale;
}

if (root) {
  const mine = (event) => event.detail && event.detail.stream === root.dataset.liveStream;
  for (const name of ["live:proposal.updated", "live:proposal.signatures"]) {
    document.addEventListener(name, (event) => {
      if (mine(event)) resync();
    });
  }
  // After a reconnect the socket replays what was missed; a reset means too
  // much was missed: the fragment is the whole truth, so fetch it.
  document.addEventListener("live:reset", resync);
  document.addEventListener("focusout", () => {
    const status = document.querySelector("[data-proposal-status]");
    if (status && status.dataset.stale) setTimeout(resync, 0);
  });
  root.dataset.proposalReady = "1";
}
