import { createRoute, z } from "@hono/zod-openapi";
import { requires } from "../access.ts";
import {
  type ApiKeyScope,
  ApiKeyScopeSchema,
  type ApiKeyView,
  DEFAULT_ROTATION_OVERLAP_SECONDS,
  type IssuedApiKey,
  MAX_ROTATION_OVERLAP_SECONDS,
} from "../../../domain/access/api_key.ts";
import { type RatePolicy, RatePolicySchema } from "../../../domain/access/rate_limits.ts";
import type { ApiApp, Caller } from "../api_types.ts";
import { envelopeOf, successEnvelope } from "../envelope.ts";
import { raises } from "../error_responses.ts";

/** What the API-key routes need from the application (use cases, injected). */
export interface ApiKeyServices {
  createApiKey(
    caller: Caller,
    request: {
      name: string;
      scopes: readonly ApiKeyScope[];
      propertyIds: readonly string[] | null;
      ipAllowlist: readonly string[] | null;
      expiresAt: string | null;
      rateLimit: RatePolicy | null;
      dailyCallQuota: number | null;
      dailyQuickBooksQuota: number | null;
    },
    requestId: string,
  ): Promise<IssuedApiKey>;
  /** Audited: who looked at the organization's keys (never their secrets) is sensitive. */
  listApiKeys(caller: Caller, requestId: string): Promise<ApiKeyView[]>;
  getApiKey(caller: Caller, id: string, requestId: string): Promise<ApiKeyView>;
  rotateApiKey(caller: Caller, id: string, overlapSeconds: number, requestId: string): Promise<IssuedApiKey>;
  revokeApiKey(caller: Caller, id: string, requestId: string): Promise<ApiKeyView>;
}

// Made here from the domain's list: a domain schema may be built before zod learns `.openapi`.
const ScopeSchema = z.enum(ApiKeyScopeSchema.options).openapi("ApiKeyScope", {
  description: "A permission the key holds (README, API keys). `access:manage` and `api_keys:manage` " +
    "are not in the catalogue: a key never administers access",
});

/** A rate policy as the API shows and takes it (made here: see ScopeSchema). */
export const RatePolicyApiSchema = z.strictObject({
  limit: z.number().int().min(1).max(RatePolicySchema.shape.limit.maxValue ?? 1_000_000).openapi({
    description: "Calls per window",
  }),
  window_seconds: z.number().int().min(1).max(86_400),
  burst: z.number().int().min(1).max(RatePolicySchema.shape.burst.maxValue ?? 100_000).openapi({
    description: "Calls per second on top of the window's limit",
  }),
}).openapi("RatePolicy");

const ApiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().openapi({
    description: "The start of the current secret (`eck_live_` or `eck_test_` and its lookup part), to " +
      "recognise it by; the rest is never shown again",
  }),
  scopes: z.array(ScopeSchema),
  property_ids: z.array(z.string()).nullable().openapi({ description: "Null: every property" }),
  ip_allowlist: z.array(z.string()).nullable().openapi({
    description: "CIDR ranges the key may be used from (canonical form); null: anywhere",
  }),
  expires_at: z.string().nullable(),
  rate_limit: RatePolicyApiSchema.nullable().openapi({
    description: "The key's own limit; null: the organization's per-key policy",
  }),
  daily_call_quota: z.number().int().nullable().openapi({ description: "Calls per UTC day; null: none" }),
  daily_quickbooks_quota: z.number().int().nullable().openapi({
    description: "QuickBooks calls made on the key's behalf per UTC day; null: none",
  }),
  status: z.enum(["active", "revoked", "expired"]),
  created_at: z.string(),
  created_by: z.string(),
  last_used_at: z.string().nullable().openapi({ description: "Recorded at most once a minute" }),
  rotated_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
}).openapi("ApiKey");

const IssuedApiKeySchema = z.object({
  key: ApiKeySchema,
  secret: z.string().openapi({
    description: "The whole key, shown this once (only a keyed digest is stored): send it as " +
      "`Authorization: Bearer <secret>` or `X-API-Key: <secret>`",
  }),
  previous_secrets_valid_until: z.string().nullable().openapi({
    description: "After a rotation: until when the secrets the key had keep working",
  }),
}).openapi("IssuedApiKey");

const CreateApiKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(ScopeSchema).min(1),
  property_ids: z.array(z.string().min(1).max(128)).min(1).max(1000).nullable().default(null).openapi({
    description: "The properties the key acts on (as a token's `property_ids`); null: every property",
  }),
  ip_allowlist: z.array(z.string().min(1).max(64)).min(1).max(100).nullable().default(null).openapi({
    description: "IPv4 and IPv6 CIDR ranges or addresses; a call from elsewhere is refused with " +
      "API_KEY_IP_DENIED and audited. The client's address is the connection's, or `X-Forwarded-For` " +
      "read through the proxies of TRUSTED_PROXIES only",
  }),
  expires_at: z.iso.datetime({ offset: true }).nullable().default(null),
  rate_limit: RatePolicyApiSchema.nullable().default(null).openapi({
    description: "A limit of the key's own, within the service's per-key limit; null: the organization's " +
      "per-key policy (`GET /enterprise/rate-limits`)",
  }),
  daily_call_quota: z.number().int().min(1).max(100_000_000).nullable().default(null).openapi({
    description: "Calls the key may make per UTC day (429 RATE_LIMITED `daily` past it); null: no quota",
  }),
  daily_quickbooks_quota: z.number().int().min(1).max(100_000_000).nullable().default(null).openapi({
    description: "QuickBooks calls its requests may make per UTC day (429 RATE_LIMITED `daily_quickbooks` " +
      "once spent); null: no quota",
  }),
}).openapi("ApiKeyRequest");

const RotateApiKeySchema = z.strictObject({
  overlap_seconds: z.number().int().min(0).max(MAX_ROTATION_OVERLAP_SECONDS).default(
    DEFAULT_ROTATION_OVERLAP_SECONDS,
  ).openapi({
    description: "How long the secrets the key had keep working (0: they stop at once); default a day",
  }),
}).openapi("ApiKeyRotation");

const KeyParamsSchema = z.object({ key_id: z.string().min(1).max(64) });

function keyToApi(key: ApiKeyView) {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: [...key.scopes],
    property_ids: key.propertyIds === null ? null : [...key.propertyIds],
    ip_allowlist: key.ipAllowlist === null ? null : [...key.ipAllowlist],
    expires_at: key.expiresAt,
    rate_limit: key.rateLimit,
    daily_call_quota: key.dailyCallQuota,
    daily_quickbooks_quota: key.dailyQuickBooksQuota,
    status: key.status,
    created_at: key.createdAt,
    created_by: key.createdBy,
    last_used_at: key.lastUsedAt,
    rotated_at: key.rotatedAt,
    revoked_at: key.revokedAt,
  };
}

const issuedToApi = (issued: IssuedApiKey) => ({
  key: keyToApi(issued.key),
  secret: issued.secret,
  previous_secrets_valid_until: issued.previousSecretsValidUntil,
});

export function registerApiKeyRoutes(api: ApiApp, services: ApiKeyServices, now: () => Date): void {
  const one = { "application/json": { schema: envelopeOf(ApiKeySchema) } };
  const issued = { "application/json": { schema: envelopeOf(IssuedApiKeySchema) } };

  api.openapi(
    createRoute({
      method: "post",
      path: "/enterprise/api-keys",
      tags: ["enterprise"],
      summary: "Create an API key for a server (its secret is answered this once)",
      description: "The key acts for the organization with exactly its scopes, on its properties, from its " +
        "allow-list, until its expiry; scopes the caller does not hold itself are refused (FORBIDDEN " +
        "`scope_not_held`). Audited (`api_key.created`).",
      ...requires("api_keys:manage"),
      request: { body: { required: true, content: { "application/json": { schema: CreateApiKeySchema } } } },
      responses: { 201: { description: "The key and its secret", content: issued } },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const result = await services.createApiKey(c.get("caller"), {
        name: body.name,
        scopes: body.scopes,
        propertyIds: body.property_ids,
        ipAllowlist: body.ip_allowlist,
        expiresAt: body.expires_at === null ? null : new Date(body.expires_at).toISOString(),
        rateLimit: body.rate_limit,
        dailyCallQuota: body.daily_call_quota,
        dailyQuickBooksQuota: body.daily_quickbooks_quota,
      }, c.get("requestId"));
      return c.json(successEnvelope(issuedToApi(result), now()), 201);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/enterprise/api-keys",
      tags: ["enterprise"],
      summary: "The organization's API keys, newest first (never their secrets)",
      ...requires("api_keys:manage"),
      responses: {
        200: {
          description: "Keys",
          content: {
            "application/json": {
              schema: envelopeOf(z.object({ items: z.array(ApiKeySchema) }).openapi("ApiKeyList")),
            },
          },
        },
      },
    }),
    async (c) => {
      const keys = await services.listApiKeys(c.get("caller"), c.get("requestId"));
      return c.json(successEnvelope({ items: keys.map(keyToApi) }, now()), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/enterprise/api-keys/{key_id}",
      tags: ["enterprise"],
      summary: "One API key (never its secret)",
      ...requires("api_keys:manage"),
      ...raises("NOT_FOUND"),
      request: { params: KeyParamsSchema },
      responses: { 200: { description: "The key", content: one } },
    }),
    async (c) => {
      const key = await services.getApiKey(c.get("caller"), c.req.valid("param").key_id, c.get("requestId"));
      return c.json(successEnvelope(keyToApi(key), now()), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/enterprise/api-keys/{key_id}/rotate",
      tags: ["enterprise"],
      summary: "Give an API key a new secret; the old one keeps working for the overlap",
      description: "The new secret is answered this once. During `overlap_seconds` both work; then only " +
        "the new one (the old answers AUTH_INVALID_TOKEN `api_key_rotated`). A revoked or expired key " +
        "cannot be rotated (CONFLICT). Audited (`api_key.rotated`).",
      ...requires("api_keys:manage"),
      ...raises("NOT_FOUND", "CONFLICT"),
      request: {
        params: KeyParamsSchema,
        body: { required: false, content: { "application/json": { schema: RotateApiKeySchema } } },
      },
      responses: { 200: { description: "The key and its new secret", content: issued } },
    }),
    async (c) => {
      // Without a body the validator answers nothing at all, not the schema's default.
      const body = c.req.valid("json") as { overlap_seconds?: number } | undefined;
      const result = await services.rotateApiKey(
        c.get("caller"),
        c.req.valid("param").key_id,
        body?.overlap_seconds ?? DEFAULT_ROTATION_OVERLAP_SECONDS,
        c.get("requestId"),
      );
      return c.json(successEnvelope(issuedToApi(result), now()), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "delete",
      path: "/enterprise/api-keys/{key_id}",
      tags: ["enterprise"],
      summary: "Revoke an API key at once (every secret it has stops working)",
      description: "Audited (`api_key.revoked`); revoking a revoked key answers it as it is.",
      ...requires("api_keys:manage"),
      ...raises("NOT_FOUND"),
      request: { params: KeyParamsSchema },
      responses: { 200: { description: "The revoked key", content: one } },
    }),
    async (c) => {
      const key = await services.revokeApiKey(
        c.get("caller"),
        c.req.valid("param").key_id,
        c.get("requestId"),
      );
      return c.json(successEnvelope(keyToApi(key), now()), 200);
    },
  );
}
