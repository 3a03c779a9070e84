// The entry form: the project fields are shown only while the kind is Projekt. Hidden,
// the fieldset is also disabled, so what was typed there is not sent (the server refuses
// project fields on other kinds). A fieldset holding an error stays shown. Without
// JavaScript every field shows and the legend says whom the project fields concern.
(function () {
  "use strict";
  var fieldset = document.getElementById("project-fields");
  if (!fieldset) return;
  var kind = document.getElementById(fieldset.dataset.kindField);
  if (!kind) return;
  var hasErrors = fieldset.querySelector(".errors") !== null;

  function update() {
    var project = kind.value === fieldset.dataset.projectKind;
    var hide = !project && !hasErrors;
    fieldset.hidden = hide;
    fieldset.disabled = hide;
  }

  kind.addEventListener("change", function () {
    hasErrors = false;
    update();
  });
  update();
})();
