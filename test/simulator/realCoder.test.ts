/** The simulator with its default coder (src/coder, loaded on first use) — no coder injected. */
import { ManualClock } from "../../src/shared/clock";
import { startSimulator, type RunningSimulator } from "../../src/simulator";
import { START, basic } from "./support";

let sim: RunningSimulator;
let token: string;
const clock = new ManualClock(START);

beforeAll(async () => {
  sim = await startSimulator({ clock, requestsPerSecond: Infinity });
  const response = await fetch(sim.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: basic("dev-client", "dev-secret") },
    body: "grant_type=client_credentials",
  });
  token = ((await response.json()) as { access_token: string }).access_token;
  // The first coding call loads the classification index; do it here, not inside a test's timeout.
  await fetch(`${sim.apiBaseUrl}/topics/osca/code`, {
    method: "POST",
    headers: { authorization: token },
    body: JSON.stringify({ record: { occp_text: "warm up", tasks_text: "" } }),
  });
}, 60_000);
afterAll(() => sim.close());

const code = async (topic: string, body: unknown) => {
  const response = await fetch(`${sim.apiBaseUrl}/topics/${topic}/code`, {
    method: "POST",
    headers: { authorization: token, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return response.json() as Promise<any>;
};

test('"brickie" codes to OSCA 371131 Bricklayer', async () => {
  const body = await code("osca", {
    record: { occp_text: "brickie", tasks_text: "laying bricks on house sites" },
    numberOfSuggestions: 3,
  });
  expect(body.codeStatus).toBe("successful");
  expect(body.result[0]).toMatchObject({ codeCategory: "371131", codeLabel: "Bricklayer" });
  expect(body.result[0].codeConfidence).toBeGreaterThan(0.5);
  expect(body.result[0].codeConfidence).toBeLessThanOrEqual(1);
  expect(body.result.length).toBeLessThanOrEqual(3);
});

test('"brickie" on the anzsco topic codes to ANZSCO 331111 Bricklayer', async () => {
  const body = await code("anzsco", { record: { occp_text: "brickie", tasks_text: "" }, numberOfSuggestions: 1 });
  expect(body.result).toEqual([
    { codeCategory: "331111", codeLabel: "Bricklayer", codeConfidence: expect.any(Number) },
  ]);
});

test("noise is unsuccessful with an empty result", async () => {
  const body = await code("osca", { record: { occp_text: "asdfgh", tasks_text: "" } });
  expect(body).toMatchObject({ codeStatus: "unsuccessful", result: [] });
});

test("every code returned is a 1- to 6-digit string with a title", async () => {
  const body = await code("osca", {
    records: [
      { recordId: "a", occp_text: "registered nurse", tasks_text: "" },
      { recordId: "b", occp_text: "truck driver", tasks_text: "drives a semi trailer interstate" },
      { recordId: "c", occp_text: "worker", tasks_text: "" },
    ],
    numberOfSuggestions: 5,
  });
  expect(body.map((r: { recordId: string }) => r.recordId)).toEqual(["a", "b", "c"]);
  for (const item of body) {
    for (const coded of item.result) {
      expect(coded.codeCategory).toMatch(/^\d{1,6}$/);
      expect(coded.codeLabel).toEqual(expect.any(String));
    }
  }
});
