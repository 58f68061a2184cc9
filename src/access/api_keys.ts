import {
  type ApiKey,
  type ApiKeyScope,
  apiKeyState,
  type ApiKeyView,
  type IssuedApiKey,
  MAX_ROTATION_OVERLAP_SECONDS,
  viewOfApiKey,
} from "../../domain/access/api_key.ts";
import { authorize, requireAuthorized } from "../../domain/access/authorize.ts";
import { actorOf, type Caller } from "../../domain/access/caller.ts";
import { type RatePolicies, type RatePolicy, withinCeiling } from "../../domain/access/rate_limits.ts";
import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import { DomainError } from "../../domain/errors.ts";
import type { ApiKeyRepository } from "../../domain/ports/api_key_repository.ts";
import type { ApiKeySecrets } from "../../domain/ports/api_key_secrets.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { Ids } from "../../domain/ports/ids.ts";
import type { IpAddresses } from "../../domain/ports/ip_addresses.ts";

export interface ApiKeyDependencies {
  readonly keys: ApiKeyRepository;
  readonly secrets: ApiKeySecrets;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly audit: AuditTrail;
  /** Each change and its audit entry commit together. */
  readonly atomically: Atomically;
  /** Parses a key's IP allow-list. */
  readonly addresses: Pick<IpAddresses, "parseRanges">;
  /** The service's rate policies: a key's own rate limit may not exceed the per-key one. */
  readonly rateCeilings: RatePolicies;
}

export interface NewApiKeyRequest {
  readonly name: string;
  readonly scopes: readonly ApiKeyScope[];
  readonly propertyIds: readonly string[] | null;
  /** CIDR ranges or addresses as sent; checked here. */
  readonly ipAllowlist: readonly string[] | null;
  readonly expiresAt: string | null;
  /** The key's own rate limit (else the organization's per-key policy), within the service's. */
  readonly rateLimit: RatePolicy | null;
  readonly dailyCallQuota: number | null;
  readonly dailyQuickBooksQuota: number | null;
}

const viewOf = viewOfApiKey;

const invalid = (path: string, message: string) =>
  new DomainError("VALIDATION_FAILED", `Invalid request: ${path}: ${message}`, {
    issues: [{ path, message, code: "custom" }],
  });

/** What the audit trail keeps of a key (never a secret; property ids as `property_ids`). */
function auditOf(key: ApiKey) {
  return {
    key_id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: [...key.scopes],
    ip_allowlist: key.ipAllowlist === null ? null : [...key.ipAllowlist],
    expires_at: key.expiresAt,
    rate_limit: key.rateLimit,
    daily_call_quota: key.dailyCallQuota,
    daily_quickbooks_quota: key.dailyQuickBooksQuota,
    ...(key.propertyIds === null ? {} : { property_ids: [...key.propertyIds] }),
  };
}

/**
 * Creates a key for the caller's organization and answers its secret, once. Its scopes must all be
 * permissions the caller holds itself (FORBIDDEN `scope_not_held` otherwise: a key never widens its
 * creator), its allow-list CIDR ranges, its expiry ahead of the clock. Audited (`api_key.created`).
 */
export async function createApiKey(
  deps: ApiKeyDependencies,
  caller: Caller,
  request: NewApiKeyRequest,
  requestId: string | null,
): Promise<IssuedApiKey> {
  requireAuthorized(caller, "api_keys:manage");
  const notHeld = request.scopes.filter((scope) => !authorize(caller, scope).allowed);
  if (notHeld.length > 0) {
    throw new DomainError("FORBIDDEN", `A key cannot hold scopes its creator lacks: ${notHeld.join(", ")}`, {
      reason: "scope_not_held",
      scopes: notHeld,
    });
  }
  let ipAllowlist: string[] | null = null;
  if (request.ipAllowlist !== null) {
    const parsed = deps.addresses.parseRanges(request.ipAllowlist);
    const problem = parsed.problems[0];
    if (problem) throw invalid(`json.ip_allowlist.${problem.index}`, `${problem.value}: ${problem.problem}`);
    ipAllowlist = [...parsed.ranges];
  }
  const now = deps.clock.now();
  if (request.expiresAt !== null && Date.parse(request.expiresAt) <= now.getTime()) {
    throw invalid("json.expires_at", "must lie in the future");
  }
  const ceiling = deps.rateCeilings.perKey;
  if (request.rateLimit !== null && !withinCeiling(request.rateLimit, ceiling)) {
    throw invalid(
      "json.rate_limit",
      `must stay within the service's per-key limit of ${ceiling.limit} per ${ceiling.window_seconds} s, ` +
        `burst ${ceiling.burst}`,
    );
  }
  const secret = await deps.secrets.issue();
  const key = await deps.atomically(async () => {
    const key = await deps.keys.create({
      id: deps.ids.newId(),
      orgId: caller.orgId,
      name: request.name,
      scopes: [...new Set(request.scopes)],
      propertyIds: request.propertyIds === null ? null : [...new Set(request.propertyIds)].sort(),
      ipAllowlist,
      expiresAt: request.expiresAt,
      prefix: secret.prefix,
      rateLimit: request.rateLimit,
      dailyCallQuota: request.dailyCallQuota,
      dailyQuickBooksQuota: request.dailyQuickBooksQuota,
      createdAt: now.toISOString(),
      createdBy: actorOf(caller),
    }, { lookup: secret.lookup, digest: secret.digest, createdAt: now.toISOString() });
    await deps.audit({
      orgId: caller.orgId,
      at: now.toISOString(),
      actor: actorOf(caller),
      action: "api_key.created",
      target: `api_key:${key.id}`,
      details: auditOf(key),
      requestId,
    });
    return key;
  });
  return { key: viewOf(key, now), secret: secret.key, previousSecretsValidUntil: null };
}

/**
 * The organization's keys, newest first (revoked and expired ones too). A read of sensitive data:
 * recorded (`api_key.listed`, with the ids shown) before it is answered, and not answered when it
 * cannot be recorded.
 */
export async function listApiKeys(
  deps: ApiKeyDependencies,
  caller: Caller,
  requestId: string | null,
): Promise<ApiKeyView[]> {
  requireAuthorized(caller, "api_keys:manage");
  const now = deps.clock.now();
  const keys = await deps.keys.list(caller.orgId);
  await deps.audit({
    orgId: caller.orgId,
    at: now.toISOString(),
    actor: actorOf(caller),
    action: "api_key.listed",
    target: null,
    details: { count: keys.length, key_ids: keys.map((k) => k.id) },
    requestId,
  });
  return keys.map((key) => viewOf(key, now));
}

async function ownKey(deps: ApiKeyDependencies, caller: Caller, id: string): Promise<ApiKey> {
  const key = await deps.keys.get(caller.orgId, id);
  if (key === null) throw new DomainError("NOT_FOUND", `No API key ${id}`, { key_id: id });
  return key;
}

/** One key of the organization (NOT_FOUND for another organization's). */
/** One key (never its secret); recorded like the listing (`api_key.viewed`). */
export async function getApiKey(
  deps: ApiKeyDependencies,
  caller: Caller,
  id: string,
  requestId: string | null,
): Promise<ApiKeyView> {
  requireAuthorized(caller, "api_keys:manage");
  const key = await ownKey(deps, caller, id);
  const now = deps.clock.now();
  await deps.audit({
    orgId: caller.orgId,
    at: now.toISOString(),
    actor: actorOf(caller),
    action: "api_key.viewed",
    target: `api_key:${id}`,
    details: { key_id: id, prefix: key.prefix },
    requestId,
  });
  return viewOf(key, now);
}

/**
 * Gives a key a new secret, answered once; the secrets it had keep working for `overlapSeconds`
 * (0: they stop at once), so the client can switch without a gap. A revoked or expired key cannot
 * be rotated (CONFLICT). Audited (`api_key.rotated`).
 */
export async function rotateApiKey(
  deps: ApiKeyDependencies,
  caller: Caller,
  id: string,
  overlapSeconds: number,
  requestId: string | null,
): Promise<IssuedApiKey> {
  requireAuthorized(caller, "api_keys:manage");
  if (
    !Number.isInteger(overlapSeconds) || overlapSeconds < 0 || overlapSeconds > MAX_ROTATION_OVERLAP_SECONDS
  ) {
    throw invalid("json.overlap_seconds", `must be an integer from 0 to ${MAX_ROTATION_OVERLAP_SECONDS}`);
  }
  const now = deps.clock.now();
  const key = await ownKey(deps, caller, id);
  const state = apiKeyState(key, now);
  if (state !== "active") {
    throw new DomainError("CONFLICT", `API key ${id} is ${state} and cannot be rotated`, {
      key_id: id,
      state,
    });
  }
  const secret = await deps.secrets.issue();
  const previousUntil = new Date(now.getTime() + overlapSeconds * 1000).toISOString();
  const rotated = await deps.atomically(async () => {
    const rotated = await deps.keys.rotate(caller.orgId, id, {
      secret: { lookup: secret.lookup, digest: secret.digest, createdAt: now.toISOString() },
      prefix: secret.prefix,
      previousUntil,
    });
    if (rotated === null) {
      throw new DomainError("CONFLICT", `API key ${id} was revoked meanwhile`, {
        key_id: id,
        state: "revoked",
      });
    }
    await deps.audit({
      orgId: caller.orgId,
      at: now.toISOString(),
      actor: actorOf(caller),
      action: "api_key.rotated",
      target: `api_key:${id}`,
      details: { ...auditOf(rotated), previous_prefix: key.prefix, previous_valid_until: previousUntil },
      requestId,
    });
    return rotated;
  });
  return { key: viewOf(rotated, now), secret: secret.key, previousSecretsValidUntil: previousUntil };
}

/** Revokes a key at once: every secret it has stops working. Audited (`api_key.revoked`). */
export async function revokeApiKey(
  deps: ApiKeyDependencies,
  caller: Caller,
  id: string,
  requestId: string | null,
): Promise<ApiKeyView> {
  requireAuthorized(caller, "api_keys:manage");
  const key = await ownKey(deps, caller, id);
  const now = deps.clock.now();
  const revoked = await deps.atomically(async () => {
    const revoked = (await deps.keys.revoke(caller.orgId, id, now.toISOString()))!;
    if (key.revokedAt === null) {
      await deps.audit({
        orgId: caller.orgId,
        at: now.toISOString(),
        actor: actorOf(caller),
        action: "api_key.revoked",
        target: `api_key:${id}`,
        details: auditOf(revoked),
        requestId,
      });
    }
    return revoked;
  });
  return viewOf(revoked, now);
}
