// Small progressive enhancements; every page works without JavaScript.
// Destructive actions ask first (mentorship_portal/confirm.py): the browser's dialog here, a
// confirmation page from the server when JavaScript is off. «OK» marks the post as confirmed.
document.addEventListener("click", function (event) {
  const button = event.target.closest("[data-confirm]");
  if (!button) return;
  if (!window.confirm(button.dataset.confirm)) {
    event.preventDefault();
    return;
  }
  const form = button.form || button.closest("form");
  if (form && !form.querySelector("input[name=confirmed]")) {
    const marker = document.createElement("input");
    marker.type = "hidden";
    marker.name = "confirmed";
    marker.value = "1";
    form.appendChild(marker);
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
// A required mark (crispy's asterisk) on a field's label, added or taken away.
function markRequired(label, required) {
  if (!label) return;
  let mark = label.querySelector(".asteriskField");
  if (required && !mark) {
    mark = document.createElement("span");
    mark.className = "asteriskField";
    mark.textContent = "*";
    label.appendChild(mark);
  } else if (!required && mark) {
    mark.remove();
  }
}
// Evidence form: only the fields of the chosen kind, its required ones marked
// (EvidenceKind, rendered into data-fields-by-kind). Without JavaScript every field shows.
document.querySelectorAll("form[data-evidence-form]").forEach(function (form) {
  const byKind = JSON.parse(form.dataset.fieldsByKind);
  const names = ["act_type", "act_number", "act_date", "url", "figure_value", "file"];
  const kind = form.querySelector("select[name=kind]");
  function update() {
    const fields = byKind[kind.value] || { shown: names, required: [] };
    names.forEach(function (name) {
      const wrapper = form.querySelector("#div_id_" + name);
      if (!wrapper) return;
      wrapper.hidden = fields.shown.indexOf(name) === -1;
      markRequired(wrapper.querySelector("label"), fields.required.indexOf(name) !== -1);
    });
  }
  if (kind) {
    update();
    kind.addEventListener("change", update);
  }
});
// Wide tables scroll sideways on a phone: let keyboard users scroll them too.
document.querySelectorAll(".table-responsive").forEach(function (region) {
  if (!region.hasAttribute("tabindex")) region.setAttribute("tabindex", "0");
  if (!region.hasAttribute("role")) region.setAttribute("role", "region");
  if (!region.hasAttribute("aria-label")) {
    const section = region.closest("section");
    const named = region.querySelector("caption") || (section && section.querySelector("h1, h2, h3")) ||
      document.querySelector("h1");
    region.setAttribute("aria-label", named ? named.textContent.trim() : document.title);
  }
});
// Progress bars take their width from data-width: the CSP forbids inline styles.
(function () {
  function widen(root) {
    root.querySelectorAll("[data-width]").forEach(function (bar) {
      bar.style.width = bar.dataset.width + "%";
    });
  }
  widen(document);
  document.body.addEventListener("htmx:afterSettle", function () { widen(document); });
})();
// A disclosure that reveals a form field (the reviewer's «Вернуть на доработку»): put the
// cursor in it when it opens.
document.querySelectorAll("details[data-focus-on-open]").forEach(function (disclosure) {
  disclosure.addEventListener("toggle", function () {
    const field = disclosure.open && disclosure.querySelector("textarea, input:not([type=hidden])");
    if (field) field.focus();
  });
});
// Deadline form: only the fields of the chosen kind (roadmap/deadlines.py FIELDS_BY_KIND,
// rendered into data-fields-by-kind). Without JavaScript every field shows and the server
// ignores the ones the kind does not use.
document.querySelectorAll("form[data-deadline-form]").forEach(function (form) {
  const byKind = JSON.parse(form.dataset.fieldsByKind);
  const kind = form.querySelector("select[name$=deadline_kind]");
  const hint = form.querySelector(".deadline-form-hint");
  function update() {
    const fields = byKind[kind.value] || { shown: [], required: [] };
    form.querySelectorAll("[data-deadline-field]").forEach(function (wrapper) {
      const name = wrapper.dataset.deadlineField;
      wrapper.hidden = fields.shown.indexOf(name) === -1;
      markRequired(wrapper.querySelector("label"), fields.required.indexOf(name) !== -1);
    });
    if (hint) hint.hidden = true;
  }
  if (kind) {
    update();
    kind.addEventListener("change", update);
  }
});
// Stacked tables on a phone (.table-stack in portal.css): each cell shows its column's name,
// taken from the header, unless the template gave one (data-label).
document.querySelectorAll("table.table-stack").forEach(function (table) {
  const names = Array.from(table.querySelectorAll("thead th")).map(function (th) {
    return th.textContent.trim();
  });
  table.querySelectorAll("tbody tr").forEach(function (row) {
    Array.from(row.children).forEach(function (cell, index) {
      if (!cell.hasAttribute("data-label") && names[index] && !cell.hasAttribute("colspan")) {
        cell.setAttribute("data-label", names[index]);
      }
    });
  });
});
