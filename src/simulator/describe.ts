/** A printable view of the effective configuration, with client secrets masked. */
import type { SimulatorConfig } from "./options";

export function maskSecret(secret: string): string {
  return secret.length === 0 ? "(empty)" : `${"*".repeat(8)} (${secret.length} chars)`;
}

export function describeConfig(config: SimulatorConfig): Record<string, unknown> {
  return {
    tier: config.tier,
    host: config.host,
    port: config.port,
    clients: config.clients.map((c) => ({
      clientId: c.clientId,
      clientSecret: maskSecret(c.clientSecret),
      organisation: c.organisation,
    })),
    dailyQuota: config.dailyQuota === Infinity ? "unlimited" : config.dailyQuota,
    requestsPerSecond: config.requestsPerSecond === Infinity ? "unlimited" : config.requestsPerSecond,
    burst: config.burst,
    tokenTtlSeconds: config.tokenTtlSeconds,
    tokenRequestsPerWindow: config.tokenRequestsPerWindow,
    tokenRequestWindowSeconds: config.tokenRequestWindowSeconds,
    tokenBlockSeconds: config.tokenBlockSeconds,
    tokenBlockDeniesApiCalls: config.tokenBlockDeniesApiCalls,
    missingTokenResponse: config.missingTokenResponse,
    maxBatchRecords: config.maxBatchRecords,
    maxSyncTextLength: config.maxSyncTextLength,
    maxAsyncTextLength: config.maxAsyncTextLength,
    uploadUrlTtlSeconds: config.uploadUrlTtlSeconds,
    asyncScanSeconds: config.asyncScanSeconds,
    asyncProcessingSeconds: config.asyncProcessingSeconds,
    asyncOutputShape: config.asyncOutputShape,
    maxUploadBytes: config.maxUploadBytes,
    latencyMs: config.latencyMs,
    topics: config.topics.map((t) => `${t.uriName} (${t.models.length} model${t.models.length === 1 ? "" : "s"})`),
    coder: config.coder ? "injected" : "local coder (src/coder), loaded on first use",
    testControl: config.testControl,
  };
}
