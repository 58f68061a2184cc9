import type { QuickBooksGateway, QuickBooksTarget } from "../../domain/ports/quickbooks_gateway.ts";
import type { SyncLinkWrite } from "../../domain/ports/sync_link_repository.ts";
import type { SyncOperation } from "../../domain/sync/sync_plan.ts";

/** The natural key QBO enforces (or we rely on) per entity: looked up before creating. */
const NATURAL_KEY: Readonly<Record<string, { field: string; nameList: boolean }>> = {
  Customer: { field: "DisplayName", nameList: true },
  Vendor: { field: "DisplayName", nameList: true },
  Item: { field: "Name", nameList: true },
  Class: { field: "Name", nameList: true },
  Department: { field: "Name", nameList: true },
  Invoice: { field: "DocNumber", nameList: false },
  Bill: { field: "DocNumber", nameList: false },
  // Deposit journals carry our deterministic DocNumber too (J<yyyymm>-<hash>). A create lost in a
  // crash is re-planned in another round's batch, under another requestid QBO cannot replay.
  JournalEntry: { field: "DocNumber", nameList: false },
};
/**
 * Transactions without a natural key QBO enforces, found by the note we write on them (it names
 * the EstateCore record: `EstateCore payment pay_1 (check)`) among those of the same party. A
 * create whose answer was lost is re-planned after a restart in another batch, under a requestid
 * QBO cannot replay, so without this it would be sent again (and an overpaid invoice refuses it).
 */
const NOTE_KEY: Readonly<Record<string, { party: string }>> = {
  Payment: { party: "CustomerRef" },
  BillPayment: { party: "VendorRef" },
};
const CHUNK = 40;

/**
 * Before creating, finds QBO objects that already stand for the records: a customer with the same
 * DisplayName (QBO would refuse a duplicate with 6240), an item or class with the same Name, an
 * invoice or journal entry with our deterministic DocNumber (a create whose response was lost before a crash). They
 * are adopted as links whose base is the found object, so the next plan updates only what differs.
 */
export async function adoptExisting(
  gateway: QuickBooksGateway,
  target: QuickBooksTarget,
  creates: readonly SyncOperation[],
): Promise<SyncLinkWrite[]> {
  const adopted: SyncLinkWrite[] = [];
  const byEntity = new Map<string, SyncOperation[]>();
  for (const op of creates) {
    const key = NATURAL_KEY[op.entityType];
    if (op.kind !== "create" || !key || typeof op.body[key.field] !== "string") continue;
    byEntity.set(op.entityType, [...(byEntity.get(op.entityType) ?? []), op]);
  }
  for (const [entityName, ops] of byEntity) {
    const { field, nameList } = NATURAL_KEY[entityName];
    for (let i = 0; i < ops.length; i += CHUNK) {
      const chunk = ops.slice(i, i + CHUNK);
      const values = chunk.map((op) => String(op.body[field]));
      const found = await gateway.query(target, {
        entityName,
        where: [
          { field, operator: "IN", value: values },
          ...(nameList ? [{ field: "Active", operator: "IN" as const, value: [true, false] }] : []),
        ],
      });
      const byValue = new Map(found.map((o) => [String(o[field]).toLowerCase(), o]));
      for (const op of chunk) {
        const match = byValue.get(String(op.body[field]).toLowerCase());
        if (!match || typeof match.Id !== "string") continue;
        const base = Object.fromEntries(
          Object.keys(op.body).map((k) => [k, match[k]]).filter(([, v]) => v !== undefined),
        );
        adopted.push({
          recordId: op.recordId,
          entityType: op.entityType as SyncLinkWrite["entityType"],
          qboId: match.Id,
          syncToken: String(match.SyncToken ?? "0"),
          fingerprint: "adopted",
          baseSnapshot: base,
          // An inactive name is reactivated by the next sparse update when the record is active.
          state: "active",
          recordVersion: typeof op.version === "number" ? op.version : null,
        });
      }
    }
  }
  adopted.push(...await adoptByNote(gateway, target, creates));
  return adopted;
}

async function adoptByNote(
  gateway: QuickBooksGateway,
  target: QuickBooksTarget,
  creates: readonly SyncOperation[],
): Promise<SyncLinkWrite[]> {
  const adopted: SyncLinkWrite[] = [];
  for (const [entityName, { party }] of Object.entries(NOTE_KEY)) {
    const ops = creates.filter((op) =>
      op.kind === "create" && op.entityType === entityName && typeof op.body.PrivateNote === "string" &&
      typeof (op.body[party] as { value?: unknown } | undefined)?.value === "string"
    );
    const parties = [...new Set(ops.map((op) => (op.body[party] as { value: string }).value))];
    for (let i = 0; i < parties.length; i += CHUNK) {
      const found = await gateway.query(target, {
        entityName,
        where: [{ field: party, operator: "IN", value: parties.slice(i, i + CHUNK) }],
      });
      const byNote = new Map(
        found.map((o) => [`${(o[party] as { value?: unknown })?.value}|${o.PrivateNote}`, o]),
      );
      for (const op of ops) {
        const key = `${(op.body[party] as { value: string }).value}|${op.body.PrivateNote}`;
        const match = byNote.get(key);
        if (!match || typeof match.Id !== "string") continue;
        byNote.delete(key); // one object for one record
        adopted.push({
          recordId: op.recordId,
          entityType: op.entityType as SyncLinkWrite["entityType"],
          qboId: match.Id,
          syncToken: String(match.SyncToken ?? "0"),
          fingerprint: "adopted",
          baseSnapshot: Object.fromEntries(
            Object.keys(op.body).map((k) => [k, match[k]]).filter(([, v]) => v !== undefined),
          ),
          state: "active",
          recordVersion: typeof op.version === "number" ? op.version : null,
        });
      }
    }
  }
  return adopted;
}
