/**
 * Change notifications received from QuickBooks, stored before they are acknowledged and
 * processed later by the sync engine, per realm, in order of event time (not arrival).
 */
export type WebhookOperation = "Create" | "Update" | "Delete" | "Merge" | "Void" | "Emailed";

/** One change to one QuickBooks object, in either delivery format. */
export interface WebhookEvent {
  /** Stable across redeliveries (CloudEvents `id`, or derived for legacy notifications). */
  readonly dedupKey: string;
  readonly realmId: string;
  /** QBO entity name, e.g. "Customer", "Invoice". */
  readonly entityName: string;
  readonly entityId: string;
  readonly operation: WebhookOperation;
  /** When the change happened (the ordering key). */
  readonly occurredAt: Date;
  /** Id of the merged-away record, for Merge. */
  readonly deletedId: string | null;
  readonly format: "legacy" | "cloudevents";
}

export interface InboxEntry extends WebhookEvent {
  readonly id: string;
  readonly receivedAt: Date;
  readonly attempts: number;
}

export interface WebhookInbox {
  /**
   * Stores the events in one transaction, skipping those whose dedupKey is already known.
   * Returns how many were new.
   */
  storeAll(
    events: readonly WebhookEvent[],
    receivedAt: Date,
  ): Promise<{ stored: number; duplicates: number }>;
  /**
   * Claims the oldest unprocessed event of a realm (by occurredAt) for `worker` until
   * `leaseUntil`; null when there is none or an earlier event is still claimed by someone else
   * (a realm is processed linearly).
   */
  claimNext(realmId: string, worker: string, now: Date, leaseUntil: Date): Promise<InboxEntry | null>;
  markProcessed(entryId: string, worker: string, at: Date): Promise<void>;
  /** Gives a claimed event back (processing failed); it will be claimed again. */
  release(entryId: string, worker: string, error: string): Promise<void>;
  /** Realms that have unprocessed events. */
  realmsWithPendingEvents(): Promise<readonly string[]>;
}

/** Outcome of checking and parsing one webhook delivery. */
export type WebhookDecoding =
  | { readonly accepted: true; readonly events: readonly WebhookEvent[] }
  | {
    readonly accepted: false;
    readonly reason: WebhookRejection;
    /** The media type a delivery declared, when that is what was refused. */
    readonly mediaType?: string;
  };

export type WebhookRejection =
  | "missing_signature"
  | "invalid_signature"
  | "payload_too_large"
  | "unsupported_media_type"
  | "malformed_payload";

/** Verifies a delivery's signature over the raw bytes and parses both QuickBooks formats. */
export interface WebhookDecoder {
  decode(
    input: {
      readonly rawBody: Uint8Array;
      readonly signature: string | null;
      readonly contentType: string | null;
    },
  ): Promise<WebhookDecoding>;
}
