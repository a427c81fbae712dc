/** The plain pieces of a run: header recognition, text of cells, the HTTP port, the status reader. */
import { looksLikeHeader } from "../../../../src/addin/taskpane/coding/header";
import { isErrorValue, parseRecordId, recordId, toText } from "../../../../src/addin/taskpane/coding/text";
import { BackendFailure, HttpBackend } from "../../../../src/addin/taskpane/coding/backendPort";
import { parseBackendStatus } from "../../../../src/addin/taskpane/coding/backendStatus";
import { describeFailure } from "../../../../src/addin/taskpane/coding/messages";
import { WorkbookError } from "../../../../src/addin/excel/workbookErrors";
import { toWorkbookError } from "../../../../src/addin/excel/workbookErrors";
import { columnIndex, columnLetter, parseRangeAddress } from "../../../../src/addin/excel/a1";

describe("header detection", () => {
  test.each([
    ["Job title", undefined, true],
    ["OCCUPATION", undefined, true],
    ["Q12. What is your main job?", undefined, true],
    ["Respondent job title", undefined, true],
    ["Title", "Main tasks", true],
    ["nurse", undefined, false],
    ["Title insurance officer", undefined, false],
    ["Role", undefined, true],
    ["teacher", "teaches maths", false],
    [1234, undefined, false],
  ])("%p (tasks %p) is a header: %p", (title, tasks, expected) => {
    expect(looksLikeHeader(title, tasks)).toBe(expected);
  });
});

describe("cell text", () => {
  test("numbers and booleans become text, errors are recognised, spaces collapse", () => {
    expect(toText(1234)).toBe("1234");
    expect(toText(true)).toBe("TRUE");
    expect(toText("  senior   nurse ")).toBe("senior nurse");
    expect(isErrorValue("#N/A")).toBe(true);
    expect(isErrorValue("#DIV/0!")).toBe(true);
    expect(isErrorValue("#hashtag")).toBe(false);
    expect(toText("#REF!")).toBe("");
  });

  test("record ids carry the row and a fingerprint of the inputs", () => {
    const id = recordId(16, "nurse", "");
    expect(id).toMatch(/^R17\./);
    expect(parseRecordId(id)?.row).toBe(16);
    expect(recordId(16, "nurse", "")).toBe(id);
    expect(recordId(16, "nurses", "")).not.toBe(id);
    expect(parseRecordId("A17")).toBeUndefined();
  });

  test("A1 addresses", () => {
    expect(columnLetter(0)).toBe("A");
    expect(columnLetter(27)).toBe("AB");
    expect(columnIndex("xfd")).toBe(16383);
    expect(columnIndex("XFE")).toBeUndefined();
    expect(parseRangeAddress("'My sheet'!B:C")).toEqual({
      sheet: "My sheet",
      rect: { row: 0, column: 1, rowCount: 1_048_576, columnCount: 2 },
    });
  });
});

describe("HTTP backend port", () => {
  function fetchReturning(status: number, body: unknown, headers: Record<string, string> = {}) {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    const impl = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      // jsdom has no Response: the part of it the port reads.
      const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
      return {
        ok: status >= 200 && status < 300,
        status,
        statusText: "",
        headers: { get: (name: string) => lower[name.toLowerCase()] ?? null },
        json: async () => body,
      };
    }) as unknown as typeof fetch;
    return { impl, calls };
  }

  test("sends the API key and the records, pages job results", async () => {
    const { impl, calls } = fetchReturning(200, { id: "j", offset: 5, total: 9, results: [] });
    const backend = new HttpBackend({ baseUrl: "https://coder.example/", apiKey: "k1", fetchImpl: impl });
    await backend.getJobResults("j 1", 5, 100);
    expect(calls[0].url).toBe("https://coder.example/api/jobs/j%201/results?offset=5&limit=100");
    expect((calls[0].init.headers as Record<string, string>)["x-api-key"]).toBe("k1");
  });

  test("401 is classified as a refused key; 429 quota carries the reset time", async () => {
    const unauthorized = new HttpBackend({
      baseUrl: "",
      fetchImpl: fetchReturning(401, { error: "unauthorized", message: "Bad key" }).impl,
    });
    await expect(unauthorized.code("osca", [])).rejects.toMatchObject({ kind: "unauthorized", status: 401 });
    const quota = new HttpBackend({
      baseUrl: "",
      now: () => Date.parse("2025-01-01T00:00:00Z"),
      fetchImpl: fetchReturning(
        429,
        { error: "quota_exhausted", message: "Daily quota used" },
        { "retry-after": "3600" },
      ).impl,
    });
    await expect(quota.code("osca", [])).rejects.toMatchObject({
      kind: "quota",
      retryAfter: "2025-01-01T01:00:00.000Z",
    });
  });

  test("a network failure is 'unreachable'; a cancel stays a cancel", async () => {
    const down = new HttpBackend({
      baseUrl: "https://x",
      fetchImpl: (async () => {
        throw new TypeError("Failed to fetch");
      }) as unknown as typeof fetch,
    });
    await expect(down.status()).rejects.toMatchObject({ kind: "unreachable" });
    const aborted = new HttpBackend({
      baseUrl: "https://x",
      fetchImpl: (async () => {
        throw Object.assign(new Error("aborted"), { name: "AbortError" });
      }) as unknown as typeof fetch,
    });
    await expect(aborted.status()).rejects.toMatchObject({ name: "AbortError" });
  });

  test("the job routes: POST /api/jobs, GET /api/jobs/:id, DELETE /api/jobs/:id", async () => {
    const status = {
      id: "j 1",
      topic: "osca",
      state: "waiting",
      total: 10,
      done: 4,
      counts: { coded: 3, uncoded: 1, error: 0 },
      createdAt: "2025-01-01T00:00:00.000Z",
      updatedAt: "2025-01-01T00:01:00.000Z",
      etaSeconds: 3600,
      retryAfter: "2025-01-02T00:00:00.000Z",
    };
    const { impl, calls } = fetchReturning(200, status);
    const backend = new HttpBackend({ baseUrl: "https://coder.example", apiKey: "k1", fetchImpl: impl });
    expect(await backend.createJob("osca", [{ id: "R1.a", occp_text: "nurse" }])).toEqual(status);
    expect(await backend.getJob("j 1")).toEqual(status);
    await backend.cancelJob("j 1");
    expect(calls.map((c) => [c.init.method, c.url])).toEqual([
      ["POST", "https://coder.example/api/jobs"],
      ["GET", "https://coder.example/api/jobs/j%201"],
      ["DELETE", "https://coder.example/api/jobs/j%201"],
    ]);
    expect(JSON.parse(String(calls[0].init.body))).toEqual({
      topic: "osca",
      records: [{ id: "R1.a", occp_text: "nurse" }],
    });
  });

  test("cancelling a job the backend no longer has is fine; other failures are reported", async () => {
    const gone = new HttpBackend({
      baseUrl: "",
      fetchImpl: fetchReturning(404, { error: "job_not_found", message: "No such job for your team." }).impl,
    });
    await expect(gone.cancelJob("j")).resolves.toBeUndefined();
    const broken = new HttpBackend({
      baseUrl: "",
      fetchImpl: fetchReturning(500, { error: "internal", message: "boom" }).impl,
    });
    await expect(broken.cancelJob("j")).rejects.toMatchObject({ kind: "server", status: 500 });
  });
});

describe("backend status", () => {
  test("reads GET /api/status as src/server/routes/status.ts builds it", () => {
    const s = parseBackendStatus({
      version: "0.3.0",
      upstream: { kind: "simulator", apiHost: "127.0.0.1:4010", simulator: true },
      token: {
        state: "blocked",
        expiresAt: null,
        blocked: { until: "2025-01-01T10:00:00.000Z", reason: "403 from the token endpoint" },
      },
      quota: {
        day: "2025-01-01",
        limit: 1000,
        used: 40,
        left: 960,
        closed: false,
        resetsAt: "2025-01-02T00:00:00.000Z",
        teams: [{ team: "stats", share: 0.5, limit: 500, used: 40, left: 460 }],
      },
      pacing: { spacingMs: 1000, nextFreeSlotAt: "2025-01-01T00:00:01.000Z" },
      cache: { hits: 3, misses: 1, hitRate: 0.75, entries: 4 },
    });
    expect(s).toMatchObject({
      version: "0.3.0",
      simulator: true,
      upstream: "simulator",
      token: {
        state: "blocked",
        healthy: false,
        blockedUntil: "2025-01-01T10:00:00.000Z",
        message: "403 from the token endpoint",
      },
      quota: {
        overall: { used: 40, left: 960, limit: 1000 },
        teams: [{ name: "stats", figures: { used: 40, left: 460, limit: 500 } }],
        resetsAt: "2025-01-02T00:00:00.000Z",
      },
      nextSlotAt: "2025-01-01T00:00:01.000Z",
      cacheHitRate: 0.75,
    });
  });

  test("the caller's team (caller.team) is picked out of the teams", () => {
    const s = parseBackendStatus({
      caller: { team: "hr" },
      quota: {
        limit: 1000,
        used: 50,
        left: 950,
        teams: [
          { team: "finance", share: 0.5, limit: 500, used: 10, left: 490 },
          { team: "hr", share: 0.5, limit: 500, used: 40, left: 460 },
        ],
      },
    });
    expect(s.quota).toMatchObject({ teamName: "hr", team: { used: 40, left: 460, limit: 500 } });
    expect(s.quota.teams.map((t) => t.name)).toEqual(["finance", "hr"]);
  });

  test("reads what is there and assumes nothing", () => {
    expect(parseBackendStatus({})).toMatchObject({ simulator: false, quota: { teams: [] } });
    expect(parseBackendStatus({}).version).toBeUndefined();
    const s = parseBackendStatus({
      upstream: "simulator",
      quota: { team: { used: 3, remaining: 7 }, resetsAt: "2025-01-02T00:00:00Z" },
    });
    expect(s).toMatchObject({
      simulator: true,
      quota: { team: { used: 3, left: 7 }, resetsAt: "2025-01-02T00:00:00Z" },
    });
  });
});

describe("messages", () => {
  test("every Office error we know becomes a message saying what to do", () => {
    const cases: Array<[string, RegExp]> = [
      ["InvalidOperationInCellEditMode", /Press Enter or Esc/],
      ["AccessDenied", /Unprotect/],
      ["RequestPayloadSizeLimitExceeded", /Shorten the longest cells/],
      ["ResponsePayloadSizeLimitExceeded", /Shorten the longest cells/],
      ["ItemNotFound", /no longer in the workbook/],
    ];
    for (const [code, message] of cases) {
      expect(toWorkbookError({ code, message: "x" }).message).toMatch(message);
    }
    expect(
      toWorkbookError({
        code: "InvalidOperation",
        message: "The requested operation is not supported while the cell is in edit mode",
      }).kind,
    ).toBe("editMode");
  });

  test("backend failures name the next step", () => {
    expect(describeFailure(new BackendFailure("server", 500, "x", "boom")).message).toMatch(/tell your administrator/);
    expect(describeFailure(new BackendFailure("quota", 429, "quota_exhausted", "q")).message).toMatch(
      /Try again tomorrow/,
    );
    expect(describeFailure(new WorkbookError("protected")).title).toBe("The sheet is protected");
  });
});
