/**
 * pino for the backend, with two layers against leaking credentials (invariant 2):
 *  1. redaction of every field that can hold one (headers, token and secret fields), and
 *  2. a scrubbing destination that replaces any known secret value (the client secret, its
 *     Basic-auth form, every token this process has seen) wherever it appears in a line,
 *     in case a message or an error string ever carries one.
 */
import { Writable } from "node:stream";
import pino, { type DestinationStream, type Logger } from "pino";

export const REDACTED = "[redacted]";

export const REDACT_PATHS = [
  "req.headers.authorization",
  'req.headers["x-api-key"]',
  "req.headers.cookie",
  "headers.authorization",
  'headers["x-api-key"]',
  "authorization",
  "access_token",
  "accessToken",
  "token",
  "clientSecret",
  "client_secret",
  "apiKey",
  "*.authorization",
  "*.access_token",
  "*.accessToken",
  "*.token",
  "*.clientSecret",
  "*.client_secret",
  "*.apiKey",
];

/** Known secret values, matched literally in every log line before it is written. */
export class SecretScrubber {
  private readonly secrets = new Set<string>();

  add(value: string | null | undefined): void {
    if (!value || value.length < 6) return;
    this.secrets.add(value);
    // The same value as it appears inside JSON strings and Basic-auth headers.
    this.secrets.add(JSON.stringify(value).slice(1, -1));
  }

  /** The client secret also travels as base64("id:secret") in the token request. */
  addBasicAuth(clientId: string, secret: string): void {
    this.add(secret);
    this.add(Buffer.from(`${clientId}:${secret}`).toString("base64"));
  }

  scrub(line: string): string {
    let out = line;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  }
}

export function scrubbingStream(
  destination: DestinationStream | NodeJS.WritableStream,
  scrubber: SecretScrubber,
): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      destination.write(scrubber.scrub(chunk.toString()));
      callback();
    },
  });
}

export function createLogger(
  level: string,
  scrubber: SecretScrubber,
  destination: DestinationStream | NodeJS.WritableStream = pino.destination(1),
): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      base: { service: "occupation-coder-backend" },
    },
    scrubbingStream(destination, scrubber),
  );
}
