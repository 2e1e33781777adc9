// The countdown before an event opens. The page already says how many days are left; this only
// makes it tick (days, hours, minutes, seconds) and reloads the page when the event opens.
(function () {
  "use strict";
  var node = document.querySelector(".countdown[data-starts]");
  if (!node) return;
  var starts = Date.parse(node.getAttribute("data-starts"));
  if (isNaN(starts)) return;
  var unit = function (name) { return node.getAttribute("data-" + name) || ""; };
  function tick() {
    var left = Math.max(0, Math.floor((starts - Date.now()) / 1000));
    if (left === 0) { window.location.reload(); return; }
    var days = Math.floor(left / 86400), hours = Math.floor((left % 86400) / 3600);
    var minutes = Math.floor((left % 3600) / 60), seconds = left % 60;
    node.textContent = (days ? days + " " + unit("days") + " " : "") + hours + " " + unit("hours") +
      " " + minutes + " " + unit("minutes") + " " + seconds + " " + unit("seconds");
    window.setTimeout(tick, 1000);
  }
  node.setAttribute("aria-live", "off");
  tick();
})();
