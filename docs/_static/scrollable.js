// A code block, table or display equation wider than the page scrolls sideways; a
// reader without a mouse scrolls it with the arrow keys once it has the focus, so
// each such box, and only those, joins the Tab order (axe:
// scrollable-region-focusable). Checked again when the window changes size, and
// when a dropdown opens. Lighthouse (issue 16): a box in a closed dropdown is not
// laid out, and asking its width made the browser lay it out; every width is read
// before any tabindex is written, so the page is laid out once, not once per box.
"use strict";
(() => {
  const selector = "pre, .table-wrapper, .math-wrapper";
  const update = () => {
    const boxes = [...document.querySelectorAll(selector)].filter(
      (box) => !box.closest("details:not([open])"),
    );
    const wide = boxes.map((box) => box.scrollWidth > box.clientWidth);
    boxes.forEach((box, index) => {
      if (wide[index]) {
        box.tabIndex = 0;
      } else {
        box.removeAttribute("tabindex");
      }
    });
  };
  update();
  window.addEventListener("resize", update);
  document.addEventListener("toggle", update, true); // toggle does not bubble
})();
