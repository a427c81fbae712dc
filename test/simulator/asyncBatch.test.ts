/** Asynchronous batch coding, partner tier (§5.7–§5.9, §8), with the simulated S3 upload/download. */
import { ANZSCO_LATEST, DENY, OSCA_LATEST, OSCA_OLDER, startHarness, type Harness } from "./support";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ tier: "partner", asyncScanSeconds: 2, asyncProcessingSeconds: 5 });
});
afterAll(() => h.close());
beforeEach(() => h.reset());

interface Created {
  requestUploadUrl: string;
  operationId: string;
  bucketKmsKeyArn: string;
}

const jsonl = (...lines: unknown[]) =>
  lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n") + "\n";
const GOOD_FILE = jsonl(
  { recordId: "1", occp_text: "brickie", tasks_text: "laying bricks" },
  { recordId: "2", occp_text: "worker", tasks_text: "" },
  { occp_text: "nothing", tasks_text: "" },
);

async function create(path = "/v1/topics/osca/batch-code"): Promise<Created> {
  const response = await h.api("POST", path);
  expect(response.status).toBe(200);
  return (await response.json()) as Created;
}

function upload(created: Created, body: string, headers?: Record<string, string>): Promise<Response> {
  return fetch(created.requestUploadUrl, {
    method: "PUT",
    headers: headers ?? {
      "x-amz-server-side-encryption": "aws:kms",
      "x-amz-server-side-encryption-aws-kms-key-id": created.bucketKmsKeyArn,
    },
    body,
  });
}

async function status(operationId: string, path = `/v1/topics/osca/batch-code/operations/${operationId}`) {
  const response = await h.api("GET", path);
  return { response, body: (await response.json()) as Record<string, unknown> };
}

test("creating an operation answers an upload URL, an operation id and a KMS key ARN", async () => {
  const created = await create();
  expect(created).toEqual({
    requestUploadUrl: expect.stringMatching(new RegExp(`^${h.sim.url}/s3/.+X-Amz-Signature=`)),
    operationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    bucketKmsKeyArn: expect.stringMatching(/^arn:aws:kms:ap-southeast-2:\d{12}:key\//),
  });
  expect(created.requestUploadUrl).toContain("X-Amz-SignedHeaders=host%3Bx-amz-server-side-encryption");
});

test("an operation waits for its upload", async () => {
  const created = await create();
  const { body } = await status(created.operationId);
  expect(body).toMatchObject({ operationId: created.operationId, status: "AWAITING_UPLOAD", modelId: OSCA_LATEST });
});

test("an uploaded file is scanned, processed and completed as the clock moves", async () => {
  const created = await create();
  const put = await upload(created, GOOD_FILE);
  expect(put.status).toBe(200);
  expect(put.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);

  expect((await status(created.operationId)).body.status).toBe("PENDING"); // +1 s
  h.clock.advance(1000);
  expect((await status(created.operationId)).body.status).toBe("IN_PROGRESS"); // +3 s
  h.clock.advance(3000);
  const done = (await status(created.operationId)).body; // +7 s
  expect(done).toMatchObject({ status: "COMPLETED", recordCount: 3, resultDownloadUrl: expect.any(String) });
});

test("the completed result downloads as JSONL in the v2 AsynchronousCodeResponse shape", async () => {
  const created = await create();
  await upload(created, GOOD_FILE);
  h.clock.advance(10_000);
  const { body } = await status(created.operationId);
  const download = await fetch(body.resultDownloadUrl as string);
  expect(download.status).toBe(200);
  const lines = (await download.text())
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  expect(lines).toEqual([
    {
      recordId: "1",
      codeStatus: "successful",
      input: { recordId: "1", occp_text: "brickie", tasks_text: "laying bricks" },
      result: { codeCategory: "371131", codeLabel: "Bricklayer", codeConfidence: 0.93 },
      suggestions: [],
    },
    {
      recordId: "2",
      codeStatus: "unsuccessful",
      input: { recordId: "2", occp_text: "worker", tasks_text: "" },
      result: null,
      suggestions: [
        { codeCategory: "8", codeLabel: "Labourers", codeConfidence: 0.41 },
        { codeCategory: "7", codeLabel: "Machinery Operators and Drivers", codeConfidence: 0.22 },
        { codeCategory: "3", codeLabel: "Technicians and Trades Workers", codeConfidence: 0.11 },
      ],
    },
    {
      recordId: null,
      codeStatus: "unsuccessful",
      input: { occp_text: "nothing", tasks_text: "" },
      result: null,
      suggestions: [],
    },
  ]);
  expect(h.sim.counters().asyncOperations).toMatchObject({ created: 1, uploaded: 1, recordsCoded: 3 });
});

test("the v1 output shape can be switched on", async () => {
  const v1 = await startHarness({ tier: "partner", asyncOutputShape: "v1" });
  try {
    const created = (await (await v1.api("POST", "/v1/topics/osca/batch-code")).json()) as Created;
    await upload(created, GOOD_FILE);
    v1.clock.advance(60_000);
    const st = (await (await v1.api("GET", `/v1/topics/osca/batch-code/operations/${created.operationId}`)).json()) as {
      resultDownloadUrl: string;
    };
    const lines = (await (await fetch(st.resultDownloadUrl)).text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({
      recordId: "1",
      result: { codeCategory: "371131", codeLabel: "Bricklayer", codeConfidence: 0.93 },
    });
    expect(lines[2]).toEqual({ recordId: "", suggestions: [] });
  } finally {
    await v1.close();
  }
});

test("a file with a bad line fails as a whole", async () => {
  const created = await create();
  await upload(created, jsonl({ recordId: "1", occp_text: "brickie", tasks_text: "" }, "{not json"));
  h.clock.advance(10_000);
  const { body } = await status(created.operationId);
  expect(body).toMatchObject({ status: "FAILED", message: "Invalid request body (line 2)" });
  expect(body).not.toHaveProperty("resultDownloadUrl");
  expect(h.coder.calls).toHaveLength(0);
});

test("a line without tasks_text makes the file Malformed", async () => {
  const created = await create();
  await upload(created, jsonl({ recordId: "1", occp_text: "sewing machinist" }));
  h.clock.advance(10_000);
  expect((await status(created.operationId)).body).toMatchObject({
    status: "FAILED",
    message: "Malformed record found in request (line 1)",
  });
});

test("async records may hold 300 combined characters but not 301", async () => {
  const ok = await create();
  await upload(ok, jsonl({ occp_text: "brickie", tasks_text: "x".repeat(293) }));
  const tooLong = await create();
  await upload(tooLong, jsonl({ occp_text: "brickie", tasks_text: "x".repeat(294) }));
  h.clock.advance(10_000);
  expect((await status(ok.operationId)).body.status).toBe("COMPLETED");
  expect((await status(tooLong.operationId)).body.status).toBe("FAILED");
});

test("an empty file fails", async () => {
  const created = await create();
  await upload(created, "");
  h.clock.advance(10_000);
  expect((await status(created.operationId)).body).toMatchObject({ status: "FAILED", message: "Invalid request body" });
});

describe("the simulated S3 upload", () => {
  test("an upload without the SSE-KMS headers gets SignatureDoesNotMatch", async () => {
    const created = await create();
    const response = await upload(created, GOOD_FILE, {});
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toMatch(/^application\/xml/);
    expect(await response.text()).toContain("<Code>SignatureDoesNotMatch</Code>");
    expect((await status(created.operationId)).body.status).toBe("AWAITING_UPLOAD");
  });

  test("an upload with another KMS key id gets SignatureDoesNotMatch", async () => {
    const created = await create();
    const response = await upload(created, GOOD_FILE, {
      "x-amz-server-side-encryption": "aws:kms",
      "x-amz-server-side-encryption-aws-kms-key-id": "arn:aws:kms:ap-southeast-2:000000000000:key/other",
    });
    expect(response.status).toBe(403);
  });

  test("a tampered upload URL gets SignatureDoesNotMatch", async () => {
    const created = await create();
    const response = await upload(
      { ...created, requestUploadUrl: created.requestUploadUrl.replace("X-Amz-Expires=3600", "X-Amz-Expires=99999") },
      GOOD_FILE,
    );
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("SignatureDoesNotMatch");
  });

  test("an upload after the URL expired gets AccessDenied and the operation fails", async () => {
    const created = await create();
    h.clock.advance(3600_000 + 1);
    const response = await upload(created, GOOD_FILE);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("<Message>Request has expired</Message>");
    await h.token(); // the first token expired with the URL
    expect((await status(created.operationId)).body).toMatchObject({
      status: "FAILED",
      message: "The upload URL expired before an input file was received",
    });
  });

  test("a second upload to the same operation is refused", async () => {
    const created = await create();
    await upload(created, GOOD_FILE);
    expect((await upload(created, GOOD_FILE)).status).toBe(403);
  });

  test("a tampered download URL gets SignatureDoesNotMatch", async () => {
    const created = await create();
    await upload(created, GOOD_FILE);
    h.clock.advance(10_000);
    const url = (await status(created.operationId)).body.resultDownloadUrl as string;
    const tampered = url.replace(/abs-coder-batch-output\/[0-9a-f-]+/, "abs-coder-batch-output/other");
    const response = await fetch(tampered);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("SignatureDoesNotMatch");
  });

  test("the download URL expires after an hour", async () => {
    const created = await create();
    await upload(created, GOOD_FILE);
    h.clock.advance(10_000);
    const url = (await status(created.operationId)).body.resultDownloadUrl as string;
    h.clock.advance(3600_000 + 1);
    expect((await fetch(url)).status).toBe(403);
  });

  test("upload and download need no access token and use no API quota", async () => {
    const created = await create();
    await upload(created, GOOD_FILE);
    const counters = h.sim.counters();
    expect(counters.quota).toMatchObject({ "test-client": { used: 1 } });
    expect(counters.s3Requests.uploads).toBe(1);
  });
});

describe("errors", () => {
  test("a public-tier token gets the explicit deny on batch-code", async () => {
    const pub = await startHarness({ tier: "public" });
    try {
      const response = await pub.api("POST", "/v1/topics/osca/batch-code");
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual(DENY);
      expect(pub.sim.counters().rejections["explicit_deny.public_tier"]).toBe(1);
    } finally {
      await pub.close();
    }
  });

  test("a public-tier token gets the explicit deny on the status call", async () => {
    const pub = await startHarness({ tier: "public" });
    try {
      const response = await pub.api("GET", "/v1/topics/osca/batch-code/operations/abc");
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual(DENY);
    } finally {
      await pub.close();
    }
  });

  test("an unknown operation gets 404", async () => {
    const { response, body } = await status("00000000-0000-0000-0000-000000000000");
    expect(response.status).toBe(404);
    expect(body).toEqual({ message: "The specified operation does not exist" });
  });

  test("an operation asked for under another topic is not found", async () => {
    const created = await create();
    const { response } = await status(
      created.operationId,
      `/v1/topics/anzsco/batch-code/operations/${created.operationId}`,
    );
    expect(response.status).toBe(404);
  });

  test("batch-code on an unknown topic gets 404 The specified topic does not exist", async () => {
    const response = await h.api("POST", "/v1/topics/nope/batch-code");
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: "The specified topic does not exist" });
  });

  test("batch-code with another topic's model gets 409", async () => {
    const response = await h.api("POST", `/v1/topics/osca/models/${ANZSCO_LATEST}/batch-code`);
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ message: "Selected model does not match the input topic." });
  });

  test("batch-code with an unknown model gets 404 The specified model does not exist", async () => {
    const response = await h.api("POST", "/v1/topics/osca/models/nope/batch-code");
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: "The specified model does not exist" });
  });
});

describe("model-specific operations", () => {
  test("an operation on a pinned model is visible under that model's path", async () => {
    const created = await create(`/v1/topics/osca/models/${OSCA_OLDER}/batch-code`);
    const { response, body } = await status(
      created.operationId,
      `/v1/topics/osca/models/${OSCA_OLDER}/batch-code/operations/${created.operationId}`,
    );
    expect(response.status).toBe(200);
    expect(body).toMatchObject({ modelId: OSCA_OLDER, status: "AWAITING_UPLOAD" });
  });

  test("an operation asked for under another model is not found", async () => {
    const created = await create(`/v1/topics/osca/models/${OSCA_OLDER}/batch-code`);
    const { response } = await status(
      created.operationId,
      `/v1/topics/osca/models/${OSCA_LATEST}/batch-code/operations/${created.operationId}`,
    );
    expect(response.status).toBe(404);
  });
});
