// The sign-in page is where a surveyor lands after signing out, and where the next one starts
// on a shared tablet: the survey pages the worker kept show the last surveyor's name and list,
// so they go now. The outbox stays on the tablet: only its owner's session ever sends it.
const scope = document.querySelector("[data-survey-scope]")?.dataset.surveyScope;
if (scope && "serviceWorker" in navigator) {
  navigator.serviceWorker.getRegistration(scope)
    .then((registration) => registration?.active?.postMessage({ type: "signed-out" }))
    .catch(() => {});
}
