import { DomainError } from "../../domain/errors.ts";

/**
 * Opaque page cursors for record lists: the last record id of a page, base64url-encoded, so
 * clients treat it as a token and ids of any alphabet survive a query string.
 */
export function encodeRecordCursor(lastId: string): string {
  const bytes = new TextEncoder().encode(lastId);
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** The record id inside a cursor; VALIDATION_FAILED on `query.cursor` when it is not one of ours. */
export function decodeRecordCursor(cursor: string): string {
  try {
    const binary = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
    const id = new TextDecoder("utf-8", { fatal: true }).decode(
      Uint8Array.from(binary, (ch) => ch.charCodeAt(0)),
    );
    if (id.length > 0) return id;
  } catch {
    // fall through to the error below
  }
  throw new DomainError(
    "VALIDATION_FAILED",
    "Invalid request: query.cursor: not a cursor returned by this API",
    {
      issues: [{ path: "query.cursor", message: "not a cursor returned by this API", code: "invalid_value" }],
    },
  );
}
