/**
 * Ribbon and keyboard-shortcut actions. The ribbon button itself uses ShowTaskpane (declared
 * in manifest.xml); this registers the same action for shortcuts and future buttons.
 */
if (typeof Office !== "undefined") {
  Office.onReady(() => {
    Office.actions.associate("showTaskpane", () => Office.addin.showAsTaskpane());
  });
}
