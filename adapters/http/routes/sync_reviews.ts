import { createRoute, z } from "@hono/zod-openapi";
import type { ApiApp, Principal } from "../api_types.ts";
import { requirePermission } from "../access.ts";
import { envelopeOf, ErrorEnvelopeSchema, STANDARD_ERRORS, successEnvelope } from "../envelope.ts";
import { ReviewItem, SyncJob } from "./sync.ts";

const ReviewResolution = z.object({
  review: ReviewItem,
  fields_to_quickbooks: z.array(z.string()).openapi({
    description: "Top-level QBO fields the next push writes (EstateCore's values)",
  }),
  fields_to_estatecore: z.array(z.string()).openapi({
    description: "EstateCore record fields updated from QBO's values (side `quickbooks`, tenants)",
  }),
  push_job: SyncJob.nullable().openapi({
    description:
      "The push queued to apply the decision now (null when nothing needs writing or push_now is false)",
  }),
}).openapi("ReviewResolution");

/** What the review routes need from the application. */
export interface SyncReviewServices {
  resolveReview(
    principal: Principal,
    input: {
      review_id: string;
      side: "estatecore" | "quickbooks";
      push_now: boolean;
      request_id: string;
      /** Throws FORBIDDEN when the caller may not act on the record's properties. */
      authorizeProperties: (propertyIds: readonly string[]) => void;
    },
  ): Promise<z.infer<typeof ReviewResolution>>;
}

const security = [{ bearerAuth: [] }];

export function registerSyncReviewRoutes(api: ApiApp, services: SyncReviewServices, now: () => Date): void {
  api.openapi(
    createRoute({
      method: "post",
      path: "/sync/reviews/{review_id}/resolve",
      tags: ["sync"],
      summary: "Accept a side for a conflict in the review queue",
      description:
        "`estatecore`: EstateCore's version is written over QBO's by the next push (queued at once " +
        "unless `push_now` is false). `quickbooks`: QBO's values win the conflicting fields; a tenant takes " +
        "them in EstateCore's mirror, the push never writes over them, and the event log announces " +
        "`quickbooks.review_resolved` so EstateCore can take them too.",
      security,
      request: {
        params: z.object({ review_id: z.string().min(1).max(64) }),
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z.object({
                side: z.enum(["estatecore", "quickbooks"]),
                push_now: z.boolean().default(true),
              }).openapi("ResolveReviewRequest"),
            },
          },
        },
      },
      responses: {
        200: {
          description: "Resolved",
          content: { "application/json": { schema: envelopeOf(ReviewResolution) } },
        },
        404: {
          description: "No such review item in this organization",
          content: { "application/json": { schema: ErrorEnvelopeSchema } },
        },
        409: {
          description: "Already resolved, or the QBO object is gone (CONFLICT)",
          content: { "application/json": { schema: ErrorEnvelopeSchema } },
        },
        ...STANDARD_ERRORS,
      },
    }),
    async (c) => {
      const principal = c.get("principal");
      // The role check first (a property-scoped caller passes it for its own properties); the
      // record's properties are checked once the review is known.
      requirePermission(principal, "conflicts:resolve", { propertyIds: principal.propertyIds });
      const body = c.req.valid("json");
      const resolution = await services.resolveReview(principal, {
        review_id: c.req.valid("param").review_id,
        side: body.side,
        push_now: body.push_now,
        request_id: c.get("requestId"),
        authorizeProperties: (propertyIds) =>
          requirePermission(principal, "conflicts:resolve", { propertyIds }),
      });
      return c.json(successEnvelope(resolution, now()), 200);
    },
  );
}
