// Progressive enhancement only: a live character counter against the max length.
// The server checks the length on save; the page works the same without this script.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form.string-form");
  if (!form) return;
  const limitInput = form.querySelector("[data-max-length-input]");
  const counter = form.querySelector(".counter");
  const fields = Array.from(form.querySelectorAll("[data-counted]"));
  const update = () => {
    const longest = Math.max(0, ...fields.map((field) => Array.from(field.value).length));
    const limit = parseInt(limitInput.value, 10);
    counter.hidden = false;
    counter.textContent = Number.isNaN(limit)
      ? `${longest} characters`
      : `${longest} / ${limit} characters`;
    counter.classList.toggle("over", !Number.isNaN(limit) && longest > limit);
  };
  [limitInput, ...fields].forEach((field) => field.addEventListener("input", update));
  update();
});
