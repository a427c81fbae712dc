/** Task pane entry: waits for Office, then renders the React app themed like Office. */
import { createRoot } from "react-dom/client";
import { whenOfficeReady } from "../excel/office";
import { App } from "./App";

void whenOfficeReady().then((host) => {
  const container = document.getElementById("root");
  if (!container) throw new Error("taskpane.html has no #root element");
  createRoot(container).render(<App host={host} />);
});
