/** What the workbook host puts on the page, for the tests' page.evaluate calls. */
import type { ExcelFake } from "../../../src/addin/fakes/excelFake";
import type { CustomFunctionsRuntime } from "../../../src/addin/fakes/customFunctionsRuntime";
import type { FormulaCalculator } from "./formulaCalculator";

declare global {
  interface Window {
    __host: {
      workbook: ExcelFake;
      functions: CustomFunctionsRuntime;
      calculator: FormulaCalculator;
      actions: Map<string, () => unknown>;
      ready: Promise<unknown>;
    };
  }
}
