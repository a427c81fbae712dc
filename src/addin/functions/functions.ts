/**
 * Custom functions (namespace ABS, set in manifest.xml). Thin @customfunction wrappers over
 * formulas.ts; the webpack metadata plugin generates functions.json from this JSDoc and
 * registers each function, so nothing here calls CustomFunctions.associate.
 * Function ids are stored in workbooks: never rename one once released.
 */
import { batchingCoder } from "../client/sharedRuntime";
import { codeFormula, suggestFormula, titleFormula, type CallContext } from "./formulas";

/**
 * Codes a job title (and optional main tasks) to an OSCA 2024 occupation through your organisation's coding backend.
 * @customfunction CODE
 * @param jobTitle Job title to code, for example "brickie" or a cell such as A2.
 * @param [tasks] Main tasks of the job, for example "lays bricks on house sites". Optional.
 * @param [field] What to return: "code" (default), "title", "level", "confidence", "status", or "all" (code, title and confidence across three cells).
 * @param invocation Excel's call context.
 * @returns The occupation code, or the field you asked for.
 * @cancelable
 */
export async function code(
  jobTitle: any,
  tasks: any,
  field: any,
  invocation: CustomFunctions.CancelableInvocation,
): Promise<any[][]> {
  return codeFormula(batchingCoder(), jobTitle, tasks, field, callContext(invocation));
}

/**
 * Suggests up to three OSCA 2024 occupations for a job title, one per row: code, title and confidence.
 * @customfunction SUGGEST
 * @param jobTitle Job title to code, for example "data wrangler" or a cell such as A2.
 * @param [tasks] Main tasks of the job. Optional.
 * @param invocation Excel's call context.
 * @returns Up to three rows of code, title and confidence.
 * @cancelable
 */
export async function suggest(
  jobTitle: any,
  tasks: any,
  invocation: CustomFunctions.CancelableInvocation,
): Promise<any[][]> {
  return suggestFormula(batchingCoder(), jobTitle, tasks, callContext(invocation));
}

/**
 * Gives the title of an OSCA 2024 or ANZSCO 2022 code at any level (1 to 6 digits), without a network call.
 * @customfunction TITLE
 * @param code Classification code, for example 371131 or "3711".
 * @param [topic] "osca" (OSCA 2024, default) or "anzsco" (ANZSCO 2022).
 * @returns The title of the code.
 */
export function title(code: any, topic: any): string {
  return titleFormula(code, topic);
}

/** Turns Excel's invocation into a plain signal and preview flag. */
function callContext(invocation: CustomFunctions.CancelableInvocation | undefined): CallContext {
  const controller = new AbortController();
  if (invocation) invocation.onCanceled = () => controller.abort();
  const preview = invocation?.isInValuePreview as unknown;
  return { signal: controller.signal, isInValuePreview: preview === true || preview === "true" };
}
