/**
 * A value that must never be printed: the ABS client secret. Logging, JSON and util.inspect all
 * see "[redacted]"; only `reveal()` gives the value, and only the token request calls it.
 */
import { inspect } from "node:util";

export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  /** For the start-up summary: length and last two characters, enough to tell two secrets apart. */
  masked(): string {
    // Only the length: even a few characters of a secret help whoever reads the log.
    return this.#value.length === 0 ? "(empty)" : `**** (${this.#value.length} chars)`;
  }

  toString(): string {
    return "[redacted]";
  }

  toJSON(): string {
    return "[redacted]";
  }

  [inspect.custom](): string {
    return "[redacted]";
  }
}
