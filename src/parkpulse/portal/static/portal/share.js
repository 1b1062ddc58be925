/* The article page's "copy link" button. A file, not an inline script: the page is cached
   whole, so it cannot carry a per-request CSP nonce. */
(function () {
  var button = document.getElementById("copy-link"), input = document.getElementById("share-url");
  if (!button || !input) return;
  button.addEventListener("click", function () {
    function done() { button.textContent = button.dataset.done; }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, function () { input.select(); });
    } else {
      input.select();
      try { if (document.execCommand("copy")) done(); } catch (e) { /* the text stays selected */ }
    }
  });
})();
