/** What happened, by whom, to what: one append-only, hash-chained audit record. */
export interface AuditRecord {
  /** Position in the organization's chain, starting at 1. */
  readonly seq: number;
  readonly orgId: string;
  /** ISO-8601 instant. */
  readonly at: string;
  /** `user:<sub>`, `system:worker`, ... */
  readonly actor: string;
  /** Dotted verb, e.g. `connection.connected`, `sync.record_pushed`. */
  readonly action: string;
  /** What the action touched, e.g. `realm:9341452000000001`. */
  readonly target: string | null;
  /** Non-secret context (never tokens). */
  readonly details: Readonly<Record<string, unknown>>;
  readonly requestId: string | null;
  /** Hash of the previous record in the same organization's chain ("" for the first). */
  readonly prevHash: string;
  readonly hash: string;
}

export type NewAuditRecord = Omit<AuditRecord, "seq" | "prevHash" | "hash">;

/**
 * Append-only audit trail. `append` runs `seal` with the previous record's hash inside the same
 * transaction that writes the record, so concurrent appends cannot fork the chain.
 */
export interface AuditLog {
  append(
    record: NewAuditRecord,
    seal: (prevHash: string, seq: number) => Promise<string> | string,
  ): Promise<AuditRecord>;
  /** Records of one organization in chain order. */
  list(orgId: string, options?: { afterSeq?: number; limit?: number }): Promise<AuditRecord[]>;
  /** The last record's position and hash; null while the organization's trail is empty. */
  head(orgId: string): Promise<{ readonly seq: number; readonly hash: string } | null>;
  /** Records matching every given filter, in chain order after `afterSeq`, at most `limit`. */
  query(orgId: string, filter: AuditQuery): Promise<AuditRecord[]>;
}

/** Filters of an audit trail query; absent ones match everything. */
export interface AuditQuery {
  /** Exact actor, e.g. `user:u-1`, `system:worker`. */
  readonly actor?: string;
  /** An exact action (`sync.run_finished`), or every action under a prefix ending in a dot (`sync.`). */
  readonly action?: string;
  /** The kind of target, the part of `target` before its first colon (`realm`, `property`). */
  readonly targetType?: string;
  /** The id of the target, the part after its first colon. */
  readonly targetId?: string;
  /** Records at or after this instant (ISO-8601). */
  readonly from?: string;
  /** Records before this instant (ISO-8601). */
  readonly to?: string;
  readonly afterSeq?: number;
  readonly limit: number;
}
