/** @jest-environment node */
import type { CodeRecordInput, CodeResponse, Topic } from "../../../src/shared/api";
import {
  BatchingCoder,
  CallCancelledError,
  CallTimedOutError,
  type CodingTransport,
} from "../../../src/addin/client/batchingCoder";

/** A backend stand-in whose answers the test releases, so in-flight states can be observed. */
class ControlledTransport implements CodingTransport {
  requests: { records: CodeRecordInput[]; signal?: AbortSignal }[] = [];
  private releases: (() => void)[] = [];
  hold = false;
  failNext?: Error;
  inFlight = 0;
  maxInFlight = 0;

  async code(_topic: Topic, records: CodeRecordInput[], signal?: AbortSignal): Promise<CodeResponse> {
    this.requests.push({ records, signal });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.hold) {
        await new Promise<void>((resolve, reject) => {
          this.releases.push(resolve);
          signal?.addEventListener("abort", () => reject(Object.assign(new Error("aborted"), { name: "AbortError" })));
        });
      }
      const failure = this.failNext;
      this.failNext = undefined;
      if (failure) throw failure;
      return {
        model: "test",
        results: records.map((r) => ({ id: r.id, status: "coded", code: `C:${r.occp_text}`, suggestions: [] })),
      };
    } finally {
      this.inFlight--;
    }
  }

  releaseAll(): void {
    for (const release of this.releases.splice(0)) release();
  }
}

const osca = (occp_text: string, tasks_text = "") => ({ topic: "osca" as const, occp_text, tasks_text });
const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

test("1,000 simultaneous calls with 300 distinct texts make one backend request, and all settle", async () => {
  const transport = new ControlledTransport();
  const coder = new BatchingCoder({ transport, windowMs: 10, maxBatchSize: 500 });
  const texts = Array.from({ length: 1000 }, (_, i) => `Job ${i % 300}`);

  const results = await Promise.all(texts.map((text) => coder.code(osca(text))));

  expect(transport.requests).toHaveLength(Math.ceil(300 / 500));
  expect(transport.requests[0].records).toHaveLength(300);
  expect(results.map((r) => r.code)).toEqual(texts.map((text) => `C:${text}`));
});

test("the same 1,000 calls again make no backend request", async () => {
  const transport = new ControlledTransport();
  const coder = new BatchingCoder({ transport, windowMs: 10 });
  const texts = Array.from({ length: 1000 }, (_, i) => `Job ${i % 300}`);
  await Promise.all(texts.map((text) => coder.code(osca(text))));
  transport.requests = [];

  await Promise.all(texts.map((text) => coder.code(osca(text))));
  expect(transport.requests).toHaveLength(0);
});

test("more distinct texts than a batch holds make ceil(texts / batch size) requests", async () => {
  const transport = new ControlledTransport();
  const coder = new BatchingCoder({ transport, windowMs: 10, maxBatchSize: 300, maxInFlight: 2 });
  await Promise.all(Array.from({ length: 1000 }, (_, i) => coder.code(osca(`Job ${i}`))));
  expect(transport.requests.map((r) => r.records.length)).toEqual([300, 300, 300, 100]);
});

test("case and spacing differences share one record", async () => {
  const transport = new ControlledTransport();
  const coder = new BatchingCoder({ transport, windowMs: 10 });
  await Promise.all([coder.code(osca("Brickie")), coder.code(osca("  brickie ")), coder.code(osca("BRICKIE"))]);
  expect(transport.requests[0].records).toHaveLength(1);
});

test("a call for a text already in flight joins that request instead of sending another", async () => {
  const transport = new ControlledTransport();
  transport.hold = true;
  const coder = new BatchingCoder({ transport, windowMs: 1 });
  const first = coder.code(osca("Nurse"));
  await tick(20);
  const second = coder.code(osca("nurse"));
  await tick(20);
  transport.releaseAll();
  await expect(Promise.all([first, second])).resolves.toHaveLength(2);
  expect(transport.requests).toHaveLength(1);
});

test("never has more requests in flight than its cap", async () => {
  const transport = new ControlledTransport();
  transport.hold = true;
  const coder = new BatchingCoder({ transport, windowMs: 1, maxBatchSize: 10, maxInFlight: 2 });
  const calls = Array.from({ length: 50 }, (_, i) => coder.code(osca(`Job ${i}`)));
  await tick(20);
  expect(transport.requests).toHaveLength(2);
  for (let round = 0; round < 10 && transport.requests.length < 5; round++) {
    transport.releaseAll();
    await tick(10);
  }
  transport.releaseAll();
  await tick(10);
  transport.releaseAll();
  await Promise.all(calls);
  expect(transport.maxInFlight).toBe(2);
  expect(transport.requests).toHaveLength(5);
});

test("cancelling one call settles it without aborting the request others wait on", async () => {
  const transport = new ControlledTransport();
  transport.hold = true;
  const coder = new BatchingCoder({ transport, windowMs: 1 });
  const cancel = new AbortController();
  const cancelled = coder.code(osca("Chef"), { signal: cancel.signal });
  const kept = coder.code(osca("Chef"));
  await tick(20);
  cancel.abort();
  await expect(cancelled).rejects.toBeInstanceOf(CallCancelledError);
  expect(transport.requests[0].signal?.aborted).toBe(false);
  transport.releaseAll();
  await expect(kept).resolves.toMatchObject({ code: "C:Chef" });
});

test("a text whose every caller cancelled before sending is not sent", async () => {
  const transport = new ControlledTransport();
  const coder = new BatchingCoder({ transport, windowMs: 20 });
  const cancel = new AbortController();
  const gone = coder.code(osca("Pilot"), { signal: cancel.signal });
  const stays = coder.code(osca("Baker"));
  cancel.abort();
  await expect(gone).rejects.toBeInstanceOf(CallCancelledError);
  await stays;
  expect(transport.requests[0].records.map((r) => r.occp_text)).toEqual(["Baker"]);
});

test("a backend that never answers settles every call with a timeout, then frees its slot", async () => {
  const transport = new ControlledTransport();
  transport.hold = true;
  const coder = new BatchingCoder({ transport, windowMs: 1, timeoutMs: 50, maxInFlight: 1 });
  const calls = [coder.code(osca("A")), coder.code(osca("B"))];
  for (const call of calls) await expect(call).rejects.toBeInstanceOf(CallTimedOutError);
  await tick(20); // the request itself is abandoned one timeout after it was sent
  expect(transport.requests[0].signal?.aborted).toBe(true);

  transport.hold = false;
  await expect(coder.code(osca("A"))).resolves.toMatchObject({ code: "C:A" });
});

test("a failed request fails its calls, caches nothing, and the next calculation recovers", async () => {
  const transport = new ControlledTransport();
  transport.failNext = new Error("backend down");
  const coder = new BatchingCoder({ transport, windowMs: 1 });
  const failed = await Promise.allSettled([coder.code(osca("A")), coder.code(osca("B"))]);
  expect(failed.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  expect(coder.cache.size).toBe(0);

  await expect(coder.code(osca("A"))).resolves.toMatchObject({ code: "C:A" });
  expect(coder.stats).toMatchObject({ requests: 2, failedRequests: 1 });
});

test("error outcomes are not cached, so a quota error is retried on the next calculation", async () => {
  let quotaGone = true;
  const transport: CodingTransport = {
    async code(_topic, records) {
      return {
        model: "t",
        results: records.map((r) =>
          quotaGone
            ? { id: r.id, status: "error", suggestions: [], error: { reason: "quota_exhausted", message: "later" } }
            : { id: r.id, status: "coded", code: "1", suggestions: [] },
        ),
      };
    },
  };
  const coder = new BatchingCoder({ transport, windowMs: 1 });
  await expect(coder.code(osca("A"))).resolves.toMatchObject({ status: "error" });
  quotaGone = false;
  await expect(coder.code(osca("A"))).resolves.toMatchObject({ status: "coded" });
});

test("topics are never mixed in one request", async () => {
  const transport = new ControlledTransport();
  const topics: Topic[] = [];
  const spy: CodingTransport = {
    code: (topic, records, signal) => {
      topics.push(topic);
      return transport.code(topic, records, signal);
    },
  };
  const coder = new BatchingCoder({ transport: spy, windowMs: 5 });
  await Promise.all([coder.code(osca("A")), coder.code({ ...osca("A"), topic: "anzsco" }), coder.code(osca("B"))]);
  expect(topics.sort()).toEqual(["anzsco", "osca"]);
  expect(transport.requests.map((r) => r.records.length).sort()).toEqual([1, 2]);
});
