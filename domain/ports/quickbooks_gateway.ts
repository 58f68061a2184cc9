/**
 * The QuickBooks Online company as the product sees it: read, query, batched writes, changes
 * since a moment, reports. Payloads are plain QBO-shaped objects produced and consumed by
 * domain/mapping; nothing in these signatures belongs to an HTTP library.
 *
 * Every failure is a DomainError: QB001/QB002 (credentials), QB003 (throttled), QB004
 * (rejected payload; details carry qbo_code, qbo_message, qbo_detail, qbo_element), QB007
 * (unavailable, circuit open). Errors and results carry the `intuit_tid` for support.
 */

/** Which connection (organization's company) a call speaks for. */
export interface QuickBooksTarget {
  readonly orgId: string;
  readonly realmId: string;
}

/** A QBO object as sent or received (e.g. `{Id, SyncToken, DisplayName, ...}`). */
export type QuickBooksObject = Readonly<Record<string, unknown>>;

/** What the connect flow learns about a company. */
export interface CompanyProfile {
  readonly companyName: string;
  readonly classTracking: "off" | "per_transaction" | "per_line";
  readonly locationTracking: boolean;
  /** How the company calls Departments in its UI ("Location", "Property", ...). */
  readonly locationTerminology: string | null;
}

export type QueryOperator = "=" | "<" | ">" | "<=" | ">=" | "IN" | "LIKE";
export type QueryValue = string | number | boolean;

export interface QueryCondition {
  readonly field: string;
  readonly operator: QueryOperator;
  readonly value: QueryValue | readonly QueryValue[];
}

export interface QueryRequest {
  readonly entityName: string;
  readonly where?: readonly QueryCondition[];
  readonly orderBy?: { readonly field: string; readonly direction: "ASC" | "DESC" };
  /** Stop after this many objects (all pages are read otherwise). */
  readonly limit?: number;
}

/** One page of a statement in QBO's query language, sent as it is (domain/model/quickbooks/qbo_query_statement.ts). */
export interface QueryPageRequest {
  /** The entity the statement selects from: its objects are read from the answer under this name. */
  readonly entityName: string;
  /** `SELECT ... FROM <entityName> ... STARTPOSITION n MAXRESULTS m`. */
  readonly statement: string;
}

export interface QueryPage {
  readonly objects: readonly QuickBooksObject[];
  /** QBO's `totalCount` (a `SELECT COUNT(*)`), null when it sent none. */
  readonly totalCount: number | null;
}

/**
 * QuickBooks' limit of operations in one batch call: the gateway never sends more in one call, and
 * the sync planner never plans a bigger batch (so one planned batch is one call).
 */
export const QUICKBOOKS_MAX_BATCH_ITEMS = 30;

export type WriteOperation = "create" | "update" | "delete" | "void";

export interface WriteItem {
  /**
   * Caller's key for the item, sent to QBO as the item's bId: unique among the items of the call,
   * at most 10 characters (QBO's limit beside a requestid). Results come back under the same key.
   */
  readonly key: string;
  readonly entityName: string;
  readonly operation: WriteOperation;
  readonly payload: QuickBooksObject;
}

export type WriteResult =
  | { readonly key: string; readonly ok: true; readonly object: QuickBooksObject }
  | {
    readonly key: string;
    readonly ok: false;
    readonly errorCode: "QB004" | "QB005" | "QB007";
    readonly qboCode: string;
    readonly message: string;
    readonly detail: string | null;
    readonly element: string | null;
  };

export interface WriteOutcome {
  readonly results: readonly WriteResult[];
  readonly intuitTid: string | null;
  /** How many batch calls the gateway sent for the items (QBO's cost of the write). */
  readonly calls: number;
}

/** One write through the entity's own endpoint (not a batch). */
export interface EntityWrite {
  readonly entityName: string;
  readonly operation: WriteOperation;
  /**
   * The body QBO takes for the operation: the object (create), Id, SyncToken and the fields that
   * change with `sparse: true` (update), Id and SyncToken (delete, void).
   */
  readonly payload: QuickBooksObject;
  /** QBO's `requestid`: 1 to 50 characters without whitespace; a retry with the same id never writes twice. */
  readonly requestId: string;
}

export interface EntityWriteOutcome {
  /** The object as QBO answered (a delete answers `{Id, status: "Deleted", domain}`). */
  readonly object: QuickBooksObject;
  readonly intuitTid: string | null;
}

export interface ChangedObject {
  readonly entityName: string;
  readonly id: string;
  readonly deleted: boolean;
  readonly lastUpdated: Date | null;
  /** Full object (active objects) or `{Id, status:"Deleted"}`. */
  readonly object: QuickBooksObject;
}

export interface ChangeSet {
  readonly changes: readonly ChangedObject[];
  /** Use as `since` for the next read. */
  readonly nextCursor: Date;
  /** "cdc" inside the 30-day window, "query" when it fell back to LastUpdatedTime queries. */
  readonly source: "cdc" | "query";
}

export interface ReportRequest {
  readonly reportName: string;
  readonly params: Readonly<Record<string, string>>;
}

/** A report as QBO shapes it (Header/Columns/Rows), checked but not interpreted. */
export interface ReportDocument {
  /** The report as QBO shaped it (`{Header, Columns, Rows}`), for callers that pass it on as it is. */
  readonly original: QuickBooksObject;
  readonly header: Readonly<Record<string, unknown>>;
  readonly columns: readonly { readonly title: string; readonly type: string }[];
  readonly rows: readonly ReportRow[];
}

export interface ReportRow {
  readonly kind: "section" | "data" | "summary";
  readonly group: string | null;
  readonly cells: readonly { readonly value: string; readonly id: string | null }[];
  readonly children: readonly ReportRow[];
}

export type CircuitStatus = "closed" | "open" | "half_open" | "isolated";

/** A realm's circuit breaker as the status endpoint shows it; instants are ISO-8601 from the Clock port. */
export interface CircuitReport {
  readonly state: CircuitStatus;
  /** When the breaker last opened; null while it has never opened or since it closed again. */
  readonly openedAt: string | null;
  /** When the breaker lets a trial call through (half-open); null unless it is open. */
  readonly retryAt: string | null;
  /** The failure that opened it (our code, its message, when); null while closed. */
  readonly error: { readonly code: string; readonly message: string; readonly at: string } | null;
}

export interface QuickBooksGateway {
  readCompanyProfile(target: QuickBooksTarget): Promise<CompanyProfile>;
  read(target: QuickBooksTarget, entityName: string, id: string): Promise<QuickBooksObject | null>;
  query(target: QuickBooksTarget, request: QueryRequest): Promise<readonly QuickBooksObject[]>;
  /** One page of a caller's statement; QBO's query faults (4000, 4001, ...) are QB004. */
  queryPage(target: QuickBooksTarget, request: QueryPageRequest): Promise<QueryPage>;
  /**
   * One create, sparse update, delete or void of one object, with its `requestid` (a refused
   * requestid is VALIDATION_FAILED before anything is sent). QBO's fault is raised as its code
   * (QB004; QB005 for a stale SyncToken) with the fault and the `intuit_tid` in the details.
   */
  writeEntity(target: QuickBooksTarget, write: EntityWrite): Promise<EntityWriteOutcome>;
  /**
   * Writes any number of items; they are sent in batch calls of at most
   * `QUICKBOOKS_MAX_BATCH_ITEMS`. `requestId` is QBO's `requestid` of the first call, sent as it is
   * (the sync planner's `batchRequestId`, or `keyedRequestId` of a caller's own key); a later call
   * carries `batchCallRequestId(requestId, n)`. A retry with the same id never duplicates. A
   * requestid QBO would refuse (see `isBatchRequestId`) and keys that are not valid bIds (longer
   * than 10 characters, or repeated) are refused with VALIDATION_FAILED before anything is sent.
   */
  writeBatch(
    target: QuickBooksTarget,
    items: readonly WriteItem[],
    requestId: string,
  ): Promise<WriteOutcome>;
  changesSince(target: QuickBooksTarget, entityNames: readonly string[], since: Date): Promise<ChangeSet>;
  fetchReport(target: QuickBooksTarget, request: ReportRequest): Promise<ReportDocument>;
  /** Circuit breaker state of a realm (for the health endpoint). */
  circuitStatus(realmId: string): CircuitStatus;
  /** The breaker's state with the error that opened it and when it retries. */
  circuitReport(realmId: string): CircuitReport;
}

/** Supplies access tokens to the gateway, refreshing them when needed. */
export interface AccessTokenSource {
  /**
   * A valid access token for the connection. With `rejected`, the caller reports that QBO
   * answered 401 to that token: the source refreshes unless the token already changed.
   */
  accessToken(target: QuickBooksTarget, rejected?: string): Promise<string>;
}
