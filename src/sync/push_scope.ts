import type { QuickBooksTarget } from "../../domain/ports/quickbooks_gateway.ts";
import type { ReviewQueue } from "../../domain/ports/pull_state.ts";
import { type DesiredRecord, syncKey, type SyncLink } from "../../domain/sync/sync_record.ts";
import type { DesiredState } from "../../domain/sync_engine/desired_state.ts";
import { type PushSelection, restrictDesiredState } from "../../domain/sync_engine/push_selection.ts";
import type { DesiredSnapshot } from "./desired_snapshot.ts";

/** What one push is about: which records it maps, which it leaves alone, which it rewrites in full. */
export interface PushScope {
  /** What the push wants QBO to hold against these links: the whole portfolio, or the selection. */
  desiredWith(links: readonly SyncLink[]): DesiredState;
  /** Whether the push may write a record: not while a review of it waits for a person. */
  eligible(record: DesiredRecord): boolean;
  /** Sync keys rewritten in full although unchanged (`force`): the selection's own records. */
  readonly forced: ReadonlySet<string>;
}

export interface PushScopeInput {
  readonly snapshot: DesiredSnapshot;
  readonly target: QuickBooksTarget;
  readonly reviews?: Pick<ReviewQueue, "list">;
  /** Push only these records and what they need that QBO lacks. */
  readonly only?: PushSelection;
  /** With `only`: rewrite the selected records in full. */
  readonly force?: boolean;
}

/** The scope of a push: its selection, the records in open review, the records it forces. */
export async function pushScope(input: PushScopeInput): Promise<PushScope> {
  const { snapshot, only } = input;
  const inReview = await openReviewKeys(input);
  const selected = (links: readonly SyncLink[]) =>
    only ? restrictDesiredState(snapshot.stateWith(links), only, snapshot.owners) : undefined;
  return {
    desiredWith: (links) => selected(links)?.state ?? snapshot.stateWith(links),
    eligible: (record) => !inReview.has(syncKey(record.entityType, record.recordId)),
    forced: input.force ? selected(snapshot.links)?.chosen ?? new Set() : new Set(),
  };
}

async function openReviewKeys(input: PushScopeInput): Promise<ReadonlySet<string>> {
  const open = await input.reviews?.list(input.target.orgId, { status: "open", limit: 10_000 }) ?? [];
  return new Set(
    open.filter((r) => r.realmId === input.target.realmId).map((r) => syncKey(r.entityType, r.recordId)),
  );
}
