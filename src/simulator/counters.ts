/**
 * What the simulator saw, for tests and operators: token requests, API requests by endpoint and
 * status (each with its clock timestamp, so tests can measure spacing), coding batches and their
 * sizes, records coded and rejections by reason. Exposed in-process (RunningSimulator.counters())
 * and over HTTP (GET /__simulator/counters).
 */
import type { OperationStatus } from "./inferredContract";
import type { Tier } from "./options";

/** Why a request was refused. Token-endpoint reasons start with "token.". */
export type RejectionReason =
  | "missing_authentication_token"
  | "explicit_deny.missing_token"
  | "explicit_deny.bearer_prefix"
  | "explicit_deny.unknown_token"
  | "explicit_deny.expired_token"
  | "explicit_deny.public_tier"
  | "explicit_deny.organisation_blocked"
  | "explicit_deny.injected"
  | "too_many_requests"
  | "too_many_requests.injected"
  | "limit_exceeded"
  | "invalid_request_body.query_string"
  | "invalid_request_body.invalid_json"
  | "invalid_request_body.shape"
  | "invalid_request_body.unknown_field"
  | "invalid_request_body.too_many_records"
  | "invalid_request_body.field_type"
  | "invalid_request_body.non_printable_ascii"
  | "invalid_request_body.too_long"
  | "invalid_request_body.number_of_suggestions"
  | "malformed_record"
  | "topic_not_found"
  | "model_not_found"
  | "model_topic_mismatch"
  | "operation_not_found"
  | "no_models_for_topic"
  | "error_performing_request"
  | "error_performing_request.injected"
  | "request_too_long"
  | "token.invalid_request"
  | "token.invalid_client"
  | "token.unsupported_grant_type"
  | "token.blocked"
  | "token.injected_error"
  | "token.block_started"
  | "s3.signature_does_not_match"
  | "s3.expired"
  | "s3.not_found"
  | "s3.upload_closed";

export interface ApiRequestEntry {
  /** Clock time (ms since epoch) when the request arrived. */
  at: number;
  method: string;
  /** The guide's endpoint, e.g. "POST /v1/topics/{topic}/code", or "unmatched". */
  endpoint: string;
  /** The concrete URL path requested. */
  path: string;
  status: number;
  clientId?: string;
  /** Records in a coding request whose body could be read. */
  records?: number;
  reason?: RejectionReason;
}

export interface TokenRequestEntry {
  at: number;
  clientId?: string;
  organisation?: string;
  outcome: "granted" | "refused" | "blocked";
  status: number;
  reason?: RejectionReason;
}

/** One synchronous coding call (the unit an upstream client pays 1 request for). */
export interface CodingRequestEntry {
  at: number;
  endpoint: string;
  topic: string;
  modelId?: string;
  clientId?: string;
  records: number;
  status: number;
}

export interface SimulatorCounters {
  tier: Tier;
  tokenRequests: {
    total: number;
    granted: number;
    /** Answered 400 (bad request, bad credentials, bad grant type). */
    refused: number;
    /** Answered 403 by the organisation token rule (the excess request and all during a block). */
    blocked: number;
    log: TokenRequestEntry[];
  };
  tokenBlocks: {
    started: number;
    active: { organisation: string; until: number }[];
  };
  apiRequests: {
    total: number;
    byEndpoint: Record<string, number>;
    byStatus: Record<string, number>;
    byEndpointAndStatus: Record<string, Record<string, number>>;
    log: ApiRequestEntry[];
  };
  /** Synchronous coding calls; `sizes` lists the record count of each call that answered 200. */
  codingRequests: {
    total: number;
    succeeded: number;
    sizes: number[];
    log: CodingRequestEntry[];
  };
  /** Records coded by successful synchronous calls. */
  recordsCoded: number;
  asyncOperations: {
    created: number;
    /** Files accepted by the simulated S3 upload. */
    uploaded: number;
    /** Records coded from uploaded files. */
    recordsCoded: number;
    /** Operations by their current status (live from the operation store). */
    byStatus: Record<OperationStatus, number>;
  };
  s3Requests: { uploads: number; downloads: number; rejected: number };
  rejections: Partial<Record<RejectionReason, number>>;
  /** Daily quota use per client in the current UTC day. */
  quota: Record<string, { used: number; limit: number; periodStart: number; resetsAt: number }>;
  /** Log entries dropped because a log reached maxLogEntries. */
  droppedLogEntries: number;
}

type OwnCounters = Omit<SimulatorCounters, "tier" | "tokenBlocks" | "quota" | "asyncOperations"> & {
  tokenBlocks: { started: number };
  asyncOperations: Omit<SimulatorCounters["asyncOperations"], "byStatus">;
};

function emptyCounters(): OwnCounters {
  return {
    tokenRequests: { total: 0, granted: 0, refused: 0, blocked: 0, log: [] },
    tokenBlocks: { started: 0 },
    apiRequests: { total: 0, byEndpoint: {}, byStatus: {}, byEndpointAndStatus: {}, log: [] },
    codingRequests: { total: 0, succeeded: 0, sizes: [], log: [] },
    recordsCoded: 0,
    asyncOperations: { created: 0, uploaded: 0, recordsCoded: 0 },
    s3Requests: { uploads: 0, downloads: 0, rejected: 0 },
    rejections: {},
    droppedLogEntries: 0,
  };
}

export class CounterStore {
  private c: OwnCounters = emptyCounters();

  constructor(private readonly maxLogEntries: number) {}

  reset(): void {
    this.c = emptyCounters();
  }

  rejection(reason: RejectionReason): void {
    this.c.rejections[reason] = (this.c.rejections[reason] ?? 0) + 1;
  }

  tokenRequest(entry: TokenRequestEntry): void {
    const t = this.c.tokenRequests;
    t.total += 1;
    t[entry.outcome] += 1;
    if (entry.reason) this.rejection(entry.reason);
    this.push(t.log, entry);
  }

  tokenBlockStarted(): void {
    this.c.tokenBlocks.started += 1;
    this.rejection("token.block_started");
  }

  apiRequest(entry: ApiRequestEntry): void {
    const a = this.c.apiRequests;
    const status = String(entry.status);
    a.total += 1;
    a.byEndpoint[entry.endpoint] = (a.byEndpoint[entry.endpoint] ?? 0) + 1;
    a.byStatus[status] = (a.byStatus[status] ?? 0) + 1;
    const perEndpoint = (a.byEndpointAndStatus[entry.endpoint] ??= {});
    perEndpoint[status] = (perEndpoint[status] ?? 0) + 1;
    if (entry.reason) this.rejection(entry.reason);
    this.push(a.log, entry);
  }

  codingRequest(entry: CodingRequestEntry): void {
    const k = this.c.codingRequests;
    k.total += 1;
    if (entry.status === 200) {
      k.succeeded += 1;
      k.sizes.push(entry.records);
      this.c.recordsCoded += entry.records;
    }
    this.push(k.log, entry);
  }

  asyncOperation(event: "created" | "uploaded", records = 0): void {
    this.c.asyncOperations[event] += 1;
    this.c.asyncOperations.recordsCoded += records;
  }

  s3Request(kind: "uploads" | "downloads" | "rejected", reason?: RejectionReason): void {
    this.c.s3Requests[kind] += 1;
    if (reason) this.rejection(reason);
  }

  /** A deep copy, so callers can keep it while the simulator goes on counting. */
  snapshot(): OwnCounters {
    return structuredClone(this.c);
  }

  private push<T>(log: T[], entry: T): void {
    if (log.length >= this.maxLogEntries) {
      this.c.droppedLogEntries += 1;
      return;
    }
    log.push(entry);
  }
}
