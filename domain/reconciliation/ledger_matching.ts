import type { LedgerRecord } from "./ledger_record.ts";

/** A QBO record paired with an EstateCore record. */
export interface LedgerPair {
  readonly estatecore: LedgerRecord;
  readonly quickbooks: LedgerRecord;
}

/** How the two ledgers line up. */
export interface LedgerMatching {
  /** Paired by a link (EstateCore's linkedId, or the QBO record's reference to EstateCore). */
  readonly linked: LedgerPair[];
  /** Unlinked QBO records that are probably this EstateCore record (same kind, customer, amount, close date). */
  readonly probable: (LedgerPair & { readonly sameDocNumber: boolean; readonly dayGap: number })[];
  /** Active QBO records identical to an already-matched (or earlier unknown) QBO record. */
  readonly duplicates: { readonly quickbooks: LedgerRecord; readonly duplicateOf: LedgerRecord }[];
  /** Active QBO records matching nothing. */
  readonly unknown: LedgerRecord[];
  /** Active EstateCore records matching nothing; `linkBroken` when their link points at no QBO record. */
  readonly missing: { readonly estatecore: LedgerRecord; readonly linkBroken: boolean }[];
}

export interface MatchOptions {
  /** Largest date difference, in days, for a probable match. */
  readonly dateWindowDays: number;
}

/**
 * Matches two ledgers in near-linear time (Map indexes, no loop over both ledgers):
 * 1. by links, from either side (a QBO record claimed twice is a duplicate);
 * 2. probable matches for the rest: same kind, customer and amount, dates within the window; the same
 *    doc number is preferred, then the closest date, then the smaller id;
 * 3. what is left in QBO is a duplicate when identical (kind, customer, amount, date, doc number) to
 *    a matched QBO record or an earlier unknown one, else unknown; what is left in EstateCore is missing.
 * Voided/deleted records take part in linking but are never reported as unknown or missing.
 *
 * @example
 * ```ts
 * const ec = { side: "estatecore" as const, id: "c1", kind: "invoice" as const, linkedId: "130",
 *   customerId: "t1", propertyId: "p1", amountCents: 150_000, date: "2026-05-01", status: "active" as const };
 * const qb = { ...ec, side: "quickbooks" as const, id: "130", linkedId: undefined };
 * matchLedgers([ec], [qb], { dateWindowDays: 3 }).linked.length; // 1
 * ```
 */
export function matchLedgers(
  estatecore: readonly LedgerRecord[],
  quickbooks: readonly LedgerRecord[],
  options: MatchOptions,
): LedgerMatching {
  const qbById = new Map<string, LedgerRecord>();
  for (const q of quickbooks) qbById.set(q.id, q);
  const ecById = new Map<string, LedgerRecord>();
  for (const e of estatecore) ecById.set(e.id, e);

  const pairedEc = new Map<string, LedgerRecord | null>(); // ec id -> qb (null: probable match)
  const pairedQb = new Map<string, LedgerRecord>(); // qb id -> ec
  const linked: LedgerPair[] = [];
  const brokenLinks = new Set<string>();
  for (const e of estatecore) {
    if (e.linkedId === undefined) continue;
    const q = qbById.get(e.linkedId);
    if (q === undefined) {
      brokenLinks.add(e.id);
      continue;
    }
    if (pairedQb.has(q.id)) continue;
    pairedQb.set(q.id, e);
    pairedEc.set(e.id, q);
    linked.push({ estatecore: e, quickbooks: q });
  }
  const duplicates: LedgerMatching["duplicates"] = [];
  const unmatchedQb: LedgerRecord[] = [];
  for (const q of quickbooks) {
    if (pairedQb.has(q.id)) continue;
    if (q.linkedId !== undefined) {
      const e = ecById.get(q.linkedId);
      if (e !== undefined && !pairedEc.has(e.id)) {
        pairedQb.set(q.id, e);
        pairedEc.set(e.id, q);
        brokenLinks.delete(e.id);
        linked.push({ estatecore: e, quickbooks: q });
        continue;
      }
      if (e !== undefined && q.status === "active") {
        const claimed = pairedEc.get(e.id);
        if (claimed) {
          duplicates.push({ quickbooks: q, duplicateOf: claimed });
          continue;
        }
      }
    }
    if (q.status === "active") unmatchedQb.push(q);
  }

  const probable = matchProbable(
    estatecore.filter((e) => !pairedEc.has(e.id) && e.status === "active"),
    unmatchedQb,
    options.dateWindowDays,
  );
  const probablyMatched = new Set<string>();
  for (const p of probable) {
    probablyMatched.add(p.quickbooks.id);
    pairedEc.set(p.estatecore.id, null);
  }

  const signatures = new Map<string, LedgerRecord>();
  for (const p of linked) {
    if (p.quickbooks.status === "active") signatures.set(signature(p.quickbooks), p.quickbooks);
  }
  for (const p of probable) signatures.set(signature(p.quickbooks), p.quickbooks);
  const unknown: LedgerRecord[] = [];
  for (const q of sortByDateThenId(unmatchedQb)) {
    if (probablyMatched.has(q.id)) continue;
    const sig = signature(q);
    const original = signatures.get(sig);
    if (original !== undefined) {
      duplicates.push({ quickbooks: q, duplicateOf: original });
    } else {
      signatures.set(sig, q);
      unknown.push(q);
    }
  }
  const missing = estatecore
    .filter((e) => !pairedEc.has(e.id) && e.status === "active")
    .map((e) => ({ estatecore: e, linkBroken: brokenLinks.has(e.id) }));
  return { linked, probable, duplicates, unknown, missing };
}

interface Candidate {
  readonly record: LedgerRecord;
  readonly day: number;
  used: boolean;
}

function matchProbable(
  estatecore: readonly LedgerRecord[],
  quickbooks: readonly LedgerRecord[],
  windowDays: number,
): LedgerMatching["probable"] {
  const buckets = new Map<string, Candidate[]>();
  for (const e of estatecore) {
    const key = matchKey(e);
    const bucket = buckets.get(key) ?? [];
    bucket.push({ record: e, day: dayNumber(e.date), used: false });
    buckets.set(key, bucket);
  }
  for (const bucket of buckets.values()) {
    bucket.sort((a, b) =>
      a.day - b.day || (a.record.id < b.record.id ? -1 : a.record.id > b.record.id ? 1 : 0)
    );
  }
  const out: LedgerMatching["probable"] = [];
  for (const q of sortByDateThenId(quickbooks)) {
    const bucket = buckets.get(matchKey(q));
    if (bucket === undefined) continue;
    const day = dayNumber(q.date);
    let best: Candidate | undefined;
    let bestScore = Infinity;
    for (
      let i = lowerBound(bucket, day - windowDays);
      i < bucket.length && bucket[i].day <= day + windowDays;
      i++
    ) {
      const c = bucket[i];
      if (c.used) continue;
      const sameDoc = q.docNumber !== undefined && q.docNumber === c.record.docNumber;
      const score = (sameDoc ? 0 : 1_000_000) + Math.abs(c.day - day);
      if (score < bestScore) {
        best = c;
        bestScore = score;
      }
    }
    if (best === undefined) continue;
    best.used = true;
    out.push({
      estatecore: best.record,
      quickbooks: q,
      sameDocNumber: q.docNumber !== undefined && q.docNumber === best.record.docNumber,
      dayGap: Math.abs(best.day - day),
    });
  }
  return out;
}

function matchKey(r: LedgerRecord): string {
  return `${r.kind}\u0000${r.customerId}\u0000${r.amountCents}`;
}

function signature(r: LedgerRecord): string {
  return `${r.kind}\u0000${r.customerId}\u0000${r.amountCents}\u0000${r.date}\u0000${r.docNumber ?? ""}`;
}

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) /
    86_400_000;
}

function lowerBound(bucket: readonly Candidate[], day: number): number {
  let lo = 0, hi = bucket.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (bucket[mid].day < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sortByDateThenId(records: readonly LedgerRecord[]): LedgerRecord[] {
  return [...records].sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0
  );
}
