/**
 * Wires the workbook gateway and settings to the real Office host. The only place that hands
 * `Excel.run` to the gateway; tests hand it the fake instead.
 */
import { WorkbookGateway, type ExcelRun } from "./workbookGateway";
import { WorkbookSettings, officeDocumentSettings, userStorage, type KeyValueStorage } from "./settings";

export interface OfficeWorkbook {
  gateway: WorkbookGateway;
  workbookSettings: WorkbookSettings;
  personalStorage: KeyValueStorage;
}

export function connectOfficeWorkbook(): OfficeWorkbook {
  const run: ExcelRun = (batch) => Excel.run(batch);
  return {
    gateway: new WorkbookGateway(run),
    workbookSettings: new WorkbookSettings(officeDocumentSettings()),
    personalStorage: userStorage(),
  };
}
