/** SIMULATOR_* environment variables and option validation. */
import { parseSimulatorEnv, SIMULATOR_ENV } from "../../src/simulator/env";
import { resolveOptions, SimulatorConfigError } from "../../src/simulator";

describe("environment variables", () => {
  test("with nothing set, the development defaults apply", () => {
    const { options, problems, warnings } = parseSimulatorEnv({});
    expect(problems).toEqual([]);
    expect(warnings).toEqual([]);
    const config = resolveOptions(options);
    expect(config).toMatchObject({
      port: 4010,
      host: "127.0.0.1",
      tier: "public",
      clients: [{ clientId: "dev-client", clientSecret: "dev-secret" }],
      dailyQuota: 1000,
      requestsPerSecond: 1,
      tokenTtlSeconds: 3600,
      tokenRequestsPerWindow: 1,
      tokenRequestWindowSeconds: 3600,
      tokenBlockSeconds: 3600,
      maxBatchRecords: 300,
      maxSyncTextLength: 100,
      maxAsyncTextLength: 300,
    });
  });

  test("the partner tier defaults to 10,000 requests a day", () => {
    expect(resolveOptions(parseSimulatorEnv({ SIMULATOR_TIER: "partner" }).options).dailyQuota).toBe(10_000);
  });

  test("every variable is read", () => {
    const { options, problems } = parseSimulatorEnv({
      SIMULATOR_PORT: "5000",
      SIMULATOR_HOST: "0.0.0.0",
      SIMULATOR_TIER: "partner",
      SIMULATOR_CLIENT_ID: "abc",
      SIMULATOR_CLIENT_SECRET: "s3cret",
      SIMULATOR_DAILY_QUOTA: "50",
      SIMULATOR_REQUESTS_PER_SECOND: "unlimited",
      SIMULATOR_BURST: "2",
      SIMULATOR_TOKEN_TTL_SECONDS: "60",
      SIMULATOR_TOKEN_REQUESTS_PER_WINDOW: "3",
      SIMULATOR_TOKEN_REQUEST_WINDOW_SECONDS: "120",
      SIMULATOR_TOKEN_BLOCK_SECONDS: "30",
      SIMULATOR_TOKEN_BLOCK_DENIES_API_CALLS: "true",
      SIMULATOR_MISSING_TOKEN_RESPONSE: "unauthorized",
      SIMULATOR_MAX_BATCH_RECORDS: "10",
      SIMULATOR_MAX_SYNC_TEXT_LENGTH: "50",
      SIMULATOR_MAX_ASYNC_TEXT_LENGTH: "150",
      SIMULATOR_UPLOAD_URL_TTL_SECONDS: "900",
      SIMULATOR_ASYNC_SCAN_SECONDS: "0",
      SIMULATOR_ASYNC_PROCESSING_SECONDS: "1",
      SIMULATOR_ASYNC_OUTPUT_SHAPE: "v1",
      SIMULATOR_MAX_UPLOAD_BYTES: "1000",
      SIMULATOR_LATENCY_MS: "25",
      SIMULATOR_LOG: "yes",
      SIMULATOR_TEST_CONTROL: "off",
    });
    expect(problems).toEqual([]);
    expect(options).toEqual({
      port: 5000,
      host: "0.0.0.0",
      tier: "partner",
      clients: [{ clientId: "abc", clientSecret: "s3cret" }],
      dailyQuota: 50,
      requestsPerSecond: Infinity,
      burst: 2,
      tokenTtlSeconds: 60,
      tokenRequestsPerWindow: 3,
      tokenRequestWindowSeconds: 120,
      tokenBlockSeconds: 30,
      tokenBlockDeniesApiCalls: true,
      missingTokenResponse: "unauthorized",
      maxBatchRecords: 10,
      maxSyncTextLength: 50,
      maxAsyncTextLength: 150,
      uploadUrlTtlSeconds: 900,
      asyncScanSeconds: 0,
      asyncProcessingSeconds: 1,
      asyncOutputShape: "v1",
      maxUploadBytes: 1000,
      latencyMs: 25,
      logger: true,
      testControl: false,
    });
    expect(SIMULATOR_ENV).toHaveLength(25);
  });

  test("each bad value gets one clear message naming the variable and its default", () => {
    const { problems } = parseSimulatorEnv({
      SIMULATOR_PORT: "http",
      SIMULATOR_TIER: "gold",
      SIMULATOR_DAILY_QUOTA: "-1",
      SIMULATOR_LOG: "maybe",
    });
    expect(problems).toEqual([
      'SIMULATOR_PORT="http": expected a whole number (default 4010)',
      'SIMULATOR_TIER="gold": expected "public" or "partner" (default public)',
      'SIMULATOR_DAILY_QUOTA="-1": expected a whole number or "unlimited" (default 1000 (public) / 10000 (partner))',
      'SIMULATOR_LOG="maybe": expected true or false (default false)',
    ]);
  });

  test("an unknown SIMULATOR_ variable is warned about", () => {
    expect(parseSimulatorEnv({ SIMULATOR_QUOTA: "5" }).warnings).toEqual([
      "SIMULATOR_QUOTA is not a simulator setting and is ignored",
    ]);
  });

  test("empty values count as not set", () => {
    expect(parseSimulatorEnv({ SIMULATOR_PORT: "" }).options.port).toBe(4010);
  });
});

describe("option validation", () => {
  test("every problem is reported at once", () => {
    let error: unknown;
    try {
      resolveOptions({
        port: 70000,
        clients: [
          { clientId: "a", clientSecret: "x" },
          { clientId: "a", clientSecret: "" },
        ],
        requestsPerSecond: 0,
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SimulatorConfigError);
    expect((error as SimulatorConfigError).problems).toEqual([
      "port must be a whole number from 0 to 65535, got 70000",
      'client "a" needs a non-empty secret',
      'client id "a" is registered twice',
      "requestsPerSecond must be a number above 0 (or Infinity), got 0",
    ]);
  });

  test("a client id with a colon cannot be expressed in Basic auth and is refused", () => {
    expect(() => resolveOptions({ clients: [{ clientId: "a:b", clientSecret: "x" }] })).toThrow(/contain no ":"/);
  });
});
