/* The portal's photos: with S3 configured, each photo goes from the phone straight to the bucket
   (a presigned POST the shop hands out), then the shop is told to take it. Without S3, or
   without JavaScript, the form sends the photos to the shop itself. Deleting asks first. */
(function () {
  "use strict";
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  document.querySelectorAll("form.photo-upload input[type=file]").forEach(function (input) {
    var chosen = input.form.querySelector(".photo-chosen");
    input.addEventListener("change", function () {
      chosen.textContent = Array.prototype.map.call(input.files || [], function (f) { return f.name; }).join(", ");
    });
  });
  var form = document.querySelector("form.photo-upload[data-presign]");
  if (!form || !window.fetch || !window.FormData) return;
  var input = form.querySelector("input[type=file]");
  var progress = form.querySelector(".photo-progress");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function post(url, data) {
    data.append("csrfmiddlewaretoken", csrf);
    return fetch(url, {
      method: "POST", body: data, credentials: "same-origin",
      headers: {"Accept": "application/json", "X-CSRFToken": csrf}
    });
  }

  // Resolves once the shop has answered about the photo (its message is shown after the reload);
  // rejects when the photo could not travel (no connection, S3 refused it).
  function sendOne(file) {
    var ask = new FormData();
    ask.append("content_type", file.type || "application/octet-stream");
    return post(form.dataset.presign, ask).then(function (response) {
      if (response.status === 400) return "refused";
      if (!response.ok) throw new Error(form.dataset.failed);
      return response.json().then(function (answer) {
        var upload = new FormData();
        Object.keys(answer.fields).forEach(function (name) { upload.append(name, answer.fields[name]); });
        upload.append("file", file);
        return fetch(answer.url, {method: "POST", body: upload}).then(function (stored) {
          if (!stored.ok) throw new Error(form.dataset.failed);
          var done = new FormData();
          done.append("token", answer.token);
          done.append("name", file.name || "");
          return post(form.dataset.uploaded, done).then(function () { return "answered"; });
        });
      });
    });
  }

  form.addEventListener("submit", function (event) {
    var files = Array.prototype.slice.call(input.files || []);
    if (!files.length) return;  // the shop answers "choose a photo first"
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    var answered = 0, lost = 0;
    var chain = Promise.resolve();
    files.forEach(function (file, index) {
      chain = chain.then(function () {
        progress.textContent = form.dataset.sending
          .replace("{number}", index + 1).replace("{count}", files.length);
        return sendOne(file).then(function () { answered += 1; }, function () { lost += 1; });
      });
    });
    chain.then(function () {
      if (lost && !answered) {
        progress.textContent = form.dataset.failed;
        button.disabled = false;
        return;
      }
      window.location.reload();
    });
  });
})();
