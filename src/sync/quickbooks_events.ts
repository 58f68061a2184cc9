import type { EventData, EventType } from "../../domain/events/catalogue.ts";
import type { NewSyncEvent } from "../../domain/ports/pull_state.ts";
import { decimalToCents } from "../../domain/shared/money.ts";

/** An outbound event to emit: its type and payload. */
export type Announcement = { [T in EventType]: { readonly type: T; readonly data: EventData<T> } }[EventType];

/**
 * The outbound event for a QuickBooks-side fact the pull logged (`GET /sync/events`), or null for
 * facts that have none of their own: a payment entered in QuickBooks, an invoice voided there, an
 * object edited, or deleted (merged away). `currency` is the organization's (QuickBooks amounts
 * carry none of their own in the change).
 *
 * @example
 * ```ts
 * quickbooksAnnouncement({ event: "quickbooks.deleted", entityType: "Customer", qboId: "58",
 *   realmId: "9341", recordType: "tenant", recordIds: ["t1"], details: {} } as never, "USD")?.type;
 * // "quickbooks.record.deleted"
 * ```
 */
export function quickbooksAnnouncement(event: NewSyncEvent, currency: string): Announcement | null {
  const ref = { record_type: event.recordType, record_id: event.recordIds[0] ?? null };
  const link = `/qbo/${event.entityType}/${event.qboId}?realm_id=${event.realmId}`;
  const object = { realm_id: event.realmId, entity: event.entityType, qbo_id: event.qboId, ...ref, link };
  switch (event.event) {
    case "quickbooks.payment_entered": {
      const total = event.details.total;
      return {
        type: "quickbooks.payment.received",
        data: {
          realm_id: event.realmId,
          qbo_id: event.qboId,
          customer_qbo_id: typeof event.details.customer_qbo_id === "string"
            ? event.details.customer_qbo_id
            : null,
          tenant_id: typeof event.details.tenant_id === "string" ? event.details.tenant_id : null,
          amount_cents: typeof total === "number" || typeof total === "string" ? decimalToCents(total) : 0,
          currency,
          txn_date: typeof event.details.txn_date === "string" ? event.details.txn_date : null,
          link,
        },
      };
    }
    case "quickbooks.voided":
      return event.entityType === "Invoice"
        ? {
          type: "quickbooks.invoice.voided",
          data: { realm_id: event.realmId, qbo_id: event.qboId, ...ref, link },
        }
        : { type: "quickbooks.record.edited", data: { ...object, fields: ["voided"] } };
    case "quickbooks.deleted":
    case "quickbooks.merged":
      return { type: "quickbooks.record.deleted", data: object };
    case "quickbooks.edited": {
      const fields = event.details.fields;
      return {
        type: "quickbooks.record.edited",
        data: { ...object, fields: fields && typeof fields === "object" ? Object.keys(fields).sort() : [] },
      };
    }
    default:
      return null;
  }
}
