// A code block, table or display equation wider than the page scrolls sideways; a
// reader without a mouse scrolls it with the arrow keys once it has the focus, so
// each such box, and only those, joins the Tab order (axe:
// scrollable-region-focusable). Checked again when the window changes size.
"use strict";
(() => {
  const boxes = "pre, .table-wrapper, .math-wrapper";
  const update = () => {
    for (const box of document.querySelectorAll(boxes)) {
      if (box.scrollWidth > box.clientWidth) {
        box.tabIndex = 0;
      } else {
        box.removeAttribute("tabindex");
      }
    }
  };
  update();
  window.addEventListener("resize", update);
})();
