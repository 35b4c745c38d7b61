// Small progressive enhancement; every page works without it.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("scenario-form");
  if (form) {
    form.addEventListener("submit", function () {
      var note = document.getElementById("running");
      if (note) { note.hidden = false; }
    });
  }
});
