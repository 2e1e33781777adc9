// The upload page follows an apply: it polls the status endpoint every 1.5 s until the run ends.
(function () {
  "use strict";
  var box = document.getElementById("progress");
  if (!box) return;
  var url = box.dataset.statusUrl;
  var bar = document.getElementById("progress-bar");
  var count = document.getElementById("progress-count");
  var message = document.getElementById("progress-message");
  var error = document.getElementById("progress-error");
  var runLink = document.getElementById("progress-run");
  var template = message.dataset.templateCount;
  function show(data) {
    box.dataset.status = data.status;
    bar.max = Math.max(data.total, 1);
    bar.value = data.finished && !data.error ? bar.max : data.processed;
    count.textContent = template.replace("{done}", data.processed).replace("{total}", data.total);
    message.textContent = data.message;
    if (data.error) { error.textContent = data.error; error.hidden = false; }
    if (data.run_url) { runLink.querySelector("a").href = data.run_url; runLink.hidden = false; }
  }
  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (data) {
        show(data);
        if (!data.finished) window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  if (box.dataset.status === "queued" || box.dataset.status === "applying") poll();
})();
