// Shows only the levels of the kind chosen in the training and target forms, and a target's
// window and provider for a professional-training target alone. The forms work without it: the
// server checks the level against the kind, and drops the fields another kind has no use for.
(function () {
  var groups = { political_theory: 0, education: 1 };
  function link(kindSelect, levelSelect) {
    if (!kindSelect || !levelSelect) return;
    function update() {
      var want = groups[kindSelect.value];
      var optgroups = levelSelect.querySelectorAll("optgroup");
      for (var i = 0; i < optgroups.length; i++) {
        var on = want === i;
        optgroups[i].hidden = !on;
        optgroups[i].disabled = !on;
      }
      var chosen = levelSelect.selectedOptions[0];
      if (chosen && chosen.parentElement.disabled) levelSelect.value = "";
      levelSelect.disabled = want === undefined;
    }
    kindSelect.addEventListener("change", update);
    update();
  }
  function professional(kindSelect, fields) {
    if (!kindSelect || !fields[0]) return;
    function update() {
      for (var i = 0; i < fields.length; i++) fields[i].disabled = kindSelect.value !== "professional_training";
    }
    kindSelect.addEventListener("change", update);
    update();
  }
  document.addEventListener("DOMContentLoaded", function () {
    link(document.getElementById("f-kind"), document.getElementById("f-level"));
    link(document.getElementById("f-kind"), document.getElementById("f-min_level"));
    professional(document.getElementById("f-kind"), [document.getElementById("f-window_days"), document.getElementById("f-provider")]);
  });
})();
