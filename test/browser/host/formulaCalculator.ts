/**
 * Calculates the formula cells of the fake workbook that call add-in functions, as Excel's
 * calc engine does for custom functions: arguments resolved from cells, omitted optional
 * arguments passed as null, a cell showing #BUSY! until its call settles, matrix results
 * spilled to the right and down, and workbook names defined as a LAMBDA over an add-in function
 * (=ABSCODE(A2)) expanded to that function.
 */
import type { ExcelFake, FakeScalar } from "../../../src/addin/fakes/excelFake";
import type { CellOutcome, CustomFunctionsRuntime } from "../../../src/addin/fakes/customFunctionsRuntime";
import { cellAddress, parseRangeAddress } from "../../../src/addin/excel/a1";

type Arg = { kind: "ref"; address: string } | { kind: "literal"; value: FakeScalar } | { kind: "omitted" };

export interface CellReport {
  address: string;
  value: FakeScalar;
  error?: string;
  message?: string;
}

export class FormulaCalculator {
  private pending = new Set<Promise<void>>();
  private readonly messages = new Map<string, string>();
  private calls = 0;

  constructor(
    private readonly fake: ExcelFake,
    private readonly runtime: CustomFunctionsRuntime,
    private readonly namespace = "ABS",
  ) {}

  /** Types a formula into a cell and starts calculating it. */
  enter(sheet: string, address: string, formula: string): void {
    const call = this.resolve(formula);
    this.fake.setFormula(sheet, address, formula, "#BUSY!");
    const args = call.args.map((arg) => this.argumentValue(sheet, arg));
    this.calls++;
    const { outcome } = this.runtime.evaluate(call.id, args, { address: `${sheet}!${address}` });
    const settled = outcome.then((result) => this.show(sheet, address, formula, result));
    this.pending.add(settled);
    void settled.finally(() => this.pending.delete(settled));
  }

  /** Resolves once every started calculation has settled. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  get callCount(): number {
    return this.calls;
  }

  messageAt(sheet: string, address: string): string | undefined {
    return this.messages.get(`${sheet}!${address}`);
  }

  private show(sheet: string, address: string, formula: string, result: CellOutcome): void {
    const key = `${sheet}!${address}`;
    if ("error" in result) {
      this.fake.setFormula(sheet, address, formula, result.error);
      if (result.message) this.messages.set(key, result.message);
      return;
    }
    this.messages.delete(key);
    const value = result.value;
    if (!Array.isArray(value)) {
      this.fake.setFormula(sheet, address, formula, value as FakeScalar);
      return;
    }
    const { rect } = parseRangeAddress(address);
    (value as FakeScalar[][]).forEach((row, r) =>
      row.forEach((cell, c) => {
        const target = cellAddress(rect.row + r, rect.column + c);
        if (r === 0 && c === 0) this.fake.setFormula(sheet, target, formula, cell);
        else this.fake.setCells(sheet, target, [[cell]]);
      }),
    );
  }

  private argumentValue(sheet: string, arg: Arg): unknown {
    if (arg.kind === "omitted") return null;
    if (arg.kind === "literal") return arg.value;
    const value = this.fake.value(sheet, arg.address);
    return value === "" ? null : value; // Excel passes a blank cell to an `any` parameter as null
  }

  /** "=ABS.CODE(A2,B2)" or "=ABSCODE(A2)" → the add-in function id and its arguments. */
  private resolve(formula: string): { id: string; args: Arg[] } {
    const call = parseCall(formula.replace(/^=/, ""));
    const prefix = `${this.namespace}.`;
    if (call.name.toUpperCase().startsWith(prefix)) {
      return { id: call.name.slice(prefix.length).toUpperCase(), args: call.args.map(parseArg) };
    }
    const named = this.fake.namedItem(call.name);
    if (!named) throw new Error(`#NAME? ${call.name} is neither an add-in function nor a workbook name`);
    return this.expandLambda(named.formula, call.args.map(parseArg));
  }

  /** LAMBDA(p1,[p2],…, NS.FN(p1, IF(ISOMITTED(p2),"lit",p2), …)) applied to the given arguments. */
  private expandLambda(formula: string, given: Arg[]): { id: string; args: Arg[] } {
    const lambda = parseCall(formula.replace(/^=/, ""));
    if (lambda.name.toUpperCase() !== "LAMBDA") throw new Error(`#NAME? only LAMBDA names are supported: ${formula}`);
    const params = lambda.args.slice(0, -1).map((p) => p.replace(/[[\]]/g, "").trim().toLowerCase());
    const body = parseCall(lambda.args[lambda.args.length - 1]);
    const bound = new Map(params.map((name, i) => [name, given[i] ?? ({ kind: "omitted" } as Arg)]));
    const args = body.args.map((text): Arg => {
      const ifOmitted = /^IF\(ISOMITTED\((\w+)\),(.+),(\w+)\)$/i.exec(text.replace(/\s+/g, ""));
      if (ifOmitted) {
        const arg = bound.get(ifOmitted[1].toLowerCase());
        return !arg || arg.kind === "omitted" ? parseArg(ifOmitted[2]) : arg;
      }
      const arg = bound.get(text.trim().toLowerCase());
      if (!arg) throw new Error(`#NAME? unsupported LAMBDA body argument ${text}`);
      return arg;
    });
    return this.resolve(`=${body.name}(${args.map(unparseArg).join(",")})`);
  }
}

function parseCall(text: string): { name: string; args: string[] } {
  const match = /^\s*([A-Za-z_][\w.]*)\s*\(([\s\S]*)\)\s*$/.exec(text);
  if (!match) throw new Error(`Unsupported formula: ${text}`);
  return { name: match[1], args: splitArgs(match[2]) };
}

/** Splits on top-level commas, outside quotes and parentheses. */
function splitArgs(text: string): string[] {
  if (text.trim() === "") return [];
  const args: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = "";
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && ch === "(") depth++;
    if (!quoted && ch === ")") depth--;
    if (!quoted && depth === 0 && ch === ",") {
      args.push(current);
      current = "";
    } else current += ch;
  }
  args.push(current);
  return args;
}

function parseArg(text: string): Arg {
  const trimmed = text.trim();
  if (trimmed === "") return { kind: "omitted" };
  if (/^".*"$/s.test(trimmed)) return { kind: "literal", value: trimmed.slice(1, -1).replace(/""/g, '"') };
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return { kind: "literal", value: Number(trimmed) };
  if (/^\$?[A-Z]{1,3}\$?\d+$/i.test(trimmed)) return { kind: "ref", address: trimmed.replace(/\$/g, "").toUpperCase() };
  throw new Error(`Unsupported argument: ${text}`);
}

function unparseArg(arg: Arg): string {
  if (arg.kind === "omitted") return "";
  if (arg.kind === "ref") return arg.address;
  return typeof arg.value === "string" ? `"${arg.value.replace(/"/g, '""')}"` : String(arg.value);
}
