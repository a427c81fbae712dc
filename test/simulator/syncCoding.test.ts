/** Synchronous coding, single record and small batch (§5.5, §5.6, §9.1). */
import { ANZSCO_LATEST, OSCA_LATEST, OSCA_OLDER, record, startHarness, type Harness } from "./support";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const code = (body: unknown, path = "/v1/topics/osca/code") => h.api("POST", path, { body });
const INVALID = { message: "Invalid request body" };

async function expectInvalid(response: Response): Promise<void> {
  expect(response.status).toBe(400);
  expect(await response.json()).toEqual(INVALID);
}

const BRICKLAYER = { codeCategory: "371131", codeLabel: "Bricklayer", codeConfidence: 0.93 };

describe("single record", () => {
  test("a codable record answers successful with its codes", async () => {
    const response = await code({ record: record("brickie", "laying bricks on house sites"), numberOfSuggestions: 3 });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      codeStatus: "successful",
      input: { occp_text: "brickie", tasks_text: "laying bricks on house sites" },
      result: [
        BRICKLAYER,
        { codeCategory: "821132", codeLabel: "Builder's Labourer", codeConfidence: 0.05 },
        { codeCategory: "821134", codeLabel: "Demolition Labourer", codeConfidence: 0.01 },
      ],
    });
  });

  test("numberOfSuggestions caps the result", async () => {
    const body = (await (await code({ record: record("brickie"), numberOfSuggestions: 1 })).json()) as {
      result: unknown[];
    };
    expect(body.result).toEqual([BRICKLAYER]);
  });

  test("without numberOfSuggestions the coder is asked for up to 16 codes", async () => {
    expect((await code({ record: record("brickie") })).status).toBe(200);
    expect(h.coder.calls[0].options).toEqual({ classification: "osca", maxCandidates: 16 });
  });

  test("a recordId on the single form is echoed", async () => {
    const body = await (await code({ record: record("brickie", "", "r-7") })).json();
    expect(body).toMatchObject({ recordId: "r-7", input: { recordId: "r-7" } });
  });

  test("without a recordId the response has none", async () => {
    const body = (await (await code({ record: record("brickie") })).json()) as object;
    expect(body).not.toHaveProperty("recordId");
  });

  test("an uncodable record answers unsuccessful with an empty result", async () => {
    const response = await code({ record: record("worker") });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      codeStatus: "unsuccessful",
      input: { occp_text: "worker", tasks_text: "" },
      result: [],
    });
  });

  test("tasks_text may be left out", async () => {
    const response = await code({ record: { occp_text: "brickie" } });
    expect(response.status).toBe(200);
    expect(h.coder.calls[0].input).toEqual({ occp_text: "brickie", tasks_text: "" });
  });
});

describe("small batch", () => {
  test("a batch answers one response per record, in input order, with recordIds", async () => {
    const response = await code({
      records: [record("brickie", "laying bricks", "r1"), record("worker", "", "r2"), record("nothing", "", "r3")],
      numberOfSuggestions: 5,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([
      {
        recordId: "r1",
        codeStatus: "successful",
        input: { recordId: "r1", occp_text: "brickie", tasks_text: "laying bricks" },
        result: [
          BRICKLAYER,
          { codeCategory: "821132", codeLabel: "Builder's Labourer", codeConfidence: 0.05 },
          { codeCategory: "821134", codeLabel: "Demolition Labourer", codeConfidence: 0.01 },
        ],
      },
      {
        recordId: "r2",
        codeStatus: "unsuccessful",
        input: { recordId: "r2", occp_text: "worker", tasks_text: "" },
        result: [
          { codeCategory: "8", codeLabel: "Labourers", codeConfidence: 0.41 },
          { codeCategory: "7", codeLabel: "Machinery Operators and Drivers", codeConfidence: 0.22 },
          { codeCategory: "3", codeLabel: "Technicians and Trades Workers", codeConfidence: 0.11 },
        ],
      },
      {
        recordId: "r3",
        codeStatus: "unsuccessful",
        input: { recordId: "r3", occp_text: "nothing", tasks_text: "" },
        result: [],
      },
    ]);
  });

  test("an uncoded record in a batch gets at most 3 suggestions", async () => {
    const body = (await (await code({ records: [record("worker")], numberOfSuggestions: 16 })).json()) as {
      result: unknown[];
    }[];
    expect(body[0].result).toHaveLength(3);
  });

  test("a batch of one record still answers an array", async () => {
    const body = await (await code({ records: [record("brickie")] })).json();
    expect(Array.isArray(body)).toBe(true);
  });

  test("the 300th record is accepted", async () => {
    const records = Array.from({ length: 300 }, (_, i) => record("brickie", "", `r${i}`));
    const response = await code({ records });
    expect(response.status).toBe(200);
    expect((await response.json()) as unknown[]).toHaveLength(300);
    expect(h.sim.counters().recordsCoded).toBe(300);
  });

  test("the 301st record makes the batch fail with Invalid request body", async () => {
    const records = Array.from({ length: 301 }, () => record("brickie"));
    await expectInvalid(await code({ records }));
    expect(h.coder.calls).toHaveLength(0);
    expect(h.sim.counters().rejections["invalid_request_body.too_many_records"]).toBe(1);
  });

  test("one bad record fails the whole batch and no record is coded", async () => {
    await expectInvalid(await code({ records: [record("brickie"), record("caf\u00e9 worker")] }));
    expect(h.coder.calls).toHaveLength(0);
    expect(h.sim.counters().recordsCoded).toBe(0);
  });

  test("an empty records array gets Invalid request body", async () => {
    await expectInvalid(await code({ records: [] }));
  });

  test("successful batches are counted with their sizes", async () => {
    await code({ records: [record("brickie"), record("worker")] });
    await code({ record: record("brickie") });
    await code({ records: [record("brickie"), record("x"), record("y")] });
    const counters = h.sim.counters();
    expect(counters.codingRequests.sizes).toEqual([2, 1, 3]);
    expect(counters.recordsCoded).toBe(6);
    const times = counters.codingRequests.log.map((e) => e.at);
    expect(times[1] - times[0]).toBe(1000);
  });
});

describe("Invalid request body", () => {
  test("invalid JSON", async () => {
    await expectInvalid(await code("{ record: "));
  });

  test("an empty body", async () => {
    await expectInvalid(await h.api("POST", "/v1/topics/osca/code"));
  });

  test("the guide's sample with a trailing comma is not valid JSON", async () => {
    await expectInvalid(await code('{"records": [{"recordId": "1", "occp_text": "brickie", "tasks_text": ""},]}'));
  });

  test("a JSON array instead of an object", async () => {
    await expectInvalid(await code([record("brickie")]));
  });

  test("both record and records", async () => {
    await expectInvalid(await code({ record: record("brickie"), records: [record("brickie")] }));
  });

  test("neither record nor records", async () => {
    await expectInvalid(await code({ numberOfSuggestions: 3 }));
  });

  test("an accented letter", async () => {
    await expectInvalid(await code({ record: record("Caf\u00e9 manager") }));
    expect(h.sim.counters().rejections["invalid_request_body.non_printable_ascii"]).toBe(1);
  });

  test("a control character", async () => {
    await expectInvalid(await code({ record: record("brickie\u0008") }));
  });

  test("a line break in the tasks", async () => {
    await expectInvalid(await code({ record: record("brickie", "lays bricks\nmixes mortar") }));
  });

  test("exactly 100 combined characters are accepted", async () => {
    const response = await code({ record: record("brickie", "x".repeat(93)) });
    expect(response.status).toBe(200);
  });

  test("101 combined characters", async () => {
    await expectInvalid(await code({ record: record("brickie", "x".repeat(94)) }));
    expect(h.sim.counters().rejections["invalid_request_body.too_long"]).toBe(1);
  });

  test.each([0, 17, 2.5, "5", null])("numberOfSuggestions %p", async (n) => {
    await expectInvalid(await code({ record: record("brickie"), numberOfSuggestions: n }));
  });

  test("an unknown field in the record", async () => {
    await expectInvalid(await code({ record: { ...record("brickie"), employer: "ACME" } }));
  });

  test("an unknown top-level field", async () => {
    await expectInvalid(await code({ record: record("brickie"), model: "latest" }));
  });

  test("a number where text is expected", async () => {
    await expectInvalid(await code({ record: { occp_text: 371131, tasks_text: "" } }));
  });

  test("body validation comes before the topic lookup", async () => {
    await expectInvalid(await code("nope", "/v1/topics/nope/code"));
  });
});

describe("Malformed record found in request", () => {
  test("a record without occp_text", async () => {
    const response = await code({ record: { tasks_text: "laying bricks" } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: "Malformed record found in request" });
  });

  test("one record without occp_text fails the whole batch", async () => {
    const response = await code({ records: [record("brickie"), { recordId: "2", tasks_text: "x" }] });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: "Malformed record found in request" });
    expect(h.coder.calls).toHaveLength(0);
  });

  test("an unknown topic is reported before a malformed record", async () => {
    const response = await code({ record: { tasks_text: "x" } }, "/v1/topics/nope/code");
    expect(response.status).toBe(404);
  });
});

describe("topics and models", () => {
  test("an unknown topic gets 404 The specified topic does not exist", async () => {
    const response = await code({ record: record("brickie") }, "/v1/topics/nope/code");
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: "The specified topic does not exist" });
  });

  test("the anzsco topic codes to ANZSCO", async () => {
    const response = await code({ record: record("brickie") }, "/v1/topics/anzsco/code");
    expect(await response.json()).toMatchObject({ result: [{ codeCategory: "331111" }, {}, {}] });
    expect(h.coder.calls[0].options?.classification).toBe("anzsco");
  });

  test("a pinned older model codes", async () => {
    const response = await code({ record: record("brickie") }, `/v1/topics/osca/models/${OSCA_OLDER}/code`);
    expect(response.status).toBe(200);
    expect(h.sim.counters().codingRequests.log[0].modelId).toBe(OSCA_OLDER);
  });

  test("the latest model is used without a model in the path", async () => {
    await code({ record: record("brickie") });
    expect(h.sim.counters().codingRequests.log[0].modelId).toBe(OSCA_LATEST);
  });

  test("an unknown model gets 404 The specified model does not exist", async () => {
    const response = await code(
      { record: record("brickie") },
      "/v1/topics/osca/models/00000000-0000-0000-0000-000000000000/code",
    );
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: "The specified model does not exist" });
  });

  test("another topic's model gets 409 Selected model does not match the input topic.", async () => {
    const response = await code({ record: record("brickie") }, `/v1/topics/osca/models/${ANZSCO_LATEST}/code`);
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ message: "Selected model does not match the input topic." });
  });

  test("an unknown topic is reported before an unknown model", async () => {
    const response = await code({ record: record("brickie") }, "/v1/topics/nope/models/nope/code");
    expect(await response.json()).toEqual({ message: "The specified topic does not exist" });
  });
});

test("a coder failure answers 500 Error performing request", async () => {
  const response = await code({ record: record("explode") });
  expect(response.status).toBe(500);
  expect(await response.json()).toEqual({ message: "Error performing request" });
});
