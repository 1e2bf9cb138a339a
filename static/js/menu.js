// The header's "Menu" on a phone. Without JavaScript a <details> folds search,
// account and navigation away (templates/base.html); here its summary becomes a
// real button that says whether the menu is open (aria-expanded) and closes on
// Escape. The stylesheet hides the menu only while the button says "false",
// and only on narrow screens: on a wide one the button is not shown at all.

const details = document.querySelector("[data-site-menu]");
const summary = details && details.querySelector("[data-menu-summary]");
const body = details && details.querySelector("[data-menu-body]");

if (details && summary && body) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "menu-toggle";
  button.textContent = summary.textContent;
  button.setAttribute("aria-controls", body.id);
  button.setAttribute("aria-expanded", details.open ? "true" : "false");

  const menu = document.createElement("div");
  menu.className = details.className;
  menu.dataset.siteMenu = "";
  const focused = body.contains(document.activeElement) ? document.activeElement : null;
  menu.append(button, body);
  details.replaceWith(menu);
  if (focused) focused.focus();

  const setOpen = (open) => button.setAttribute("aria-expanded", open ? "true" : "false");
  button.addEventListener("click", () => {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  menu.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || button.getAttribute("aria-expanded") !== "true") return;
    if (getComputedStyle(button).display === "none") return; // wide screen
    setOpen(false);
    button.focus();
  });
}
