/** The review resolution route's shapes: its request as the use case takes it, its answer as the API shows it. */
import type { Job } from "../../../domain/ports/job_queue.ts";
import type { ReviewItem } from "../../../domain/ports/pull_state.ts";
import { viewReview } from "./sync_view.ts";

/** `POST /sync/reviews/{review_id}/resolve`, as the resolve use case takes it. */
export function resolveReviewInput(input: {
  readonly review_id: string;
  readonly side: "estatecore" | "quickbooks";
  readonly push_now: boolean;
  readonly request_id: string;
}) {
  return {
    reviewId: input.review_id,
    side: input.side,
    pushNow: input.push_now,
    requestId: input.request_id,
  };
}

/** A resolution as the API shows it, with the push it queued (shown by `viewJob`), if any. */
export function viewReviewResolution<J>(
  resolution: {
    readonly review: ReviewItem;
    readonly fieldsToQuickbooks: readonly string[];
    readonly fieldsToEstatecore: readonly string[];
    readonly pushJob: Job | null;
  },
  viewJob: (job: Job) => J,
) {
  return {
    review: viewReview(resolution.review),
    fields_to_quickbooks: [...resolution.fieldsToQuickbooks],
    fields_to_estatecore: [...resolution.fieldsToEstatecore],
    push_job: resolution.pushJob === null ? null : viewJob(resolution.pushJob),
  };
}
