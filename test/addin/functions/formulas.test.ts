/** @jest-environment node */
import type { CodeRecordInput, CodeResponse, CodeResult, Topic } from "../../../src/shared/api";
import { BatchingCoder, type CodingTransport } from "../../../src/addin/client/batchingCoder";
import { BackendError } from "../../../src/addin/client/backendClient";
import { codeFormula, suggestFormula, titleFormula } from "../../../src/addin/functions/formulas";
import { CustomFunctionsRuntime, type CellOutcome } from "../../../src/addin/fakes/customFunctionsRuntime";
import { functionsMetadata } from "./metadata";

/** A backend stand-in for the formula logic under test: answers from a table, counts requests. */
class TableTransport implements CodingTransport {
  requests: CodeRecordInput[][] = [];
  failWith?: Error;
  constructor(private readonly answer: (text: string) => Omit<CodeResult, "id">) {}
  async code(_topic: Topic, records: CodeRecordInput[]): Promise<CodeResponse> {
    this.requests.push(records);
    if (this.failWith) throw this.failWith;
    return { model: "test", results: records.map((r) => ({ id: r.id, ...this.answer(r.occp_text) })) };
  }
}

const brickie: Omit<CodeResult, "id"> = {
  status: "coded",
  code: "371131",
  title: "Bricklayer",
  level: 6,
  confidence: 0.93,
  suggestions: [{ code: "371132", title: "Stonemason", confidence: 0.2 }],
};
const uncoded: Omit<CodeResult, "id"> = {
  status: "uncoded",
  suggestions: [
    { code: "2613", title: "Software and Applications Programmers", confidence: 0.41 },
    { code: "2611", title: "ICT Business and Systems Analysts", confidence: 0.22 },
  ],
};

function answer(text: string): Omit<CodeResult, "id"> {
  if (/brick/i.test(text)) return brickie;
  if (text === "bad")
    return { status: "error", suggestions: [], error: { reason: "empty_input", message: "Nothing left to code." } };
  if (text === "late") {
    return {
      status: "error",
      suggestions: [],
      error: { reason: "quota_exhausted", message: "Today's quota is used up.", retryAfter: "2026-12-04T00:00:00Z" },
    };
  }
  return uncoded;
}

let runtime: CustomFunctionsRuntime;
beforeAll(async () => {
  runtime = new CustomFunctionsRuntime(await functionsMetadata());
  runtime.install();
});
afterAll(() => runtime.uninstall());

async function outcome(run: () => Promise<unknown> | unknown): Promise<CellOutcome> {
  try {
    return { value: await run() };
  } catch (error) {
    const e = error as { code: string; message?: string };
    return { error: e.code, message: e.message };
  }
}

describe("ABS.CODE", () => {
  test("returns the code of a job title", async () => {
    const coder = new BatchingCoder({ transport: new TableTransport(answer), windowMs: 1 });
    await expect(codeFormula(coder, "Brickie", null, null)).resolves.toEqual([["371131"]]);
  });

  test("a blank cell returns an empty string without a network call", async () => {
    const transport = new TableTransport(answer);
    const coder = new BatchingCoder({ transport, windowMs: 1 });
    await expect(codeFormula(coder, null, null, null)).resolves.toEqual([[""]]);
    await expect(codeFormula(coder, "   ", "tasks", null)).resolves.toEqual([[""]]);
    expect(transport.requests).toHaveLength(0);
  });

  test.each([
    ["title", [["Bricklayer"]]],
    ["level", [[6]]],
    ["confidence", [[0.93]]],
    ["status", [["coded"]]],
    ["ALL", [["371131", "Bricklayer", 0.93]]],
  ])("field %s returns %j", async (field, expected) => {
    const coder = new BatchingCoder({ transport: new TableTransport(answer), windowMs: 1 });
    await expect(codeFormula(coder, "brickie", "", field)).resolves.toEqual(expected);
  });

  test("an unknown field is #VALUE! naming the allowed fields", async () => {
    const coder = new BatchingCoder({ transport: new TableTransport(answer), windowMs: 1 });
    const result = await outcome(() => codeFormula(coder, "brickie", "", "colour"));
    expect(result).toEqual({
      error: "#VALUE!",
      message: expect.stringMatching(/code, title, level, confidence, status, all/),
    });
  });

  test("text that could not be coded is #N/A naming the best suggestion", async () => {
    const coder = new BatchingCoder({ transport: new TableTransport(answer), windowMs: 1 });
    const result = await outcome(() => codeFormula(coder, "data wrangler", "", null));
    expect(result).toEqual({
      error: "#N/A",
      message: expect.stringContaining("2613 Software and Applications Programmers"),
    });
    await expect(codeFormula(coder, "data wrangler", "", "status")).resolves.toEqual([["uncoded"]]);
  });

  test("unusable input is #VALUE! with the backend's reason", async () => {
    const coder = new BatchingCoder({ transport: new TableTransport(answer), windowMs: 1 });
    expect(await outcome(() => codeFormula(coder, "bad", "", null))).toEqual({
      error: "#VALUE!",
      message: "Nothing left to code.",
    });
  });

  test("an exhausted quota is #N/A saying when to try again", async () => {
    const coder = new BatchingCoder({ transport: new TableTransport(answer), windowMs: 1 });
    const result = await outcome(() => codeFormula(coder, "late", "", null));
    expect(result).toEqual({ error: "#N/A", message: expect.stringMatching(/quota is used up\. Try again after/) });
  });

  test("a user without an API key is told where to set it", async () => {
    const transport = new TableTransport(answer);
    transport.failWith = new BackendError(401, "unauthorized", "Missing API key");
    const coder = new BatchingCoder({ transport, windowMs: 1 });
    const result = await outcome(() => codeFormula(coder, "brickie", "", null));
    expect(result).toEqual({ error: "#N/A", message: expect.stringMatching(/Settings and enter your API key/) });
  });

  test("an unreachable backend is #N/A with the reason", async () => {
    const transport = new TableTransport(answer);
    transport.failWith = new BackendError(0, "backend_unreachable", "The coding backend at x could not be reached.");
    const coder = new BatchingCoder({ transport, windowMs: 1 });
    expect(await outcome(() => codeFormula(coder, "brickie", "", null))).toEqual({
      error: "#N/A",
      message: "The coding backend at x could not be reached.",
    });
  });

  test("value preview while typing answers from the cache only", async () => {
    const transport = new TableTransport(answer);
    const coder = new BatchingCoder({ transport, windowMs: 1 });
    const miss = await outcome(() => codeFormula(coder, "brickie", "", null, { isInValuePreview: true }));
    expect(miss).toEqual({ error: "#N/A", message: expect.stringMatching(/Not coded yet/) });
    expect(transport.requests).toHaveLength(0);
    await codeFormula(coder, "brickie", "", null);
    await expect(codeFormula(coder, "brickie", "", null, { isInValuePreview: true })).resolves.toEqual([["371131"]]);
    expect(transport.requests).toHaveLength(1);
  });
});

describe("ABS.SUGGEST", () => {
  test("spills the code and its alternatives, one per row", async () => {
    const coder = new BatchingCoder({ transport: new TableTransport(answer), windowMs: 1 });
    await expect(suggestFormula(coder, "brickie", null)).resolves.toEqual([
      ["371131", "Bricklayer", 0.93],
      ["371132", "Stonemason", 0.2],
    ]);
  });

  test("spills the suggestions of an uncoded title", async () => {
    const coder = new BatchingCoder({ transport: new TableTransport(answer), windowMs: 1 });
    const rows = await suggestFormula(coder, "data wrangler", null);
    expect(rows.map((row) => row[0])).toEqual(["2613", "2611"]);
  });
});

describe("ABS.TITLE", () => {
  test.each([
    ["371131", null, "Bricklayer"],
    [3, null, "Technicians and Trades Workers"],
    ["1", "anzsco", "Managers"],
    [111111, "ANZSCO", "Chief Executive or Managing Director"],
  ])("%j (%s) is %s", (code, topic, title) => {
    expect(titleFormula(code, topic)).toBe(title);
  });

  test("answers at every level of OSCA, from the shipped data", () => {
    const titles = ["3", "37", "371", "3711", "371131"].map((code) => titleFormula(code, "osca"));
    expect(titles.every((title) => title.length > 0)).toBe(true);
    expect(new Set(titles).size).toBe(5);
  });

  test("a code that does not exist is #N/A; a malformed one is #VALUE!", async () => {
    expect(await outcome(() => titleFormula("999999", null))).toEqual({
      error: "#N/A",
      message: "999999 is not an OSCA 2024 code.",
    });
    expect(await outcome(() => titleFormula("37-11", null))).toMatchObject({ error: "#VALUE!" });
    expect(await outcome(() => titleFormula("3711", "isco"))).toMatchObject({ error: "#VALUE!" });
  });
});
