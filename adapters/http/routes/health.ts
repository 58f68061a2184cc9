import { createRoute, z } from "@hono/zod-openapi";
import { PUBLIC } from "../access.ts";
import type { ApiApp } from "../api_types.ts";
import { envelopeOf, successEnvelope } from "../envelope.ts";

/** What the health routes need from the application. */
export interface HealthServices {
  /** Readiness of dependencies (database, QuickBooks circuits...). Never throws. */
  readiness(): Promise<{ ready: boolean; checks: Record<string, { ok: boolean; detail?: string }> }>;
  readonly version: string;
}

const Liveness = z.object({
  status: z.literal("ok"),
  service: z.string(),
  version: z.string(),
  uptime_seconds: z.number().int(),
}).openapi("Liveness");

const Readiness = z.object({
  ready: z.boolean(),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string().optional() })),
}).openapi("Readiness");

export function registerHealthRoutes(api: ApiApp, services: HealthServices, now: () => Date): void {
  const startedAt = now().getTime();
  api.openapi(
    createRoute({
      method: "get",
      path: "/health",
      ...PUBLIC,
      tags: ["health"],
      summary: "Liveness: the process is up (no authentication)",
      responses: {
        200: { description: "Alive", content: { "application/json": { schema: envelopeOf(Liveness) } } },
      },
    }),
    (c) =>
      c.json(
        successEnvelope({
          status: "ok" as const,
          service: "estatecore-quickbooks",
          version: services.version,
          uptime_seconds: Math.floor((now().getTime() - startedAt) / 1000),
        }, now()),
        200,
      ),
  );
  api.openapi(
    createRoute({
      method: "get",
      path: "/health/ready",
      ...PUBLIC,
      tags: ["health"],
      summary: "Readiness: dependencies reachable (no authentication)",
      responses: {
        200: { description: "Ready", content: { "application/json": { schema: envelopeOf(Readiness) } } },
        503: { description: "Not ready", content: { "application/json": { schema: envelopeOf(Readiness) } } },
      },
    }),
    async (c) => {
      const result = await services.readiness();
      return c.json(successEnvelope(result, now()), result.ready ? 200 : 503);
    },
  );
}
