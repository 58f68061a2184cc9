import { createRoute, z } from "@hono/zod-openapi";
import { requires } from "../access.ts";
import type { ApiKeyUsage, RatePolicies, RatePoliciesView } from "../../../domain/access/rate_limits.ts";
import type { ApiApp, Caller } from "../api_types.ts";
import { envelopeOf, successEnvelope } from "../envelope.ts";
import { raises } from "../error_responses.ts";
import { RatePolicyApiSchema } from "./enterprise_api_keys.ts";

/** What the rate-limit routes need from the application (use cases, injected). */
export interface RateLimitServices {
  getRatePolicies(caller: Caller): Promise<RatePoliciesView>;
  putRatePolicies(caller: Caller, policies: RatePolicies, requestId: string): Promise<RatePoliciesView>;
  apiKeyUsage(caller: Caller, keyId: string, days: number): Promise<ApiKeyUsage>;
}

const PoliciesSchema = z.strictObject({
  organization: RatePolicyApiSchema.openapi({ description: "Every call of the organization together" }),
  per_user: RatePolicyApiSchema.openapi({ description: "Each user (token subject) on its own" }),
  per_key: RatePolicyApiSchema.openapi({ description: "Each API key without a limit of its own" }),
}).openapi("RatePolicies");

const PoliciesViewSchema = PoliciesSchema.extend({
  ceilings: PoliciesSchema.openapi({
    description: "The service's policies (configuration): the most the organization or a key may set",
  }),
  configured: z.boolean().openapi({ description: "False while the service's policies apply" }),
  version: z.number().int(),
  updated_at: z.string().nullable(),
}).openapi("RatePoliciesState");

const toApiPolicies = (p: RatePolicies) => ({
  organization: p.organization,
  per_user: p.perUser,
  per_key: p.perKey,
});

const usageOf = z.object({
  used: z.number().int(),
  quota: z.number().int().nullable(),
  remaining: z.number().int().nullable(),
});

const UsageSchema = z.object({
  key_id: z.string(),
  date: z.string().openapi({ description: "Today (UTC)" }),
  resets_at: z.string().openapi({ description: "When today's quotas start afresh (UTC midnight)" }),
  calls: usageOf.openapi({ description: "Calls the key made today, against its daily quota" }),
  quickbooks_calls: usageOf.openapi({
    description: "QuickBooks calls made while the key's requests were served (jobs it queued run later, " +
      "on nobody's behalf), against its daily QuickBooks quota",
  }),
  history: z.array(
    z.object({ date: z.string(), calls: z.number().int(), quickbooks_calls: z.number().int() }),
  )
    .openapi({ description: "Each of the last `days` days, today first" }),
}).openapi("ApiKeyUsage");

export function registerRateLimitRoutes(api: ApiApp, services: RateLimitServices, now: () => Date): void {
  const content = { "application/json": { schema: envelopeOf(PoliciesViewSchema) } };
  const toApi = (view: RatePoliciesView) => ({
    ...toApiPolicies(view.policies),
    ceilings: toApiPolicies(view.ceilings),
    configured: view.configured,
    version: view.version,
    updated_at: view.updatedAt,
  });

  api.openapi(
    createRoute({
      method: "get",
      path: "/enterprise/rate-limits",
      tags: ["enterprise"],
      summary: "The organization's consumer rate limits (per organization, per user, per key)",
      ...requires("settings:read"),
      responses: { 200: { description: "Rate limits", content } },
    }),
    async (c) => c.json(successEnvelope(toApi(await services.getRatePolicies(c.get("caller"))), now()), 200),
  );

  api.openapi(
    createRoute({
      method: "put",
      path: "/enterprise/rate-limits",
      tags: ["enterprise"],
      summary: "Set the organization's consumer rate limits (each within the service's)",
      description:
        "The whole set. A policy above the service's (`ceilings`) is refused with VALIDATION_FAILED " +
        "naming it. Takes effect on the next call of every instance; audited (`settings.rate_limits_updated`).",
      ...requires("settings:write"),
      request: { body: { required: true, content: { "application/json": { schema: PoliciesSchema } } } },
      responses: { 200: { description: "Rate limits", content } },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const view = await services.putRatePolicies(c.get("caller"), {
        organization: body.organization,
        perUser: body.per_user,
        perKey: body.per_key,
      }, c.get("requestId"));
      return c.json(successEnvelope(toApi(view), now()), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/enterprise/api-keys/{key_id}/usage",
      tags: ["enterprise"],
      summary: "An API key's calls and QuickBooks calls per UTC day, against its daily quotas",
      ...requires("api_keys:manage"),
      ...raises("NOT_FOUND"),
      request: {
        params: z.object({ key_id: z.string().min(1).max(64) }),
        query: z.object({ days: z.coerce.number().int().min(1).max(31).default(7) }),
      },
      responses: {
        200: { description: "Usage", content: { "application/json": { schema: envelopeOf(UsageSchema) } } },
      },
    }),
    async (c) => {
      const usage = await services.apiKeyUsage(
        c.get("caller"),
        c.req.valid("param").key_id,
        c.req.valid("query").days,
      );
      return c.json(
        successEnvelope({
          key_id: usage.keyId,
          date: usage.date,
          resets_at: usage.resetsAt,
          calls: usage.calls,
          quickbooks_calls: usage.quickbooksCalls,
          history: usage.history.map((h) => ({
            date: h.date,
            calls: h.calls,
            quickbooks_calls: h.quickbooksCalls,
          })),
        }, now()),
        200,
      );
    },
  );
}
