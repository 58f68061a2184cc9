import { apiKeyState, callerOfApiKey, parseApiKey } from "../../domain/access/api_key.ts";
import type { Caller } from "../../domain/access/caller.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import { DomainError } from "../../domain/errors.ts";
import type { ApiKeyRepository } from "../../domain/ports/api_key_repository.ts";
import type { ApiKeySecrets } from "../../domain/ports/api_key_secrets.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { IpAddresses } from "../../domain/ports/ip_addresses.ts";

export interface ApiKeyAuthenticationDependencies {
  readonly keys: Pick<ApiKeyRepository, "findByLookup" | "touch">;
  readonly secrets: Pick<ApiKeySecrets, "matches">;
  readonly clock: Clock;
  readonly audit: AuditTrail;
  /** Whether the client's address lies in the key's allow-list. */
  readonly addresses: Pick<IpAddresses, "inRanges">;
}

/** `last_used` is recorded at most this often per key (a burst of calls writes it once). */
export const LAST_USED_PRECISION_MS = 60_000;

const invalid = (reason: string, message: string) =>
  new DomainError("AUTH_INVALID_TOKEN", message, { reason, credential: "api_key" });

/**
 * The caller an API key stands for (`callerOfApiKey`), or the refusal: AUTH_INVALID_TOKEN for a key
 * that is malformed, unknown or wrong (`unknown_api_key`: which part was wrong is not said), revoked
 * (`api_key_revoked`) or a secret rotated out past its overlap (`api_key_rotated`);
 * AUTH_TOKEN_EXPIRED past the key's expiry; API_KEY_IP_DENIED, audited, when the key has an IP
 * allow-list and `clientAddress` (null: unknown) is outside it.
 */
export async function authenticateApiKey(
  deps: ApiKeyAuthenticationDependencies,
  presented: string,
  clientAddress: string | null,
  requestId: string | null,
): Promise<Caller> {
  const parsed = parseApiKey(presented);
  if (parsed === null) throw invalid("malformed_api_key", "The API key is malformed");
  const found = await deps.keys.findByLookup(parsed.lookup);
  if (found === null || !(await deps.secrets.matches(presented, found.secret.digest))) {
    throw invalid("unknown_api_key", "The API key is not valid");
  }
  const { key, secret } = found;
  const now = deps.clock.now();
  const state = apiKeyState(key, now);
  if (state === "revoked") throw invalid("api_key_revoked", "The API key has been revoked");
  if (state === "expired") {
    throw new DomainError("AUTH_TOKEN_EXPIRED", "The API key has expired", { credential: "api_key" });
  }
  if (secret.expiresAt !== null && Date.parse(secret.expiresAt) <= now.getTime()) {
    throw invalid("api_key_rotated", "This secret of the API key was rotated out; use the new one");
  }
  if (
    key.ipAllowlist !== null &&
    (clientAddress === null || !deps.addresses.inRanges(clientAddress, key.ipAllowlist))
  ) {
    await deps.audit({
      orgId: key.orgId,
      at: now.toISOString(),
      actor: `api_key:${key.id}`,
      action: "api_key.ip_denied",
      target: `api_key:${key.id}`,
      details: { key_id: key.id, prefix: parsed.prefix, client_ip: clientAddress },
      requestId,
    });
    throw new DomainError(
      "API_KEY_IP_DENIED",
      `The API key may not be used from ${clientAddress ?? "an unknown address"}`,
      { client_ip: clientAddress, key_id: key.id },
    );
  }
  if (key.lastUsedAt === null || Date.parse(key.lastUsedAt) <= now.getTime() - LAST_USED_PRECISION_MS) {
    await deps.keys.touch(key.id, now.toISOString());
  }
  return callerOfApiKey(key);
}
