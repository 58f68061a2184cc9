import { createRoute, z } from "@hono/zod-openapi";
import { requires } from "../access.ts";
import { QUICKBOOKS_CALL_ERRORS, raises } from "../error_responses.ts";
import type { ApiApp, Caller } from "../api_types.ts";
import { envelopeOf, successEnvelope } from "../envelope.ts";
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
    caller: Caller,
    input: {
      review_id: string;
      side: "estatecore" | "quickbooks";
      push_now: boolean;
      request_id: string;
    },
  ): Promise<z.infer<typeof ReviewResolution>>;
}

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
      ...requires("conflicts:resolve"),
      ...raises("CONFLICT", ...QUICKBOOKS_CALL_ERRORS),
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
      },
    }),
    async (c) => {
      const caller = c.get("caller");
      const body = c.req.valid("json");
      const resolution = await services.resolveReview(caller, {
        review_id: c.req.valid("param").review_id,
        side: body.side,
        push_now: body.push_now,
        request_id: c.get("requestId"),
      });
      return c.json(successEnvelope(resolution, now()), 200);
    },
  );
}
