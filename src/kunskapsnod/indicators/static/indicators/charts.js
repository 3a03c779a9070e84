// Interactive charts, as progressive enhancement: each <div data-vega-spec="ID"> holds a
// server-rendered SVG image; when the vendored Vega libraries are present, the Vega-Lite
// spec in <script type="application/json" id="ID"> is embedded in its place.
// CSP-safe: Vega parses expressions to an AST and evaluates them with vega-interpreter,
// so nothing is compiled with `new Function`; vega-embed's own <style> is not injected
// (defaultStyle: false) and its tooltip styles live in indicators.css.
(function () {
  "use strict";

  function options() {
    return {
      renderer: "svg",
      ast: true,
      expr: window.vegaInterpreter.expressionInterpreter,
      defaultStyle: false,
      actions: false,
      tooltip: { disableDefaultStyle: true },
    };
  }

  function embed(container) {
    const source = document.getElementById(container.dataset.vegaSpec);
    if (!source) {
      return;
    }
    const target = document.createElement("div");
    target.className = "chart-live";
    container.appendChild(target);
    window
      .vegaEmbed(target, JSON.parse(source.textContent), options())
      .then(function () {
        container.classList.add("is-interactive");
      })
      .catch(function (error) {
        target.remove();
        console.warn("Diagrammet kunde inte ritas interaktivt; den statiska bilden visas.", error);
      });
  }

  function ready() {
    if (!window.vegaEmbed || !window.vegaInterpreter) {
      return;
    }
    document.querySelectorAll("[data-vega-spec]").forEach(embed);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
