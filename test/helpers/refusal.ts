import { isApiError } from "../../src/core/api/errors.js";

/** The message of the Forbidden error `write` throws (admission's refusal); fails the test if it is accepted. */
export function refusal(write: () => unknown): string {
  try {
    write();
  } catch (e) {
    if (isApiError(e, "Forbidden")) return e.message;
    throw e;
  }
  throw new Error("the write was accepted");
}
