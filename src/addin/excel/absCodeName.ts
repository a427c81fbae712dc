/**
 * Defines the workbook name ABSCODE (see functions/absCodeName.ts) in the open workbook.
 * Never replaces a name the workbook already uses for something else.
 */
import { ABSCODE_COMMENT, ABSCODE_FORMULA, ABSCODE_NAME, isAbsCodeFormula } from "../functions/absCodeName";

export type DefineNameOutcome = "created" | "already-defined" | "name-taken";

type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

export async function defineAbsCodeName(run: ExcelRun = (batch) => Excel.run(batch)): Promise<DefineNameOutcome> {
  return run(async (context) => {
    const existing = context.workbook.names.getItemOrNullObject(ABSCODE_NAME);
    existing.load("formula");
    await context.sync();
    if (!existing.isNullObject) return isAbsCodeFormula(existing.formula) ? "already-defined" : "name-taken";
    context.workbook.names.add(ABSCODE_NAME, ABSCODE_FORMULA, ABSCODE_COMMENT);
    await context.sync();
    return "created";
  });
}
