/**
 * `=ABSCODE(A2)` literally. Excel always prefixes add-in functions with their namespace
 * (ABS.CODE), so the task pane offers to define a workbook name ABSCODE as a LAMBDA over
 * ABS.CODE. The name travels with the workbook, so it works for everyone who opens it.
 */
export const ABSCODE_NAME = "ABSCODE";

export const ABSCODE_FORMULA =
  '=LAMBDA(job_title,[tasks],[field],ABS.CODE(job_title,IF(ISOMITTED(tasks),"",tasks),IF(ISOMITTED(field),"code",field)))';

export const ABSCODE_COMMENT = "Occupation Coder: =ABSCODE(job title, [tasks], [field]) calls ABS.CODE.";

/** Compares formulas the way Excel may hand them back (case and spacing can differ). */
export function isAbsCodeFormula(formula: string): boolean {
  const canonical = (text: string) => text.replace(/\s+/g, "").toUpperCase();
  return canonical(formula) === canonical(ABSCODE_FORMULA);
}
