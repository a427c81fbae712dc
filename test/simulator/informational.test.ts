/** Topics, models and security.txt (§5.1–§5.4, §5.10). */
import { ANZSCO_LATEST, OSCA_LATEST, OSCA_OLDER, startHarness, type Harness } from "./support";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const OSCA_LATEST_DETAILS = {
  modelId: OSCA_LATEST,
  modelVersion: 2,
  modelReleaseDate: "2025-10-22T00:00:00Z",
  modelType: "hsvm",
  inputFormat: ["occp_text", "tasks_text"],
  topicStandard: "OSCA - Occupation Standard Classification for Australia",
  topicVersion: "1.0",
};

test("GET /v1/topics lists osca and anzsco", async () => {
  const response = await h.api("GET", "/v1/topics");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  expect(await response.json()).toEqual([
    { uriName: "osca", fullName: "OSCA - Occupation Standard Classification for Australia" },
    { uriName: "anzsco", fullName: "ANZSCO - Australian and New Zealand Standard Classification of Occupations" },
  ]);
});

test("GET /v1/topics/{topic} describes the latest model's input format", async () => {
  const response = await h.api("GET", "/v1/topics/osca");
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual(OSCA_LATEST_DETAILS);
});

test("GET /v1/topics/{topic}/models lists every model with its details", async () => {
  const response = await h.api("GET", "/v1/topics/osca/models");
  expect(response.status).toBe(200);
  const models = (await response.json()) as { modelId: string }[];
  expect(models.map((m) => m.modelId)).toEqual([OSCA_OLDER, OSCA_LATEST]);
  expect(models[1]).toEqual(OSCA_LATEST_DETAILS);
});

test("GET /v1/topics/{topic}/models/latest answers the newest model", async () => {
  const response = await h.api("GET", "/v1/topics/osca/models/latest");
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual(OSCA_LATEST_DETAILS);
});

test("the anzsco topic has its own model", async () => {
  const response = await h.api("GET", "/v1/topics/anzsco/models/latest");
  expect(await response.json()).toMatchObject({ modelId: ANZSCO_LATEST, topicVersion: "2022" });
});

test.each(["/v1/topics/nope", "/v1/topics/nope/models", "/v1/topics/nope/models/latest"])(
  "GET %s gets 404 The specified topic does not exist",
  async (path) => {
    const response = await h.api("GET", path);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: "The specified topic does not exist" });
  },
);

test("topic names are case-sensitive", async () => {
  expect((await h.api("GET", "/v1/topics/OSCA")).status).toBe(404);
});

describe("a topic without models", () => {
  let empty: Harness;
  beforeAll(async () => {
    empty = await startHarness({
      topics: [{ uriName: "empty", fullName: "Empty", classification: "osca", topicVersion: "0", models: [] }],
    });
  });
  afterAll(() => empty.close());

  test.each(["/v1/topics/empty/models", "/v1/topics/empty/models/latest", "/v1/topics/empty"])(
    "GET %s gets 500 No models found for topic",
    async (path) => {
      const response = await empty.api("GET", path);
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ message: "No models found for topic" });
    },
  );

  test("coding against it gets 500 No models found for topic", async () => {
    const response = await empty.api("POST", "/v1/topics/empty/code", {
      body: { record: { occp_text: "brickie", tasks_text: "" } },
    });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: "No models found for topic" });
  });
});

test("a query string gets Invalid request body", async () => {
  const response = await h.api("GET", "/v1/topics?limit=1");
  expect(response.status).toBe(400);
  expect(await response.json()).toEqual({ message: "Invalid request body" });
});

test("GET /v1/security.txt answers an RFC 9116 text without a token", async () => {
  const response = await h.api("GET", "/v1/security.txt", { authorization: null });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
  const text = await response.text();
  expect(text).toMatch(/^Contact: /m);
  expect(text).toMatch(/^Expires: /m);
});

test("security.txt does not count toward the limits", async () => {
  await h.apiNow("GET", "/v1/security.txt", { authorization: null });
  await h.apiNow("GET", "/v1/security.txt", { authorization: null });
  expect(h.sim.counters().quota).toEqual({});
  expect(h.sim.counters().apiRequests.byEndpoint["GET /v1/security.txt"]).toBe(2);
});
