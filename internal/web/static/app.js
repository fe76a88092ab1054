// Shows only the levels of the kind chosen in the training and target forms, and a target's
// window and provider for a professional-training target alone; refuses an upload over the
// limit before sending it. The forms work without it: the server checks the level against the
// kind, drops the fields another kind has no use for, and refuses a file too large.
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
  // A file over the upload limit is refused before it is sent, in the server's words: the
  // server refuses it too, but a browser still sending a large file may then show a broken
  // connection instead of the answer.
  function sizeLimit(input) {
    var max = Number(input.dataset.maxBytes);
    input.addEventListener("change", function () {
      var file = input.files[0];
      input.setCustomValidity(file && file.size > max ? input.dataset.tooLarge : "");
      input.reportValidity();
    });
  }
  // The menu button of a narrow screen opens and closes the menu in place; without the script
  // it is a link to the menu, which the style sheet shows as its target.
  function menu(button) {
    if (!button) return;
    var top = button.parentElement;
    button.addEventListener("click", function (e) {
      e.preventDefault();
      var open = top.classList.toggle("menu-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    menu(document.getElementById("menu-button"));
    link(document.getElementById("f-kind"), document.getElementById("f-level"));
    link(document.getElementById("f-kind"), document.getElementById("f-min_level"));
    professional(document.getElementById("f-kind"), [document.getElementById("f-window_days"), document.getElementById("f-provider")]);
    var files = document.querySelectorAll("input[type=file][data-max-bytes]");
    for (var i = 0; i < files.length; i++) sizeLimit(files[i]);
  });
})();
