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
  const shown = document.getElementById("shown-count");
  const noMatch = document.getElementById("no-match");

  function apply() {
    const status = form.elements.status.value;
    const unit = form.elements.unit.value;
    const section = form.elements.section.value;
    let count = 0;
    for (const task of tasks) {
      const owners = JSON.parse(task.dataset.units);
      const visible =
        (!status || task.dataset.taskStatus === status) &&
        (!section || task.dataset.section === section) &&
        (!unit || owners.includes(unit));
      task.hidden = !visible;
      if (visible) {
        count += 1;
      }
    }
    for (const group of groups) {
      group.hidden = !group.querySelector("article.task:not([hidden])");
    }
    shown.textContent = String(count);
    noMatch.hidden = count > 0;
  }

  form.addEventListener("change", apply);
  form.addEventListener("reset", () => window.setTimeout(apply, 0));
  form.addEventListener("submit", (event) => event.preventDefault());

  form.hidden = false;
  apply();
})();
