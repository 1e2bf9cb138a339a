// Progress bars of the jury's background tasks on the organisers' pages (the
// draw, the print run of the letters): each polls its state URL every second
// while the task is queued or running, then reloads the page to show the
// result (or the reason it failed). Without scripts the draw's page says to
// refresh it and the letters' page refreshes itself.
for (const box of document.querySelectorAll("[data-jury-progress]")) {
  const bar = box.querySelector("progress");
  const text = box.querySelector(".jury-progress-text");
  const poll = async () => {
    try {
      const response = await fetch(box.dataset.juryProgress, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.ok) {
        const state = await response.json();
        bar.value = state.progress || 0;
        bar.textContent = `${Math.round((state.progress || 0) * 100)} %`;
        text.textContent = state.text || state.status_display || "";
        if (state.status !== "queued" && state.status !== "running") {
          window.location.reload();
          return;
        }
      }
    } catch {
      // A dropped connection: try again on the next tick.
    }
    window.setTimeout(poll, 1000);
  };
  window.setTimeout(poll, 1000);
}
