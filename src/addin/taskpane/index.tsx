/** Task pane entry: waits for Office, wires the pane to the workbook and the backend, then renders it themed like Office. */
import { createRoot } from "react-dom/client";
import { whenOfficeReady } from "../excel/office";
import { connectOfficeWorkbook } from "../excel/officeHost";
import { HttpBackend } from "./coding/backendPort";
import { JobStore } from "./coding/jobStore";
import { PaneServices } from "./coding/paneServices";
import { PaneSettings } from "./coding/paneSettings";
import { App } from "./App";
import { configureConnection } from "../client/sharedRuntime";

void whenOfficeReady().then((host) => {
  const container = document.getElementById("root");
  if (!container) throw new Error("taskpane.html has no #root element");
  let services: PaneServices | undefined;
  if (host.host !== "none" && typeof Excel !== "undefined") {
    const office = connectOfficeWorkbook();
    services = new PaneServices({
      settings: new PaneSettings(office.workbookSettings, office.personalStorage),
      workbook: office.gateway,
      jobs: new JobStore(office.workbookSettings),
      makeBackend: ({ backendUrl, apiKey }) => new HttpBackend({ baseUrl: backendUrl, apiKey: apiKey || undefined }),
      // ABS.CODE and friends run in this same page: point them at the backend and key the pane uses.
      onConnectionChange: ({ backendUrl, apiKey }) =>
        configureConnection({ baseUrl: backendUrl, apiKey: apiKey || undefined }),
    });
    void services.loadSettings();
  }
  createRoot(container).render(<App host={host} services={services} />);
});
