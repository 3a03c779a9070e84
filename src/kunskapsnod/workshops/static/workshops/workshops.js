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

// Every click on "Lägg plupp" or "Lägg upp lappen" carries a fresh request key, so that a
// request sent twice (a retry on bad wifi, a proxy retrying on failover) is written once,
// while two clicks are two dots. Without JavaScript the key rendered with the form is sent.
function newRequestKey() {
  if (window.crypto.randomUUID) {
    return window.crypto.randomUUID(); // secure contexts only (https, localhost)
  }
  const bytes = window.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

document.addEventListener("htmx:configRequest", (event) => {
  const form = event.detail.elt.closest && event.detail.elt.closest("form");
  if (form && form.querySelector("[data-request-key]")) {
    event.detail.parameters.request_key = newRequestKey();
  }
});

// Empty the note form once the server has accepted the note.
document.addEventListener("htmx:afterRequest", (event) => {
  const form = event.detail.elt;
  if (form.matches && form.matches("form[data-reset-on-success]")
      && event.detail.xhr.getResponseHeader("X-Workshop-Result") === "ok") {
    form.reset();
    for (const field of form.querySelectorAll("[data-counter]")) {
      field.dispatchEvent(new Event("input", { bubbles: true }));  // the counter starts again
    }
  }
});

// When the facilitator moves to a phase whose page differs outside the board too, load the
// whole page again. The board's data-page-parts names what outside it depends on the phase:
// the note form on a participant's page, every phase's controls on the facilitator's. Other
// phase changes — voting to results, results to closed — are the board alone: a hall's
// phones must not all reload the page at the moment the result is shown.
const board = document.getElementById("tavla");
const loadedParts = board && board.dataset.pageParts;
document.addEventListener("htmx:afterSwap", () => {
  const swapped = document.getElementById("tavla");
  if (loadedParts !== undefined && swapped && swapped.dataset.pageParts !== loadedParts) {
    window.location.reload();
  }
});

// Poll skips also while a participant edits their own note (its <details> is open).
document.addEventListener("htmx:beforeRequest", (event) => {
  const elt = event.detail.elt;
  if (elt.matches && elt.matches("[data-poll]") && elt.querySelector("details.own-note-edit[open]")) {
    event.preventDefault();
  }
});

// The characters left on a note, said politely to screen readers as they type.
document.addEventListener("input", (event) => {
  const field = event.target;
  const counter = field.dataset && field.dataset.counter && document.getElementById(field.dataset.counter);
  if (counter) {
    counter.textContent = counter.dataset.template
      .replace("%(n)s", field.value.length)
      .replace("%(max)s", field.maxLength);
  }
});

// Countdowns: every screen counts to the deadline the server stored, corrected by the
// difference between the server's clock (data-now, at rendering) and this device's.
function formatSeconds(total) {
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}

function tick() {
  for (const timer of document.querySelectorAll("[data-timer][data-ends]")) {
    if (!timer.dataset.offset) {
      timer.dataset.offset = String(Date.parse(timer.dataset.now) - Date.now());
    }
    const left = Math.max(0, Math.round((Date.parse(timer.dataset.ends) - Date.now() - Number(timer.dataset.offset)) / 1000));
    const value = timer.querySelector("[data-timer-value]");
    const text = left > 0 ? formatSeconds(left) : timer.dataset.done;
    if (value.textContent !== text) {
      value.textContent = text;
    }
    timer.classList.toggle("done", left === 0);
  }
}
setInterval(tick, 250);
document.addEventListener("DOMContentLoaded", tick);

// Drag and drop on the facilitator's board: a note dropped on a column moves there, a
// note dropped on another note is merged into it (the board offers to undo). The buttons
// on each note and the merge form do the same from the keyboard and without JavaScript.
function boardPost(board, values) {
  const token = board.closest("#tavla").querySelector("input[name=csrfmiddlewaretoken]");
  window.htmx.ajax("POST", board.dataset.action, {
    target: "#tavla",
    swap: "outerHTML",
    values: { ...values, csrfmiddlewaretoken: token ? token.value : "" },
  });
}

document.addEventListener("dragstart", (event) => {
  const note = event.target.closest && event.target.closest("[data-board] [data-note][draggable=true]");
  if (note) {
    event.dataTransfer.setData("text/x-note", note.dataset.note);
    event.dataTransfer.effectAllowed = "move";
    note.classList.add("dragging");
  }
});

document.addEventListener("dragend", (event) => {
  if (event.target.classList) {
    event.target.classList.remove("dragging");
  }
  for (const zone of document.querySelectorAll(".drop-target")) {
    zone.classList.remove("drop-target");
  }
});

function dropZone(event) {
  const board = event.target.closest && event.target.closest("[data-board]");
  if (!board || !event.dataTransfer.types.includes("text/x-note")) {
    return null;
  }
  const note = event.target.closest("[data-note]");
  if (note) {
    return { board, zone: note, values: { action: "merge", target: note.dataset.note } };
  }
  const column = event.target.closest("[data-column]");
  if (column && board.dataset.sorting) {
    return { board, zone: column, values: { action: "place", placement: column.dataset.column } };
  }
  return null;
}

document.addEventListener("dragover", (event) => {
  const drop = dropZone(event);
  if (drop) {
    event.preventDefault();
    for (const zone of document.querySelectorAll(".drop-target")) {
      if (zone !== drop.zone) {
        zone.classList.remove("drop-target");
      }
    }
    drop.zone.classList.add("drop-target");
  }
});

document.addEventListener("drop", (event) => {
  const drop = dropZone(event);
  if (!drop) {
    return;
  }
  event.preventDefault();
  const source = event.dataTransfer.getData("text/x-note");
  if (source && source !== drop.values.target) {
    boardPost(drop.board, { ...drop.values, note: source });
  }
});

// The projector's full-screen button (browsers without the API keep it hidden).
document.addEventListener("DOMContentLoaded", () => {
  const button = document.querySelector("[data-fullscreen]");
  if (button && document.documentElement.requestFullscreen) {
    button.hidden = false;
    button.addEventListener("click", () => document.documentElement.requestFullscreen());
  }
});
