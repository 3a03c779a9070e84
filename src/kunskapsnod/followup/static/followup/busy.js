// A form whose work takes a while (the annual report is written and made into a PDF in
// the request): once submitted, its button is disabled and says what is going on, so the
// user neither wonders nor submits twice. Without JavaScript the form posts as usual.
//   <button data-busy-label="Skapar rapporten …">  the text while the server works
//   <span data-busy-status role="status">         says the same to screen readers
document.addEventListener("submit", (event) => {
  const form = event.target;
  const button = form.querySelector && form.querySelector("button[data-busy-label]");
  if (!button || event.defaultPrevented) {
    return;
  }
  // After this event: a button disabled now would leave the form's data.
  window.setTimeout(() => {
    button.dataset.idleLabel = button.textContent;
    button.textContent = button.dataset.busyLabel;
    button.disabled = true;
    form.setAttribute("aria-busy", "true");
    const status = form.querySelector("[data-busy-status]");
    if (status) {
      status.textContent = button.dataset.busyLabel;
    }
  }, 0);
});

// Back from the next page (the browser's page cache): the button works again.
window.addEventListener("pageshow", (event) => {
  if (!event.persisted) {
    return;
  }
  for (const button of document.querySelectorAll("button[data-busy-label][data-idle-label]")) {
    button.textContent = button.dataset.idleLabel;
    button.disabled = false;
    button.closest("form").removeAttribute("aria-busy");
  }
  for (const status of document.querySelectorAll("[data-busy-status]")) {
    status.textContent = "";
  }
});
