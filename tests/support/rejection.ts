import assert from "node:assert/strict";
import { DomainError } from "../../domain/errors.ts";

/** The DomainError `promise` rejects with; fails the test when it resolves or throws anything else. */
export async function domainRejection(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    return error;
  }
  assert.fail("the call succeeded");
}
