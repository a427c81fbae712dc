/**
 * The one backend client, batcher and cache of the shared runtime: the task pane and every
 * formula use these same instances, so a text coded by one is free for the other.
 */
import { BackendClient } from "./backendClient";
import { BatchingCoder } from "./batchingCoder";

export interface Connection {
  /** Backend origin from the workbook's settings; "" = the origin this add-in was served from. */
  baseUrl: string;
  /** This user's API key (never stored in the workbook). */
  apiKey?: string;
}

let connection: Connection = { baseUrl: "" };
let client = new BackendClient(connection);
let coder = newCoder(client);

function newCoder(backend: BackendClient): BatchingCoder {
  return new BatchingCoder({ transport: backend });
}

/** Points the runtime at a backend. A different backend or key starts a fresh cache. */
export function configureConnection(next: Connection): void {
  if (next.baseUrl === connection.baseUrl && next.apiKey === connection.apiKey) return;
  connection = { ...next };
  client = new BackendClient(connection);
  coder = newCoder(client);
}

export function backendClient(): BackendClient {
  return client;
}

export function batchingCoder(): BatchingCoder {
  return coder;
}
