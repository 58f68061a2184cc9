/**
 * Deterministic `requestid` for writes: the same logical operation always yields the same id,
 * so a retried request is answered from QBO's idempotency cache instead of creating a duplicate.
 * 32 hex characters fit both limits (50 for single calls, 36 for batch).
 *
 * @example
 * ```ts
 * await requestIdFor("org1:lease-42:2026-11:invoice") === await requestIdFor("org1:lease-42:2026-11:invoice");
 * ```
 */
export async function requestIdFor(idempotencyKey: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(idempotencyKey));
  return Array.from(new Uint8Array(digest).slice(0, 16), (byte) => byte.toString(16).padStart(2, "0")).join(
    "",
  );
}
