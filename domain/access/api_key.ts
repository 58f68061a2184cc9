import { z } from "zod";
import { ADMINISTRATIVE_PERMISSIONS } from "./access_levels.ts";
import type { Caller } from "./caller.ts";
import { type Permission, PermissionSchema } from "./permissions.ts";
import type { IpRange } from "../ports/ip_addresses.ts";
import type { KeyRateTerms } from "./rate_limits.ts";

/**
 * API keys: credentials an organization gives a server (no user behind it). A key's scopes are
 * permissions, so the catalogue is the permission list minus the two that administer access: a
 * key can never create keys or change user grants, whatever its creator may do.
 */
export const API_KEY_SCOPES = PermissionSchema.options.filter((p) => !ADMINISTRATIVE_PERMISSIONS.has(p)) as [
  Permission,
  ...Permission[],
];
export const ApiKeyScopeSchema = z.enum(API_KEY_SCOPES);
export type ApiKeyScope = z.infer<typeof ApiKeyScopeSchema>;

/**
 * How a key starts: `eck_live_` in production and `eck_test_` elsewhere, then a lookup part (which
 * finds the stored digest and is shown in lists as the key's prefix), `_`, and the secret part.
 */
export const API_KEY_PREFIXES = { live: "eck_live_", test: "eck_test_" } as const;
const KEY_FORMAT = /^(eck_(?:live|test)_)([a-z0-9]{16})_([A-Za-z0-9_-]{43})$/;

/** The longest a rotation keeps the replaced secrets working (7 days), and its default (a day, as Svix). */
export const MAX_ROTATION_OVERLAP_SECONDS = 7 * 24 * 3600;
export const DEFAULT_ROTATION_OVERLAP_SECONDS = 24 * 3600;

/** An API key as stored (its secrets are digests, elsewhere), with its own rate terms. */
export interface ApiKey extends KeyRateTerms {
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  readonly scopes: readonly ApiKeyScope[];
  /** The properties the key acts on; null: every property of the organization. */
  readonly propertyIds: readonly string[] | null;
  /** The addresses the key may be used from; null: anywhere. */
  readonly ipAllowlist: readonly IpRange[] | null;
  /** ISO-8601 instant from which the key is refused; null: no expiry. */
  readonly expiresAt: string | null;
  /** The first characters of the current secret (`eck_live_<lookup>`), to recognise it by. */
  readonly prefix: string;
  readonly createdAt: string;
  /** The audit actor who created it. */
  readonly createdBy: string;
  readonly lastUsedAt: string | null;
  /** When it was last given a new secret; null: never rotated. */
  readonly rotatedAt: string | null;
  readonly revokedAt: string | null;
}

/**
 * The lookup part and display prefix of something that looks like one of our keys, or null.
 *
 * @example
 * ```ts
 * parseApiKey("eck_test_0123456789abcdef_" + "A".repeat(43))?.lookup; // "0123456789abcdef"
 * parseApiKey("eyJhbGciOi..."); // null: a JWT
 * ```
 */
export function parseApiKey(text: string): { readonly lookup: string; readonly prefix: string } | null {
  const match = KEY_FORMAT.exec(text);
  return match ? { lookup: match[2], prefix: `${match[1]}${match[2]}` } : null;
}

/** True when `text` is meant as one of our keys (it starts like one), well formed or not. */
export function looksLikeApiKey(text: string): boolean {
  return text.startsWith("eck_");
}

/**
 * The key's state at `now`: a revoked or expired key authenticates nothing.
 *
 * @example
 * ```ts
 * apiKeyState({ revokedAt: null, expiresAt: null }, now); // "active"
 * ```
 */
export function apiKeyState(
  key: Pick<ApiKey, "revokedAt" | "expiresAt">,
  now: Date,
): "active" | "revoked" | "expired" {
  if (key.revokedAt !== null) return "revoked";
  if (key.expiresAt !== null && Date.parse(key.expiresAt) <= now.getTime()) return "expired";
  return "active";
}

/**
 * The caller an authenticated key stands for. It acts for its organization with exactly its scopes:
 * the role that holds every permission, narrowed by one limit (`key_lacks_scope`), so the one
 * decision (`authorize`) treats it like any caller; its property set is its property scope.
 *
 * @example
 * ```ts
 * authorize(callerOfApiKey({ ...key, scopes: ["sync:read"] }), "sync:run").allowed; // false
 * ```
 */
export function callerOfApiKey(key: ApiKey): Caller {
  return {
    orgId: key.orgId,
    userId: key.id,
    apiKeyId: key.id,
    role: "admin",
    limits: [{ reason: "key_lacks_scope", permissions: new Set<Permission>(key.scopes) }],
    ...(key.propertyIds === null ? {} : { propertyIds: [...key.propertyIds] }),
  };
}

/** A key with its state at the instant it was read. */
export interface ApiKeyView extends ApiKey {
  readonly status: "active" | "revoked" | "expired";
}

/** A key with a secret just made: only ever answered once. */
export interface IssuedApiKey {
  readonly key: ApiKeyView;
  /** The whole key (`eck_..._<secret>`). */
  readonly secret: string;
  /** After a rotation: until when the secrets it had keep working. */
  readonly previousSecretsValidUntil: string | null;
}

/**
 * The key as read at `now`.
 *
 * @example
 * ```ts
 * viewOfApiKey(key, now).status; // "active"
 * ```
 */
export function viewOfApiKey(key: ApiKey, now: Date): ApiKeyView {
  return { ...key, status: apiKeyState(key, now) };
}
