/* ParkPulse site behaviour: small, no dependencies, every page works without it.
   - the phone menu button;
   - tables with a header row become cards below 640 px (labels copied from <th>);
   - filter panels (<details class="filter-panel">) open on wide screens;
   - copy-link and the system share sheet ([data-copy], .share-native). */
(function () {
  "use strict";
  var doc = document.documentElement;
  doc.classList.add("js");

  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    var header = document.querySelector(".site-header");
    var toggle = document.querySelector(".menu-toggle");
    if (header && toggle) {
      toggle.addEventListener("click", function () {
        var open = header.classList.toggle("open");
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
      });
    }

    Array.prototype.forEach.call(document.querySelectorAll("main table"), function (table) {
      if (table.classList.contains("no-cards") || table.closest(".article-body")) return;
      var head = table.tHead && table.tHead.rows[0];
      if (!head) return;
      var labels = [];
      Array.prototype.forEach.call(head.cells, function (th) {
        var span = th.colSpan || 1;
        for (var i = 0; i < span; i++) labels.push(th.textContent.replace(/\s+/g, " ").trim());
      });
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          var col = 0;
          Array.prototype.forEach.call(row.cells, function (cell) {
            if (!cell.hasAttribute("data-label") && row.cells.length > 1) cell.setAttribute("data-label", labels[col] || "");
            col += cell.colSpan || 1;
          });
        });
      });
      table.classList.add("cards");
    });

    // On phones the account links sit open inside the menu; on desktops they drop down.
    var desktop = window.matchMedia("(min-width: 1000px)");  // the header breakpoint in site.css
    var userMenu = document.querySelector(".user-menu");
    if (userMenu && !desktop.matches) userMenu.open = true;
    document.addEventListener("click", function (e) {
      if (userMenu && desktop.matches && userMenu.open && !userMenu.contains(e.target)) userMenu.open = false;
    });

    var wide = window.matchMedia("(min-width: 640px)");
    function panels() {
      Array.prototype.forEach.call(document.querySelectorAll("details.filter-panel"), function (d) {
        if (wide.matches) d.open = true;
      });
    }
    panels();
    if (wide.addEventListener) wide.addEventListener("change", panels);

    Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (button) {
      var input = document.getElementById(button.getAttribute("data-copy"));
      if (!input) return;
      button.addEventListener("click", function () {
        function done() { button.textContent = button.getAttribute("data-done"); }
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(input.value).then(done, function () { input.select(); });
        } else {
          input.select();
          try { if (document.execCommand("copy")) done(); } catch (e) { /* the text stays selected */ }
        }
      });
    });

    // The system share sheet where it exists on a touch screen (phones); desktops keep the QR code.
    var touch = window.matchMedia("(pointer: coarse)").matches;
    if (navigator.share && touch) {
      doc.classList.add("can-share");
      Array.prototype.forEach.call(document.querySelectorAll(".share-native"), function (button) {
        button.addEventListener("click", function () {
          navigator.share({title: document.title, url: button.getAttribute("data-url") || location.href})
            .catch(function () { /* the reader closed the sheet */ });
        });
      });
    }
  });
})();
