/** The classification's own wording, for the build scripts that derive word tables from it. */
import { loadClassificationData } from "../src/coder/load-data";

/** Every title (index, OSCA and ANZSCO structure), main task and lead statement. */
export function classificationTexts(data = loadClassificationData()): string[] {
  return [
    ...data.oscaTitleIndex.map((entry) => entry.title),
    ...data.oscaStructure.map((node) => node.title),
    ...data.anzscoStructure.map((node) => node.title),
    ...data.oscaMainTasks.map((row) => row.task),
    ...data.oscaLeadStatements.map((row) => row.statement),
  ];
}
