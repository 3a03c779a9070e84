// Live workshop boards: progressive enhancement over htmx polling. Without this file (or
// without JavaScript) every form posts normally and the page reloads.

// A poll would replace the board under the user's hands: skip it while a select, text
// field or checkbox inside the polled board has focus. Buttons keep focus by their id.
document.addEventListener("htmx:beforeRequest", (event) => {
  const elt = event.detail.elt;
  if (!elt.matches || !elt.matches("[data-poll]")) {
    return;
  }
  const active = document.activeElement;
  if (active && elt.contains(active) && active.matches("select, input, textarea")) {
    event.preventDefault();
  }
});

// Empty the note form once the server has accepted the note.
document.addEventListener("htmx:afterRequest", (event) => {
  const form = event.detail.elt;
  if (form.matches && form.matches("form[data-reset-on-success]")
      && event.detail.xhr.getResponseHeader("X-Workshop-Result") === "ok") {
    form.reset();
  }
});

// When the facilitator moves to the next phase, the parts of the page outside the board
// (the note form) change too: load the whole page again.
const board = document.getElementById("tavla");
const loadedPhase = board && board.dataset.phase;
document.addEventListener("htmx:afterSwap", () => {
  const swapped = document.getElementById("tavla");
  if (loadedPhase && swapped && swapped.dataset.phase !== loadedPhase) {
    window.location.reload();
  }
});
