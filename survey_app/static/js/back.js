// "Back" on an error page (templates/errors/error.html) goes back in the browser's history,
// to the form as it was left, with what was typed; its address (the form opened afresh) is for
// a tab that has no page to go back to.
for (const link of document.querySelectorAll("a[data-back]")) {
  link.addEventListener("click", (event) => {
    if (window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
}
