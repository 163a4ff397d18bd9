(() => {
  "use strict";
  // Filters work from the file alone: they toggle `hidden` on elements by their data attributes.
  // The form ships hidden so a browser without script shows the full report and no dead controls.
  const form = document.getElementById("filters");
  if (!form) {
    return;
  }
  const tasks = Array.from(document.querySelectorAll("article.task"));
  const groups = Array.from(document.querySelectorAll(".section-group"));
  const units = Array.from(document.querySelectorAll("section.unit"));
  const unitIndexRows = Array.from(document.querySelectorAll("tr[data-unit-index]"));
  const shown = document.getElementById("shown-count");
  const noMatch = document.getElementById("no-match");

  const matches = (el, verdict, section) =>
    (!verdict || el.dataset.verdict === verdict) && (!section || el.dataset.section === section);

  function apply() {
    const verdict = form.elements.verdict.value;
    const unit = form.elements.unit.value;
    const section = form.elements.section.value;
    let count = 0;
    for (const task of tasks) {
      const owners = JSON.parse(task.dataset.units);
      const visible = matches(task, verdict, section) && (!unit || owners.includes(unit));
      task.hidden = !visible;
      if (visible) {
        count += 1;
      }
    }
    for (const group of groups) {
      group.hidden = !group.querySelector("article.task:not([hidden])");
    }
    const visibleUnits = new Set();
    for (const el of units) {
      let anyGap = false;
      for (const row of el.querySelectorAll("tr.unit-gap")) {
        row.hidden = !matches(row, verdict, section);
        anyGap = anyGap || !row.hidden;
      }
      const visible = (!unit || el.dataset.unit === unit) && (anyGap || !(verdict || section));
      el.hidden = !visible;
      if (visible) {
        visibleUnits.add(el.dataset.unit);
      }
    }
    for (const row of unitIndexRows) {
      row.hidden = !visibleUnits.has(row.dataset.unitIndex);
    }
    shown.textContent = String(count);
    noMatch.hidden = count > 0;
  }

  form.addEventListener("change", apply);
  form.addEventListener("reset", () => window.setTimeout(apply, 0));
  form.addEventListener("submit", (event) => event.preventDefault());

  // The print-unit button: mark one unit, print, and let the print stylesheet hide everything else.
  const endPrint = () => {
    document.body.classList.remove("print-one");
    for (const el of document.querySelectorAll(".print-target")) {
      el.classList.remove("print-target");
    }
  };
  for (const button of document.querySelectorAll("button.print-unit")) {
    button.addEventListener("click", () => {
      endPrint();
      document.getElementById(button.dataset.unitTarget).classList.add("print-target");
      document.body.classList.add("print-one");
      window.print();
    });
  }
  window.addEventListener("afterprint", endPrint);

  form.hidden = false;
  apply();
})();
