import type { z } from "zod";
import type { ErrorCode } from "../../domain/errors.ts";
import {
  allocationsOf,
  type ChargeAllocation,
  chargeAllocationIssues,
  type RecordData,
  recordInvariantIssues,
} from "../../domain/model/estatecore/invariants/mod.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import { actorOf } from "../../domain/access/caller.ts";
import {
  isMirrorRecordType,
  MIRROR_RECORD_TYPES,
  type MirroredRecord,
  type MirrorRecordType,
  type MirrorWriteOutcome,
  type RecordMirror,
} from "../../domain/ports/record_mirror.ts";
import {
  defaultSyncSettings,
  syncSettingsOf,
  type SyncSettingsRepository,
} from "../../domain/ports/sync_settings_repository.ts";
import { authorize, type Caller, requireRole } from "../../domain/access/authorize.ts";
import { referencesOf } from "./record_references.ts";
import { RECORD_SCHEMAS } from "../../domain/model/estatecore/record_schemas.ts";
import { propertyIdOf } from "./record_schemas.ts";

/** Records written per transaction: big enough to be fast, small enough not to hold locks long. */
export const INTAKE_WRITE_CHUNK = 500;

/** One record as sent by EstateCore: its type and its data (validated here, item by item). */
export interface IntakeItem {
  readonly type: unknown;
  readonly data: unknown;
  /** Set when the item's text could not be parsed (an NDJSON line): reported as INVALID_JSON. */
  readonly parseError?: string;
  /** Keys of the item other than `type` and `data`: the item is refused naming each. */
  readonly unknownKeys?: readonly string[];
}

/** A problem with one field of one item; `path` is relative to the item's data (or `type`). */
export interface IntakeIssue {
  readonly path: string;
  readonly message: string;
  readonly code: string;
}

export interface IntakeError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly issues: readonly IntakeIssue[];
}

export type IntakeOutcome =
  | {
    readonly index: number;
    readonly type: MirrorRecordType;
    readonly id: string;
    readonly status: MirrorWriteOutcome;
    readonly record: MirroredRecord;
  }
  | {
    readonly index: number;
    readonly type: string | null;
    readonly id: string | null;
    readonly status: "invalid";
    readonly error: IntakeError;
  };

export interface IntakeDependencies {
  readonly mirror: RecordMirror;
  readonly clock: Clock;
  /** Each request's outcome is recorded (`records.received`, `records.deleted`) with its counts and ids. */
  readonly audit: AuditTrail;
  /** A request's writes and its audit entry commit together. */
  readonly atomically: Atomically;
  /** The organization's settings, for its currency; without them (or a stored row) the default's (USD). */
  readonly settings?: Pick<SyncSettingsRepository, "get">;
}

/** Records listed per page when loading the payments and dispositions of a property. */
const ALLOCATION_SCAN_PAGE = 1000;

interface Candidate {
  readonly index: number;
  readonly type: MirrorRecordType;
  readonly id: string;
  readonly data: Record<string, unknown>;
  readonly propertyId: string | null;
}

type Invalid = Extract<IntakeOutcome, { status: "invalid" }>;

const keyOf = (type: string, id: string) => `${type}/${id}`;

function invalid(index: number, type: string | null, id: string | null, error: IntakeError): Invalid {
  return { index, type, id, status: "invalid", error };
}

/** VALIDATION_FAILED for one record, its message listing every issue with its path. */
function invalidRecord(
  index: number,
  type: string,
  id: string | null,
  issues: readonly IntakeIssue[],
): Invalid {
  return invalid(index, type, id, {
    code: "VALIDATION_FAILED",
    message: `Invalid ${type}: ${issues.map((i) => `${i.path || "(root)"}: ${i.message}`).join("; ")}`,
    issues,
  });
}

function validate(orgId: string, item: IntakeItem, index: number): Candidate | Invalid {
  if (item.parseError !== undefined) {
    return invalid(index, null, null, {
      code: "INVALID_JSON",
      message: `Item ${index} is not valid JSON: ${item.parseError}`,
      issues: [],
    });
  }
  if (item.unknownKeys?.length) {
    const issues = item.unknownKeys.map((key) => ({
      path: key,
      message: `unknown field "${key}" is not allowed (an item is { type, data })`,
      code: "unrecognized_keys",
    }));
    return invalid(index, typeof item.type === "string" ? item.type : null, null, {
      code: "VALIDATION_FAILED",
      message: `Item ${index}: ${issues.map((i) => i.message).join("; ")}`,
      issues,
    });
  }
  const raw = item as { type?: unknown; data?: unknown } | null;
  const type = typeof raw?.type === "string" ? raw.type : null;
  const rawId = typeof (raw?.data as { id?: unknown } | null)?.id === "string"
    ? (raw!.data as { id: string }).id
    : null;
  if (type === null || !isMirrorRecordType(type)) {
    const message = `type must be one of ${MIRROR_RECORD_TYPES.join(", ")}`;
    return invalid(index, type, rawId, {
      code: "VALIDATION_FAILED",
      message,
      issues: [{ path: "type", message, code: "invalid_value" }],
    });
  }
  const schema: z.ZodType<Record<string, unknown>> = RECORD_SCHEMAS[type];
  const parsed = schema.safeParse(raw?.data);
  if (!parsed.success) {
    const issues = parsed.error.issues.flatMap((i): IntakeIssue[] => {
      const path = i.path.map(String).join(".");
      // An unknown field is reported at its own path, naming it.
      if (i.code === "unrecognized_keys") {
        return i.keys.map((key) => ({
          path: path === "" ? key : `${path}.${key}`,
          message: `unknown field "${key}" is not allowed`,
          code: i.code,
        }));
      }
      return [{ path, message: i.message, code: i.code }];
    });
    return invalidRecord(index, type, rawId, issues);
  }
  const data = parsed.data;
  const id = String(data.id);
  if (type === "property" && data.organization_id !== orgId) {
    const message = "organization_id must be the caller's organization";
    return invalid(index, type, id, {
      code: "VALIDATION_FAILED",
      message,
      issues: [{ path: "organization_id", message, code: "invalid_value" }],
    });
  }
  return { index, type, id, data, propertyId: propertyIdOf(type, data) };
}

/** Marks items a property-scoped caller may not write: new and stored property must both be theirs. */
async function checkPropertyScope(
  deps: IntakeDependencies,
  caller: Caller,
  candidates: Candidate[],
): Promise<Map<number, Invalid>> {
  const rejected = new Map<number, Invalid>();
  if (caller.propertyIds === undefined) return rejected;
  const stored = new Map<string, string | null>();
  for (const type of new Set(candidates.map((c) => c.type))) {
    const ids = candidates.filter((c) => c.type === type).map((c) => c.id);
    for (const r of await deps.mirror.getMany(caller.orgId, type, ids)) {
      stored.set(keyOf(type, r.recordId), r.propertyId);
    }
  }
  for (const c of candidates) {
    const touched = [c.propertyId, stored.get(keyOf(c.type, c.id)) ?? null].filter((p): p is string =>
      p !== null
    );
    const decision = authorize(caller, "records:write", { propertyIds: [...new Set(touched)] });
    if (!decision.allowed) {
      const message = touched.length === 0
        ? `A property-scoped caller cannot write a ${c.type} that belongs to no property`
        : `Not allowed to write records of property ${
          touched.filter((p) => !caller.propertyIds!.includes(p)).join(", ")
        }`;
      rejected.set(c.index, invalid(c.index, c.type, c.id, { code: "FORBIDDEN", message, issues: [] }));
    }
  }
  return rejected;
}

/**
 * Marks items whose references are missing. A reference is satisfied by a live record in the mirror
 * or by a valid item of the same request; an item that fails makes the items leaning on it fail too.
 */
async function checkReferences(
  deps: IntakeDependencies,
  orgId: string,
  candidates: Candidate[],
): Promise<Map<number, Invalid>> {
  const live = new Map<string, number>();
  for (const c of candidates) live.set(keyOf(c.type, c.id), (live.get(keyOf(c.type, c.id)) ?? 0) + 1);
  const refs = new Map(candidates.map((c) => [c.index, referencesOf(c.type, c.data)]));
  const lookups = new Map<MirrorRecordType, Set<string>>();
  for (const list of refs.values()) {
    for (const r of list) {
      if (live.has(keyOf(r.type, r.id))) continue;
      lookups.set(r.type, (lookups.get(r.type) ?? new Set()).add(r.id));
    }
  }
  const stored = new Set<string>();
  for (const [type, ids] of lookups) {
    for (const id of await deps.mirror.existingIds(orgId, type, [...ids])) stored.add(keyOf(type, id));
  }
  const rejected = new Map<number, Invalid>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const c of candidates) {
      if (rejected.has(c.index)) continue;
      const missing = refs.get(c.index)!.filter((r) =>
        !stored.has(keyOf(r.type, r.id)) && (live.get(keyOf(r.type, r.id)) ?? 0) === 0
      );
      if (missing.length === 0) continue;
      const issues = missing.map((r) => ({
        path: r.path,
        message: `${r.type} ${r.id} does not exist (send it first or in the same request)`,
        code: "missing_reference",
      }));
      rejected.set(
        c.index,
        invalidRecord(c.index, c.type, c.id, issues),
      );
      live.set(keyOf(c.type, c.id), live.get(keyOf(c.type, c.id))! - 1);
      changed = true;
    }
  }
  return rejected;
}

async function organizationCurrency(deps: IntakeDependencies, orgId: string): Promise<string> {
  return (deps.settings ? await syncSettingsOf(deps.settings, orgId) : defaultSyncSettings()).currency;
}

/** Live stored records of `type` belonging to `propertyIds`, a page at a time. */
async function storedOfProperties(
  deps: IntakeDependencies,
  orgId: string,
  type: MirrorRecordType,
  propertyIds: readonly string[],
): Promise<MirroredRecord[]> {
  const out: MirroredRecord[] = [];
  let afterId: string | undefined;
  while (propertyIds.length > 0) {
    const page = await deps.mirror.list(orgId, type, { propertyIds, afterId, limit: ALLOCATION_SCAN_PAGE });
    out.push(...page);
    if (page.length < ALLOCATION_SCAN_PAGE) break;
    afterId = page[page.length - 1].recordId;
  }
  return out;
}

/**
 * Marks items that break a cross-record invariant (domain/model/estatecore/invariants): money in
 * another currency than the organization's, a property other than that of what they refer to,
 * allocations to another tenant's, a void or an over-allocated charge. Referenced records are read
 * from the same request (the last item of that key) or else the mirror. Allocations already made to
 * a charge are those of the stored live payments and dispositions of the charge's property (a
 * payment or disposition of another property cannot allocate to it), replaced by the request's
 * items in request order as each is accepted, so a re-sent payment replaces its own allocations.
 */
async function checkInvariants(
  deps: IntakeDependencies,
  orgId: string,
  candidates: Candidate[],
): Promise<Map<number, Invalid>> {
  const currency = await organizationCurrency(deps, orgId);
  const inRequest = new Map<string, RecordData>();
  for (const c of candidates) inRequest.set(keyOf(c.type, c.id), c.data);
  const wanted = new Map<MirrorRecordType, Set<string>>();
  for (const c of candidates) {
    for (const r of referencesOf(c.type, c.data)) {
      if (!inRequest.has(keyOf(r.type, r.id))) {
        wanted.set(r.type, (wanted.get(r.type) ?? new Set()).add(r.id));
      }
    }
  }
  const stored = new Map<string, RecordData>();
  for (const [type, ids] of wanted) {
    for (const r of await deps.mirror.getMany(orgId, type, [...ids])) {
      if (!r.deleted) stored.set(keyOf(type, r.recordId), r.data);
    }
  }
  const lookup = (type: MirrorRecordType, id: string) =>
    inRequest.get(keyOf(type, id)) ?? stored.get(keyOf(type, id));

  const sources = candidates.filter((c) => c.type === "payment" || c.type === "deposit_disposition");
  const chargeProperties = new Set<string>();
  for (const c of sources) {
    for (const a of allocationsOf(c.type, c.data)) {
      const property = lookup("charge", a.chargeId)?.property_id;
      if (typeof property === "string") chargeProperties.add(property);
    }
  }
  const charges = candidates.filter((c) => c.type === "charge");
  for (const c of charges) {
    if (typeof c.data.property_id === "string") chargeProperties.add(c.data.property_id);
  }
  const applied = new Map<string, readonly ChargeAllocation[]>();
  if (chargeProperties.size > 0) {
    for (const type of ["payment", "deposit_disposition"] as const) {
      for (const r of await storedOfProperties(deps, orgId, type, [...chargeProperties])) {
        if (!r.deleted) applied.set(keyOf(type, r.recordId), allocationsOf(type, r.data));
      }
    }
  }
  const allocatedExcept = (ownKey: string) => (chargeId: string) => {
    let sum = 0;
    for (const [key, list] of applied) {
      if (key === ownKey) continue;
      for (const a of list) if (a.chargeId === chargeId) sum += a.cents;
    }
    return sum;
  };

  const rejected = new Map<number, Invalid>();
  for (const c of candidates) {
    const key = keyOf(c.type, c.id);
    const issues = recordInvariantIssues(c.type, c.data, {
      currency,
      lookup,
      allocatedByOthers: allocatedExcept(key),
    });
    if (issues.length === 0) {
      if (c.type === "charge") continue; // checked below, against the request's final allocations
      if (c.type === "payment" || c.type === "deposit_disposition") {
        applied.set(key, allocationsOf(c.type, c.data));
      }
      continue;
    }
    rejected.set(
      c.index,
      invalidRecord(c.index, c.type, c.id, issues),
    );
  }
  // A charge is checked once every payment and disposition of the request has replaced its own
  // allocations, so shrinking a charge and its payments together in one request is accepted.
  for (const c of charges) {
    if (rejected.has(c.index)) continue;
    const issues = chargeAllocationIssues(c.data, allocatedExcept("")(c.id));
    if (issues.length === 0) continue;
    rejected.set(
      c.index,
      invalidRecord(c.index, c.type, c.id, issues),
    );
  }
  return rejected;
}

/**
 * Validates and stores EstateCore records, item by item: each is checked against its domain schema,
 * the caller's property scope, its references and the cross-record invariants, and the valid ones are written in chunks, each in
 * one transaction. A bad item never blocks or alters the good ones. Outcomes come back in input order.
 */
export async function ingestRecords(
  deps: IntakeDependencies,
  caller: Caller,
  items: readonly IntakeItem[],
  requestId: string | null = null,
): Promise<IntakeOutcome[]> {
  requireRole(caller, "records:write");
  const outcomes: IntakeOutcome[] = new Array(items.length);
  let candidates: Candidate[] = [];
  items.forEach((item, index) => {
    const checked = validate(caller.orgId, item, index);
    if ("status" in checked) outcomes[index] = checked;
    else candidates.push(checked);
  });
  const reject = (rejected: Map<number, Invalid>) => {
    for (const [index, outcome] of rejected) outcomes[index] = outcome;
    candidates = candidates.filter((c) => !rejected.has(c.index));
    return rejected.size;
  };
  reject(await checkPropertyScope(deps, caller, candidates));
  // An item refused for an invariant takes the items leaning on it along (missing reference), and
  // those may have been what made another item's invariants hold: repeat until nothing changes.
  let refused = 1;
  while (refused > 0 && candidates.length > 0) {
    reject(await checkReferences(deps, caller.orgId, candidates));
    refused = reject(await checkInvariants(deps, caller.orgId, candidates));
  }
  const now = deps.clock.now().toISOString();
  // The request's writes and its audit entry are one unit: a failure or a crash before the entry
  // is written leaves none of the records stored, so nothing changes unrecorded.
  await deps.atomically(async () => {
    for (let start = 0; start < candidates.length; start += INTAKE_WRITE_CHUNK) {
      const chunk = candidates.slice(start, start + INTAKE_WRITE_CHUNK);
      const results = await deps.mirror.upsertMany(
        caller.orgId,
        chunk.map((c) => ({ recordType: c.type, recordId: c.id, propertyId: c.propertyId, data: c.data })),
        now,
      );
      chunk.forEach((c, i) => {
        outcomes[c.index] = {
          index: c.index,
          type: c.type,
          id: c.id,
          status: results[i].outcome,
          record: results[i].record,
        };
      });
    }
    await recordIntake(deps, caller, outcomes, now, requestId);
  });
  return outcomes;
}

/**
 * One audit record per request that wrote something: the counts, and the ids of what was written,
 * by type and outcome (never the records' data). It names every property the written records belong to, so a
 * property-scoped auditor sees it only when all of them are in its scope.
 */
async function recordIntake(
  deps: IntakeDependencies,
  caller: Caller,
  outcomes: readonly IntakeOutcome[],
  at: string,
  requestId: string | null,
): Promise<void> {
  const counts = { received: outcomes.length, created: 0, updated: 0, unchanged: 0, invalid: 0 };
  const ids: Record<string, Record<string, string[]>> = {};
  const propertyIds = new Set<string>();
  for (const outcome of outcomes) {
    counts[outcome.status]++;
    if (outcome.status === "invalid" || outcome.status === "unchanged") continue;
    ((ids[outcome.status] ??= {})[outcome.type] ??= []).push(outcome.id);
    if (outcome.record.propertyId !== null) propertyIds.add(outcome.record.propertyId);
  }
  // A request that changed nothing (all refused or all identical) is no state change to record.
  if (counts.created + counts.updated === 0) return;
  await deps.audit({
    orgId: caller.orgId,
    at,
    actor: actorOf(caller),
    action: "records.received",
    target: null,
    details: {
      ...counts,
      ids,
      property_ids: [...propertyIds].sort(),
      outcome: counts.invalid === 0
        ? "succeeded"
        : counts.invalid === counts.received
        ? "refused"
        : "partial",
    },
    requestId,
  });
}
