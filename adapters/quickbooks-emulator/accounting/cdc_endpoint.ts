import type { CompanyOperations } from "./company_operations.ts";
import type { Doc } from "./company_state.ts";
import { canonicalEntityName } from "./entity_catalog.ts";
import { faults } from "./fault_catalog.ts";
import { QboFault } from "./qbo_fault.ts";

/**
 * Change Data Capture: objects of the listed entities changed at or after `changedSince`, full
 * payloads ordered by LastUpdatedTime, then deleted ones as `{status:"Deleted", Id, MetaData}`.
 * The look-back is limited to 30 days (older: fault 2070, our choice, QBO's code is undocumented)
 * and the answer to 1000 objects.
 */
export const CDC_MAX_OBJECTS = 1000;
export const CDC_MAX_LOOKBACK_MS = 30 * 24 * 3600 * 1000;

export interface CdcRequest {
  readonly entities: string | undefined;
  readonly changedSince: string | undefined;
  readonly now: Date;
  readonly offsetMinutes: number;
}

function parseSince(raw: string, offsetMinutes: number): number {
  // An unencoded "+01:00" offset arrives as " 01:00" after query-string decoding.
  const text = raw.trim().replace(/ (\d\d:?\d\d)$/, "+$1");
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${
    String(abs % 60).padStart(2, "0")
  }`;
  const normalized = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00${offset}` : text;
  const ms = Date.parse(normalized);
  if (Number.isNaN(ms)) throw faults.invalidDate("changedSince", raw);
  return ms;
}

function updatedMs(doc: Doc): number {
  return Date.parse(String((doc.MetaData as Doc | undefined)?.LastUpdatedTime));
}

export function answerCdc(ops: CompanyOperations, request: CdcRequest): Record<string, unknown>[] {
  if (!request.entities) throw faults.requiredParamMissing("entities");
  if (!request.changedSince) throw faults.requiredParamMissing("changedSince");
  const since = parseSince(request.changedSince, request.offsetMinutes);
  if (request.now.getTime() - since > CDC_MAX_LOOKBACK_MS) throw faults.cdcWindowTooOld(request.changedSince);
  const names = request.entities.split(",").map((e) => e.trim()).filter((e) => e !== "");
  let budget = CDC_MAX_OBJECTS;
  const groups: Record<string, unknown>[] = [];
  for (const written of names) {
    const entity = canonicalEntityName(written);
    if (!entity) {
      throw new QboFault(
        "2000",
        "Invalid or unsupported object name",
        `Entity ${written} is not supported by CDC`,
        {
          element: "entities",
        },
      );
    }
    const changed = ops.rows(entity)
      .map((doc) => ({ doc, at: updatedMs(doc) }))
      .filter((x) => x.at >= since)
      .sort((a, b) => a.at - b.at || Number(a.doc.Id) - Number(b.doc.Id))
      .map((x) => x.doc);
    const deleted = ops.state.tombstonesOf(entity)
      .map(([Id, LastUpdatedTime]) => ({ Id, LastUpdatedTime, at: Date.parse(LastUpdatedTime) }))
      .filter((x) => x.at >= since)
      .sort((a, b) => a.at - b.at)
      .map((x) => ({
        status: "Deleted",
        domain: "QBO",
        Id: x.Id,
        MetaData: { LastUpdatedTime: x.LastUpdatedTime },
      }));
    const objects: Doc[] = [...changed, ...deleted].slice(0, Math.max(budget, 0));
    budget -= objects.length;
    if (objects.length === 0) groups.push({});
    else groups.push({ [entity]: objects, startPosition: 1, maxResults: objects.length });
  }
  return [{ QueryResponse: groups }];
}
