import type { DepositDisposition } from "../../model/estatecore/deposit_disposition.ts";
import type { DesiredQboObject, QboPayload } from "../../model/quickbooks/qbo_payload.ts";
import { centsToDecimal } from "../../shared/money.ts";
import { resolveAccount } from "../account_resolution.ts";
import { docNumber } from "../doc_numbers.ts";
import { DependencyCollector, mapped, type MappingResult } from "../mapping_result.ts";
import type { ResolutionContext } from "../resolution_context.ts";
import { journalLine } from "./journal_line.ts";
import { compact, ref } from "./qbo_refs.ts";
import { trackingRefs } from "./tracking_refs.ts";
import { ownEntry } from "../own_entry.ts";

/**
 * A move-out deposit disposition -> the QBO objects that bring the tenant's deposit liability to zero:
 *
 * - `refund_check` (when a refund is due): a Purchase, PaymentType "Check", paid from the operating
 *   bank (AccountRef) to the tenant (EntityRef type Customer), one line debiting the security
 *   deposit liability for the refund, tagged with the tenant (CustomerRef, NotBillable).
 * - `deposit_journal` (when something is kept): a JournalEntry debiting the liability for damages +
 *   applied rent, crediting damage income (falls back to other income) for damages and A/R for the
 *   amount applied to unpaid rent, the tenant as the Entity of the liability and A/R lines. It
 *   balances by construction (QBO error 2300 otherwise).
 *
 * The A/R credit is then linked to the open invoices by `mapDepositApplication` once the journal
 * entry exists. Property tracking goes on the lines (ClassRef / DepartmentRef).
 *
 * @example
 * ```ts
 * mapDepositDisposition(moveOut, ctx); // $1,000 held: $600 refund, $250 damages, $150 rent
 * // { ok: true, value: [
 * //   { entity: "Purchase", key: "refund_check", payload: { PaymentType: "Check", TotalAmt: 600, ... } },
 * //   { entity: "JournalEntry", key: "deposit_journal", payload: { Line: [Dr 400, Cr 250, Cr 150] } } ] }
 * ```
 */
export function mapDepositDisposition(
  disposition: DepositDisposition,
  ctx: ResolutionContext,
): MappingResult<DesiredQboObject[]> {
  const deps = new DependencyCollector();
  const customerId = deps.require(
    "Customer",
    "tenant",
    disposition.tenant_id,
    ownEntry(ctx.links.customers, disposition.tenant_id),
  );
  const tracking = trackingRefs(ctx, deps, disposition.property_id, undefined);
  const propertyId = disposition.property_id;
  const liability = resolveAccount(ctx.accounts, propertyId, "security_deposit_liability");
  const refund = disposition.refund.cents;
  const damages = disposition.kept_for_damages.cents;
  const applied = disposition.applied_to_unpaid_rent.cents;
  const bank = refund > 0 ? resolveAccount(ctx.accounts, propertyId, "operating_bank") : "";
  const damageIncome = damages > 0 ? resolveAccount(ctx.accounts, propertyId, "damage_income") : "";
  const receivable = applied > 0 ? resolveAccount(ctx.accounts, propertyId, "accounts_receivable") : "";
  if (deps.hasMissing()) return deps.failure();

  const note = `EstateCore deposit disposition ${disposition.id}, lease ${disposition.lease_id}`;
  const objects: DesiredQboObject[] = [];
  if (refund > 0) {
    objects.push({
      entity: "Purchase",
      key: "refund_check",
      payload: compact({
        PaymentType: "Check",
        AccountRef: ref(bank),
        EntityRef: { value: customerId, type: "Customer" },
        TxnDate: disposition.date,
        DocNumber: disposition.refund_check_number ??
          docNumber("deposit_refund", disposition.date, disposition.id),
        DepartmentRef: tracking.headerDepartment,
        Line: [{
          Amount: centsToDecimal(refund),
          DetailType: "AccountBasedExpenseLineDetail",
          Description: "Security deposit refund",
          AccountBasedExpenseLineDetail: compact({
            AccountRef: ref(liability),
            CustomerRef: ref(customerId),
            BillableStatus: "NotBillable",
            ClassRef: tracking.lineClass,
          }),
        }],
        PrivateNote: note,
      }),
    });
  }
  if (damages + applied > 0) {
    const common = { classRef: tracking.lineClass, departmentRef: tracking.headerDepartment };
    const lines: QboPayload[] = [journalLine({
      ...common,
      postingType: "Debit",
      amountCents: damages + applied,
      accountId: liability,
      customerId,
      description: "Security deposit retained",
    })];
    if (damages > 0) {
      lines.push(journalLine({
        ...common,
        postingType: "Credit",
        amountCents: damages,
        accountId: damageIncome,
        description: disposition.damage_description ?? "Damages kept from security deposit",
      }));
    }
    if (applied > 0) {
      lines.push(journalLine({
        ...common,
        postingType: "Credit",
        amountCents: applied,
        accountId: receivable,
        customerId,
        description: "Security deposit applied to unpaid rent",
      }));
    }
    objects.push({
      entity: "JournalEntry",
      key: "deposit_journal",
      payload: {
        TxnDate: disposition.date,
        DocNumber: docNumber("deposit_journal", disposition.date, disposition.id),
        Line: lines,
        PrivateNote: note,
      },
    });
  }
  return mapped(objects);
}

/**
 * Links the deposit journal's A/R credit to the open invoices it pays: a QBO Payment of TotalAmt 0
 * whose lines apply the journal entry (TxnType "JournalEntry") and the invoices, per charge in
 * `applied_charges` (summed per invoice). Needs the journal entry and the invoices to be synced.
 * Answers an empty list when nothing was applied to unpaid rent.
 *
 * @example
 * ```ts
 * mapDepositApplication(moveOut, ctx);
 * // { ok: true, value: [{ entity: "Payment", key: "deposit_application", payload: { TotalAmt: 0, Line: [
 * //   { Amount: 150, LinkedTxn: [{ TxnId: "130", TxnType: "Invoice" }] },
 * //   { Amount: 150, LinkedTxn: [{ TxnId: "190", TxnType: "JournalEntry" }] }] } }] }
 * ```
 */
export function mapDepositApplication(
  disposition: DepositDisposition,
  ctx: ResolutionContext,
): MappingResult<DesiredQboObject[]> {
  if (disposition.applied_to_unpaid_rent.cents === 0) return mapped([]);
  const deps = new DependencyCollector();
  const customerId = deps.require(
    "Customer",
    "tenant",
    disposition.tenant_id,
    ownEntry(ctx.links.customers, disposition.tenant_id),
  );
  const journalId = deps.require(
    "JournalEntry",
    "deposit_disposition",
    disposition.id,
    ownEntry(ctx.links.dispositionJournals, disposition.id),
  );
  const byInvoice = new Map<string, number>();
  for (const charge of disposition.applied_charges) {
    const invoiceId = deps.require(
      "Invoice",
      "charge",
      charge.charge_id,
      ownEntry(ctx.links.invoicesByCharge, charge.charge_id),
    );
    byInvoice.set(invoiceId, (byInvoice.get(invoiceId) ?? 0) + charge.amount.cents);
  }
  if (deps.hasMissing()) return deps.failure();
  const invoiceLines = [...byInvoice].map(([id, cents]) => ({
    Amount: centsToDecimal(cents),
    LinkedTxn: [{ TxnId: id, TxnType: "Invoice" }],
  }));
  return mapped([{
    entity: "Payment",
    key: "deposit_application",
    payload: {
      CustomerRef: ref(customerId),
      TotalAmt: 0,
      TxnDate: disposition.date,
      Line: [...invoiceLines, {
        Amount: centsToDecimal(disposition.applied_to_unpaid_rent.cents),
        LinkedTxn: [{ TxnId: journalId, TxnType: "JournalEntry" }],
      }],
      PrivateNote: `EstateCore deposit disposition ${disposition.id}: deposit applied to unpaid rent`,
    },
  }]);
}
