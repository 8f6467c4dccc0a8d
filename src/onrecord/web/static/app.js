"use strict";
// Article pages: a click on a highlighted passage shows the statements it belongs to, copied
// from the list beside the text; a statement's button in the list finds it in the text.
// Nothing here builds markup from strings: the copies are of elements the server escaped.
(() => {
  const text = document.getElementById("article-text");
  const popover = document.getElementById("popover");
  if (!text || !popover) {
    return;
  }
  const marks = Array.from(text.querySelectorAll("mark[data-statements]"));
  const items = Array.from(document.querySelectorAll("li.statement[data-statement]"));
  const idsOf = (mark) => mark.dataset.statements.split(" ");

  function select(ids) {
    for (const mark of marks) {
      mark.classList.toggle("selected", idsOf(mark).some((id) => ids.includes(id)));
    }
    for (const item of items) {
      item.classList.toggle("selected", ids.includes(item.dataset.statement));
    }
  }

  function show(ids, anchor) {
    const list = document.createElement("ol");
    list.className = "statement-list";
    for (const id of ids) {
      const item = document.getElementById(`statement-${id}`);
      if (item) {
        const copy = item.cloneNode(true);
        copy.removeAttribute("id");
        list.append(copy);
      }
    }
    const close = document.createElement("button");
    close.type = "button";
    close.className = "close";
    close.textContent = "×";
    close.setAttribute("aria-label", "Close");
    close.addEventListener("click", hide);
    popover.replaceChildren(close, list);
    popover.hidden = false;
    const box = anchor.getBoundingClientRect();
    const widest = document.documentElement.clientWidth - popover.offsetWidth - 8;
    popover.style.top = `${window.scrollY + box.bottom + 6}px`;
    popover.style.left = `${window.scrollX + Math.max(8, Math.min(box.left, widest))}px`;
  }

  function hide() {
    popover.hidden = true;
    select([]);
  }

  text.addEventListener("click", (event) => {
    const mark = event.target.closest("mark[data-statements]");
    if (!mark) {
      hide();
      return;
    }
    const ids = idsOf(mark);
    select(ids);
    show(ids, mark);
  });

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      hide();
    }
  });

  for (const button of document.querySelectorAll(".statements button.locate")) {
    button.addEventListener("click", () => {
      const id = button.dataset.statement;
      const first = marks.find((mark) => idsOf(mark).includes(id));
      select([id]);
      if (first) {
        first.scrollIntoView({ block: "center" });
        show([id], first);
      }
    });
  }
})();
