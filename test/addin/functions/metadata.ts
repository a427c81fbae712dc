/** functions.json as the build generates it, straight from the JSDoc in functions.ts. */
import path from "node:path";
import { generateCustomFunctionsMetadata } from "custom-functions-metadata";
import type { FunctionMetadata } from "../../../src/addin/fakes/customFunctionsRuntime";

export async function functionsMetadata(): Promise<FunctionMetadata[]> {
  const source = path.resolve(__dirname, "../../../src/addin/functions/functions.ts");
  const generated = await generateCustomFunctionsMetadata(source);
  if (generated.errors.length > 0) throw new Error(generated.errors.join("\n"));
  return JSON.parse(generated.metadataJson).functions;
}
