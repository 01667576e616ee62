// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("click", function (event) {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});
document.addEventListener("change", function (event) {
  // "Select all" checkbox for bulk actions.
  const toggle = event.target.closest("[data-select-all]");
  if (toggle) {
    document.querySelectorAll(toggle.dataset.selectAll).forEach(function (box) {
      box.checked = toggle.checked;
    });
  }
});
