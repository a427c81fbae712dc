/**
 * Custom functions (namespace ABS, set in manifest.xml). Thin @customfunction wrappers over
 * plain TypeScript; the webpack metadata plugin generates functions.json from this JSDoc and
 * registers each function, so nothing here calls CustomFunctions.associate.
 * Function ids are stored in workbooks: never rename one once released.
 */
import { codeOneCell } from "./codeCell";

/**
 * Codes a job title (and optional tasks) to an OSCA 2024 occupation through your organisation's coding backend.
 * @customfunction CODE
 * @param jobTitle The job title to code, for example "brickie" or a cell such as A2.
 * @param [tasks] Optional main tasks of the job, for example "lays bricks on house sites".
 * @returns The occupation code.
 */
export async function code(jobTitle: string, tasks?: string): Promise<string> {
  return codeOneCell(jobTitle, tasks);
}
