import { createRoute, z } from "@hono/zod-openapi";
import { requires } from "../access.ts";
import { raises } from "../error_responses.ts";
import type { ApiApp, Caller } from "../api_types.ts";
import { envelopeOf, successEnvelope } from "../envelope.ts";

/** What the organization routes need from the application (use cases, injected). */
export interface OrganizationServices {
  /** The organization `orgId` (only the caller's own: ORG_ACCESS_DENIED otherwise). */
  getOrganization(caller: Caller, orgId: string): Promise<{ id: string; name: string; createdAt: string }>;
  registerOrganization(
    caller: Caller,
    input: { name: string },
    requestId: string,
  ): Promise<{ id: string; name: string; createdAt: string; created: boolean }>;
  listAudit(caller: Caller, options: { afterSeq?: number; limit?: number }): Promise<
    {
      seq: number;
      at: string;
      actor: string;
      action: string;
      target: string | null;
      details: Record<string, unknown>;
      requestId: string | null;
      hash: string;
    }[]
  >;
}

const Organization = z.object({
  id: z.string(),
  name: z.string(),
  created_at: z.string().openapi({ format: "date-time" }),
}).openapi("Organization");

const AuditRecord = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  request_id: z.string().nullable(),
  hash: z.string(),
}).openapi("AuditRecord");

export function registerOrganizationRoutes(
  api: ApiApp,
  services: OrganizationServices,
  now: () => Date,
): void {
  const toApi = (o: { id: string; name: string; createdAt: string }) => ({
    id: o.id,
    name: o.name,
    created_at: o.createdAt,
  });

  api.openapi(
    createRoute({
      method: "get",
      path: "/organization",
      tags: ["organizations"],
      summary: "The caller's organization",
      ...requires("settings:read", { unregisteredOrganizationAllowed: true }),
      ...raises("NOT_FOUND"),
      responses: {
        200: {
          description: "Organization",
          content: { "application/json": { schema: envelopeOf(Organization) } },
        },
      },
    }),
    async (c) =>
      c.json(
        successEnvelope(toApi(await services.getOrganization(c.get("caller"), c.get("caller").orgId)), now()),
        200,
      ),
  );

  api.openapi(
    createRoute({
      method: "put",
      path: "/organization",
      tags: ["organizations"],
      summary: "Register (or rename) the caller's organization",
      ...requires("settings:write", { unregisteredOrganizationAllowed: true }),
      request: {
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z.object({ name: z.string().trim().min(1).max(200) }).openapi("OrganizationInput"),
            },
          },
        },
      },
      responses: {
        200: {
          description: "Updated",
          content: { "application/json": { schema: envelopeOf(Organization) } },
        },
        201: {
          description: "Registered",
          content: { "application/json": { schema: envelopeOf(Organization) } },
        },
      },
    }),
    async (c) => {
      const result = await services.registerOrganization(
        c.get("caller"),
        c.req.valid("json"),
        c.get("requestId"),
      );
      return c.json(successEnvelope(toApi(result), now()), result.created ? 201 : 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/organizations/{org_id}",
      tags: ["organizations"],
      summary: "An organization by id (only the caller's own)",
      ...requires("settings:read"),
      ...raises("ORG_ACCESS_DENIED"),
      request: { params: z.object({ org_id: z.string().min(1).max(64) }) },
      responses: {
        200: {
          description: "Organization",
          content: { "application/json": { schema: envelopeOf(Organization) } },
        },
      },
    }),
    async (c) => {
      const { org_id } = c.req.valid("param");
      return c.json(
        successEnvelope(toApi(await services.getOrganization(c.get("caller"), org_id)), now()),
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/audit",
      tags: ["audit"],
      summary: "The caller's organization's audit trail, in chain order",
      ...requires("audit:read"),
      request: {
        query: z.object({
          after_seq: z.coerce.number().int().min(0).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      responses: {
        200: {
          description: "Audit records",
          content: { "application/json": { schema: envelopeOf(z.array(AuditRecord)) } },
        },
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const records = await services.listAudit(c.get("caller"), {
        afterSeq: q.after_seq,
        limit: q.limit,
      });
      return c.json(
        successEnvelope(
          records.map((r) => ({
            seq: r.seq,
            at: r.at,
            actor: r.actor,
            action: r.action,
            target: r.target,
            details: r.details,
            request_id: r.requestId,
            hash: r.hash,
          })),
          now(),
        ),
        200,
      );
    },
  );
}
