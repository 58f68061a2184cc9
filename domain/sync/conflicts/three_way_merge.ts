import { sameJson } from "../../shared/canonical_json.ts";
import { type ConflictPolicy, DEFAULT_FINANCIAL_FIELDS } from "./conflict_policy.ts";

/** Which side a field's merged value came from, or `manual` when it awaits review. */
export type ConflictResolution = "estatecore" | "quickbooks" | "manual";

/** A field that could not merge silently. */
export interface FieldConflict {
  /** Dot path of the field (`BillAddr.City`). */
  readonly path: string;
  /**
   * both_changed: edited differently on both sides; posted_financial_edit: QBO edited money on a
   * posted transaction; estatecore_unmapped: QBO edited a field whose EstateCore value cannot be told
   * right now (the record cannot be mapped), so QBO's edit may overwrite one of EstateCore's.
   */
  readonly reason: "both_changed" | "posted_financial_edit" | "estatecore_unmapped";
  readonly base: unknown;
  readonly estatecore: unknown;
  readonly quickbooks: unknown;
  readonly resolution: ConflictResolution;
}

export interface ThreeWayMergeInput {
  /** The last synced snapshot (the link's base). */
  readonly base: Readonly<Record<string, unknown>>;
  readonly estatecore: Readonly<Record<string, unknown>>;
  readonly quickbooks: Readonly<Record<string, unknown>>;
  readonly policy: ConflictPolicy;
  /** When each side last changed the record (ISO 8601), for `timestamp_based`. */
  readonly estatecoreChangedAt?: string;
  readonly quickbooksChangedAt?: string;
  /** True for a transaction already posted in QBO: its financial fields are guarded. */
  readonly postedTransaction?: boolean;
  readonly financialFields?: readonly string[];
  /**
   * Top-level fields whose EstateCore value is unknown (a record that cannot be mapped now):
   * `estatecore` holds no value for them. One QBO changed is an `estatecore_unmapped` conflict,
   * never a silent QBO win.
   */
  readonly estatecoreUnknown?: readonly string[];
}

export interface ThreeWayMergeResult {
  /** The merged record; fields awaiting review keep their base value. */
  readonly merged: Record<string, unknown>;
  /** Top-level fields EstateCore must take to match `merged` (at a path awaiting review it keeps its own value). */
  readonly toEstatecore: Record<string, unknown>;
  /** Top-level fields to send to QBO (sparse update) to match `merged` (at a path awaiting review QBO keeps its value). */
  readonly toQuickbooks: Record<string, unknown>;
  /** Every conflict, resolved or not, sorted by path. */
  readonly conflicts: readonly FieldConflict[];
  /** clean: no conflict; resolved: all conflicts resolved by policy; needs_review: some are `manual`. */
  readonly status: "clean" | "resolved" | "needs_review";
}

/**
 * Three-way merge of one record, field by field, against the base snapshot of the last sync:
 * changed on one side only -> that side's value; changed on both sides to the same value -> that value;
 * changed on both sides differently -> a conflict settled by `policy`. Plain objects (addresses,
 * email) merge per sub-field; arrays (Line) are one value. On a posted transaction, a financial field
 * QBO changed is a `posted_financial_edit` conflict even when EstateCore did not touch it; only
 * `estatecore_wins` or `quickbooks_wins` settle those, otherwise they go to review (QB005, see
 * `assertMergeResolved`). `timestamp_based` without both timestamps sends conflicts to review. A
 * field in `estatecoreUnknown` that QBO changed is an `estatecore_unmapped` conflict: the wins
 * policies settle it (`estatecore_wins` keeps the base, EstateCore's last known value, for the push
 * to replace with EstateCore's own once the record maps), the others send it to review.
 *
 * @example
 * ```ts
 * const r = mergeThreeWay({
 *   base: { DisplayName: "Jane Doe", Email: "jane@old.com", Phone: "1" },
 *   estatecore: { DisplayName: "Jane Doe", Email: "jane@new.com", Phone: "1" },
 *   quickbooks: { DisplayName: "Jane Q. Doe", Email: "jane@old.com", Phone: "1" },
 *   policy: "manual",
 * });
 * r.merged; // { DisplayName: "Jane Q. Doe", Email: "jane@new.com", Phone: "1" }
 * r.status; // "clean"
 * ```
 */
export function mergeThreeWay(input: ThreeWayMergeInput): ThreeWayMergeResult {
  const financial = new Set(
    input.postedTransaction ? (input.financialFields ?? DEFAULT_FINANCIAL_FIELDS) : [],
  );
  const conflicts: FieldConflict[] = [];
  const later = laterSide(input);
  const unknown = new Set(input.estatecoreUnknown ?? []);
  const resolve = (reason: FieldConflict["reason"]): ConflictResolution => {
    if (input.policy === "estatecore_wins") return "estatecore";
    if (input.policy === "quickbooks_wins") return "quickbooks";
    if (input.policy === "timestamp_based" && reason === "both_changed" && later !== undefined) return later;
    return "manual";
  };

  const mergeObject = (
    base: Readonly<Record<string, unknown>>,
    ec: Readonly<Record<string, unknown>>,
    qb: Readonly<Record<string, unknown>>,
    prefix: string,
  ): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    const keys = [...new Set([...Object.keys(base), ...Object.keys(ec), ...Object.keys(qb)])].sort();
    for (const key of keys) {
      const path = prefix === "" ? key : `${prefix}.${key}`;
      const b = base[key], e = ec[key], q = qb[key];
      const guarded = prefix === "" && financial.has(key);
      let value: unknown;
      if (prefix === "" && unknown.has(key)) {
        if (sameJson(q, b)) {
          value = b;
        } else {
          const resolution = resolve("estatecore_unmapped");
          conflicts.push({
            path,
            reason: "estatecore_unmapped",
            base: b,
            estatecore: undefined,
            quickbooks: q,
            resolution,
          });
          value = resolution === "quickbooks" ? q : b;
        }
      } else if (sameJson(e, q)) {
        value = e;
      } else if (sameJson(e, b) && !guarded) {
        value = q;
      } else if (sameJson(q, b)) {
        value = e;
      } else if (!guarded && isPlainObject(e) && isPlainObject(q) && (b === undefined || isPlainObject(b))) {
        value = mergeObject(b ?? {}, e, q, path);
      } else {
        const reason = guarded ? "posted_financial_edit" : "both_changed";
        const resolution = resolve(reason);
        conflicts.push({ path, reason, base: b, estatecore: e, quickbooks: q, resolution });
        value = resolution === "estatecore" ? e : resolution === "quickbooks" ? q : b;
      }
      if (value !== undefined) out[key] = value;
    }
    return out;
  };

  const merged = mergeObject(input.base, input.estatecore, input.quickbooks, "");
  conflicts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // An unknown EstateCore value counts as its last known one: EstateCore takes only QBO's wins.
  const estatecore = {
    ...input.estatecore,
    ...Object.fromEntries([...unknown].map((k) => [k, input.base[k]])),
  };
  // A field awaiting review is nobody's to take yet: each side keeps its own value there.
  const open = conflicts.filter((c) => c.resolution === "manual");
  return {
    merged,
    toEstatecore: differingFields(withValuesAt(merged, open, estatecore), estatecore),
    toQuickbooks: differingFields(withValuesAt(merged, open, input.quickbooks), input.quickbooks),
    conflicts,
    status: conflicts.length === 0
      ? "clean"
      : conflicts.some((c) => c.resolution === "manual")
      ? "needs_review"
      : "resolved",
  };
}

function laterSide(input: ThreeWayMergeInput): "estatecore" | "quickbooks" | undefined {
  if (input.estatecoreChangedAt === undefined || input.quickbooksChangedAt === undefined) return undefined;
  const ec = Date.parse(input.estatecoreChangedAt), qb = Date.parse(input.quickbooksChangedAt);
  if (Number.isNaN(ec) || Number.isNaN(qb)) return undefined;
  return qb > ec ? "quickbooks" : "estatecore"; // tie: EstateCore, the source of truth for its records
}

/** `target` with the value `side` holds at each conflict's path (absent where `side` has none). */
function withValuesAt(
  target: Readonly<Record<string, unknown>>,
  conflicts: readonly FieldConflict[],
  side: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out = structuredClone(target) as Record<string, unknown>;
  for (const { path } of conflicts) {
    const parts = path.split(".");
    let into: Record<string, unknown> = out;
    let from: unknown = side;
    for (const part of parts.slice(0, -1)) {
      from = isPlainObject(from) ? from[part] : undefined;
      if (!isPlainObject(into[part])) into[part] = {};
      into = into[part] as Record<string, unknown>;
    }
    const last = parts[parts.length - 1];
    const value = isPlainObject(from) ? from[last] : undefined;
    if (value === undefined) delete into[last];
    else into[last] = value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Top-level fields of `target` that `side` lacks or holds differently (fields `target` lacks: null). */
function differingFields(
  target: Readonly<Record<string, unknown>>,
  side: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of [...new Set([...Object.keys(target), ...Object.keys(side)])].sort()) {
    if (!sameJson(target[key], side[key])) out[key] = target[key] === undefined ? null : target[key];
  }
  return out;
}
