// Progressive enhancement: a [data-print] link prints the page. Without JavaScript the link text says Ctrl+P.
document.querySelectorAll("[data-print]").forEach(function (link) {
  link.textContent = link.getAttribute("data-print-label") || link.textContent;
  link.addEventListener("click", function (event) {
    event.preventDefault();
    window.print();
  });
});
