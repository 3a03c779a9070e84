// Live workshop boards: pushed updates over server-sent events, with the htmx poll as the
// fallback. Without JavaScript the board's "Uppdatera tavlan" link reloads the page.
//
// A workshop page names its stream in <meta name="workshop-stream"> (includes/head.html):
//   data-refresh="board"  fetch the board when the workshop or its notes changed (phones
//                         while votes are hidden: a vote by someone else shows nothing)
//   data-refresh="all"    also when the votes changed (projector, facilitator), at most
//                         once a second
//   data-jitter="800"     wait up to this many ms first, so that 600 phones do not all
//                         fetch in the same instant
// The board itself is the page's polled element ([data-poll] with hx-get): while the
// stream is open its timed polls are skipped and it is fetched once per change through
// the same hx-get (whose ?v= version still answers 204 when this page's view is unchanged).
// Elements with data-live="participants|dots|voters" get the new count without a fetch.
// Once the results show, the event carries the phones' board itself (the same for every
// participant): a participant's page (data-board="shared") in the installation's language
// swaps it in at once instead of fetching it, so 600 phones do not ask in the same second.
// When the stream cannot be held open (an old browser, a proxy that buffers, a limit
// answered 429, a server without ASGI) the poll simply goes on, and the stream is tried
// again a minute or so later.
(() => {
  const meta = document.querySelector('meta[name="workshop-stream"]');
  if (!meta || !window.EventSource) {
    return;
  }
  const jitter = Number(meta.dataset.jitter || 0);
  const everyVote = meta.dataset.refresh === "all";
  const takesSharedBoard = meta.dataset.board === "shared";
  const pushed = new WeakSet(); // boards whose next request is a pushed refresh
  let source = null;
  let live = false;
  let shown = null; // the fingerprints of the last event: {board, votes}
  let retryTimer = null;
  let votesThrottle = 0;

  function refresh() {
    window.setTimeout(() => {
      for (const board of document.querySelectorAll("[data-poll][hx-get]")) {
        if (window.htmx) {
          pushed.add(board);
          window.htmx.ajax("GET", board.getAttribute("hx-get"), { source: board, target: board, swap: "outerHTML" });
        }
      }
    }, Math.random() * jitter);
  }

  // The board carried by the event, if this page takes it; false: fetch it instead.
  function showCarried(data) {
    const board = document.querySelector("#tavla[data-poll]");
    if (!takesSharedBoard || !data.html || data.lang !== document.documentElement.lang || !board || !window.htmx) {
      return false;
    }
    window.htmx.swap(board, data.html, { swapStyle: "outerHTML" });
    return true;
  }

  function apply(data) {
    for (const el of document.querySelectorAll("[data-live]")) {
      const value = data[el.dataset.live];
      if (value !== undefined && el.textContent !== String(value)) {
        el.textContent = String(value);
      }
    }
    const before = shown;
    shown = { board: data.board, votes: data.votes };
    if (!before || before.board !== data.board) {
      // the first event after (re)connecting too: a change may have come meanwhile
      if (!showCarried(data)) {
        refresh();
      }
    } else if (everyVote && before.votes !== data.votes && Date.now() >= votesThrottle) {
      votesThrottle = Date.now() + 1000;
      refresh();
    }
  }

  function connect() {
    retryTimer = null;
    source = new EventSource(meta.content);
    source.addEventListener("open", () => {
      live = true;
    });
    source.addEventListener("change", (event) => apply(JSON.parse(event.data)));
    source.addEventListener("closed", (event) => {
      source.close();
      live = false;
      if (!showCarried(JSON.parse(event.data))) {
        refresh();
      }
    });
    source.addEventListener("error", () => {
      // CONNECTING: the browser reconnects by itself; poll meanwhile. CLOSED: the server
      // refused (429, 503, 403): poll, and try the stream again later.
      live = false;
      shown = null;
      if (source.readyState === EventSource.CLOSED && retryTimer === null) {
        retryTimer = window.setTimeout(connect, 60000 + Math.random() * 30000);
      }
    });
  }

  // While the stream is open, skip the board's timed polls; pushed refreshes and requests
  // triggered by an event (a click, the page's own workshop-changed) go through.
  document.addEventListener("htmx:beforeRequest", (event) => {
    const elt = event.detail.elt;
    if (!elt.matches || !elt.matches("[data-poll]")) {
      return;
    }
    if (pushed.has(elt)) {
      pushed.delete(elt);
      return;
    }
    const trigger = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
    if (live && !trigger) {
      event.preventDefault();
    }
  });

  window.addEventListener("pagehide", () => source && source.close());
  connect();
})();
