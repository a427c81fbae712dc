/**
 * The errors a formula cell shows. Excel displays the code (#N/A, #VALUE!) in the cell and the
 * message in the cell's error tooltip, so the message says what happened and what to do.
 */
import { BackendError } from "../client/backendClient";
import { CallCancelledError, CallTimedOutError, NotCachedError } from "../client/batchingCoder";

export function notAvailable(message: string): CustomFunctions.Error {
  return new CustomFunctions.Error(CustomFunctions.ErrorCode.notAvailable, message);
}

export function invalidValue(message: string): CustomFunctions.Error {
  return new CustomFunctions.Error(CustomFunctions.ErrorCode.invalidValue, message);
}

const SET_KEY_HINT = "open Data › Code occupations › Settings and enter your API key";

/** Maps anything thrown while coding to the error the cell should show. */
export function toCellError(error: unknown): CustomFunctions.Error {
  if (error instanceof CustomFunctions.Error) return error;
  if (error instanceof NotCachedError) return notAvailable("Not coded yet: press Enter to code this cell.");
  if (error instanceof CallTimedOutError) {
    return notAvailable(`${error.message} Recalculate (Ctrl+Alt+F9) to try again.`);
  }
  if (error instanceof CallCancelledError) return notAvailable(error.message);
  if (error instanceof BackendError) {
    if (error.status === 401) return notAvailable(`Not signed in to the coding backend: ${SET_KEY_HINT}.`);
    if (error.status === 403) return notAvailable(`This API key may not use the coding backend: ${SET_KEY_HINT}.`);
    return notAvailable(withRetryTime(error.message, error.retryAfter));
  }
  return notAvailable("The coding service is unavailable; recalculate to try again.");
}

export function withRetryTime(message: string, retryAfter?: string): string {
  if (!retryAfter) return message;
  const when = new Date(retryAfter);
  if (Number.isNaN(when.getTime())) return message;
  return `${message} Try again after ${when.toLocaleString()}.`;
}
