import type { WebhookEvent, WebhookOperation } from "../../../domain/ports/webhook_inbox.ts";
import type { z } from "zod";
import type { cloudEventSchema, legacyPayloadSchema } from "./webhook_payload_schemas.ts";

/** Entities QBO sends webhooks for, by lower-case name (CloudEvents types are lower-case). */
const ENTITY_NAMES = new Map(
  [
    "Account",
    "Bill",
    "BillPayment",
    "Budget",
    "Class",
    "CreditMemo",
    "Currency",
    "Customer",
    "Department",
    "Deposit",
    "Employee",
    "Estimate",
    "Invoice",
    "Item",
    "JournalCode",
    "JournalEntry",
    "Payment",
    "PaymentMethod",
    "Preferences",
    "Purchase",
    "PurchaseOrder",
    "RefundReceipt",
    "SalesReceipt",
    "TaxAgency",
    "Term",
    "TimeActivity",
    "Transfer",
    "Vendor",
    "VendorCredit",
  ].map((name) => [name.toLowerCase(), name]),
);

const LEGACY_OPERATIONS: ReadonlySet<string> = new Set([
  "Create",
  "Update",
  "Delete",
  "Merge",
  "Void",
  "Emailed",
]);

const CLOUD_VERBS: Readonly<Record<string, WebhookOperation>> = {
  created: "Create",
  updated: "Update",
  deleted: "Delete",
  merged: "Merge",
  voided: "Void",
  emailed: "Emailed",
};

/** Legacy events have no id; their identity is what they describe, hashed (stable across retries). */
export async function fromLegacy(payload: z.infer<typeof legacyPayloadSchema>): Promise<WebhookEvent[]> {
  const events: WebhookEvent[] = [];
  for (const notification of payload.eventNotifications) {
    for (const entity of notification.dataChangeEvent.entities) {
      const occurredAt = parseInstant(entity.lastUpdated);
      if (!LEGACY_OPERATIONS.has(entity.operation) || occurredAt === null) continue;
      const identity = [
        "legacy",
        notification.realmId,
        entity.name,
        entity.id,
        entity.operation,
        entity.lastUpdated,
      ];
      events.push({
        dedupKey: await sha256Hex(identity.join("\u0000")),
        realmId: notification.realmId,
        entityName: ENTITY_NAMES.get(entity.name.toLowerCase()) ?? entity.name,
        entityId: entity.id,
        operation: entity.operation as WebhookOperation,
        occurredAt,
        deletedId: entity.deletedId ?? null,
        format: "legacy",
      });
    }
  }
  return events;
}

/** CloudEvents carry a stable `id`; `type` is `qbo.<entity>.<verb>.v1`. */
export function fromCloudEvent(event: z.infer<typeof cloudEventSchema>): WebhookEvent | null {
  const [, entity, verb] = event.type.split(".");
  const operation = CLOUD_VERBS[verb];
  const occurredAt = parseInstant(event.time);
  if (!operation || occurredAt === null) return null;
  return {
    dedupKey: `ce:${event.id}`,
    realmId: event.intuitaccountid,
    entityName: ENTITY_NAMES.get(entity) ?? entity.charAt(0).toUpperCase() + entity.slice(1),
    entityId: event.intuitentityid,
    operation,
    occurredAt,
    deletedId: typeof event.data?.deletedid === "string" ? event.data.deletedid : null,
    format: "cloudevents",
  };
}

/** Accepts ISO-8601 with `Z`, `+hh:mm` or Intuit's `-0700` offsets. */
function parseInstant(text: string): Date | null {
  const normalized = text.replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
  const at = new Date(normalized);
  return Number.isNaN(at.getTime()) ? null : at;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
