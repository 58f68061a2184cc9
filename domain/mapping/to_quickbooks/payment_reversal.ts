import { DomainError } from "../../errors.ts";
import type { Payment } from "../../model/estatecore/payment.ts";
import type { DesiredQboObject } from "../../model/quickbooks/qbo_payload.ts";
import { resolveItem } from "../charge_items.ts";
import { docNumber } from "../doc_numbers.ts";
import { DependencyCollector, mapped, type MappingResult } from "../mapping_result.ts";
import type { ResolutionContext } from "../resolution_context.ts";
import { compact, ref } from "./qbo_refs.ts";
import { salesLine } from "./sales_line.ts";
import { trackingRefs } from "./tracking_refs.ts";
import { ownEntry } from "../own_entry.ts";

/** Voiding a QBO Payment: the adapter sends `payload` with the void operation of the entity. */
export interface VoidOperation {
  readonly action: "void";
  readonly entity: "Payment";
  readonly payload: { Id: string; SyncToken: string; sparse: true };
}

/** What a returned (NSF) or cancelled payment becomes in QBO. */
export interface PaymentReversal {
  readonly void: VoidOperation;
  /** The NSF fee invoice, when the payment was returned and a fee is charged. */
  readonly nsfFeeInvoice?: DesiredQboObject;
}

/**
 * A returned (NSF) or voided payment -> void of its QBO Payment (the invoices it paid reopen, so
 * the tenant owes the rent again) plus, for a returned payment with `nsf_fee`, an invoice for the
 * fee on the "other" charge item, dated the return date, with its own deterministic DocNumber.
 *
 * @example
 * ```ts
 * mapPaymentReversal({ ...payment, status: "returned", returned_on: "2026-03-09", nsf_fee: usd(3_500) }, ctx);
 * // { ok: true, value: { void: { action: "void", entity: "Payment", payload: { Id: "140", SyncToken: "0", sparse: true } },
 * //   nsfFeeInvoice: { entity: "Invoice", key: "nsf_fee", payload: { ... Amount: 35 ... } } } }
 * ```
 */
export function mapPaymentReversal(payment: Payment, ctx: ResolutionContext): MappingResult<PaymentReversal> {
  if (payment.status !== "returned" && payment.status !== "void") {
    throw new DomainError("VALIDATION_FAILED", `Payment ${payment.id} is ${payment.status}, not reversed`, {
      field: "status",
      payment_id: payment.id,
    });
  }
  const deps = new DependencyCollector();
  const linked = ownEntry(ctx.links.payments, payment.id);
  deps.require("Payment", "payment", payment.id, linked?.id);
  const fee = payment.status === "returned" && payment.nsf_fee !== undefined && payment.nsf_fee.cents > 0
    ? payment.nsf_fee
    : undefined;
  let nsfFeeInvoice: DesiredQboObject | undefined;
  if (fee !== undefined) {
    const customerId = deps.require(
      "Customer",
      "tenant",
      payment.tenant_id,
      ownEntry(ctx.links.customers, payment.tenant_id),
    );
    const item = resolveItem(ctx.accounts, payment.property_id, "other");
    const itemId = deps.require("Item", "item", item.name, ownEntry(ctx.links.items, item.name));
    const tracking = trackingRefs(ctx, deps, payment.property_id, undefined);
    const date = payment.returned_on ?? payment.date;
    nsfFeeInvoice = {
      entity: "Invoice",
      key: "nsf_fee",
      payload: compact({
        CustomerRef: ref(customerId),
        TxnDate: date,
        DueDate: date,
        DocNumber: docNumber("nsf_fee_invoice", date, payment.id),
        DepartmentRef: tracking.headerDepartment,
        Line: [salesLine({
          amountCents: fee.cents,
          itemId,
          serviceDate: date,
          description: `Returned payment fee (NSF), payment of ${payment.date}${
            payment.reference ? ` ref ${payment.reference}` : ""
          }`,
          classRef: tracking.lineClass,
        })],
        PrivateNote: `EstateCore NSF fee for payment ${payment.id}`,
      }),
    };
  }
  if (deps.hasMissing() || linked === undefined) return deps.failure();
  return mapped({
    void: {
      action: "void",
      entity: "Payment",
      payload: { Id: linked.id, SyncToken: linked.syncToken, sparse: true },
    },
    ...(nsfFeeInvoice === undefined ? {} : { nsfFeeInvoice }),
  });
}
