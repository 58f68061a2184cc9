import { DomainError } from "../../errors.ts";
import type { Charge, ChargeType } from "../../model/estatecore/charge.ts";
import type { QboPayload } from "../../model/quickbooks/qbo_payload.ts";
import { CHARGE_ITEM_NAMES, resolveItem } from "../charge_items.ts";
import { buildCustomFields } from "../custom_fields.ts";
import { docNumber } from "../doc_numbers.ts";
import { DependencyCollector, mapped, type MappingResult } from "../mapping_result.ts";
import type { ResolutionContext } from "../resolution_context.ts";
import { renderTemplate } from "../text_template.ts";
import { groupChargesIntoInvoices } from "./invoice_grouping.ts";
import { compact, ref } from "./qbo_refs.ts";
import { salesLine } from "./sales_line.ts";
import { trackingRefs, unitLabel } from "./tracking_refs.ts";
import { ownEntry } from "../own_entry.ts";

const LINE_ORDER: readonly ChargeType[] = [
  "rent",
  "utility",
  "pet_fee",
  "other",
  "security_deposit",
  "late_fee",
];

/**
 * The charges of one invoice (see `groupChargesIntoInvoices`) -> QBO Invoice payload.
 *
 * - Customer: the billed tenant's Customer; each line's item comes from the account mapping
 *   (`resolveItem`; a security deposit line uses the deposit item, which posts to the liability).
 * - Lines: Qty 1, UnitPrice = Amount, ServiceDate = start of the service period; ordered rent,
 *   utility, pet fee, other, security deposit, then by service date and charge id.
 * - Tracking: ClassRef on each line (class), DepartmentRef on the header (location), or nothing
 *   (parent customer); the unit in the line description when units are tracked that way.
 * - TxnDate and DueDate: the earliest due date; DocNumber deterministic (<= 21 characters);
 *   PrivateNote lists the EstateCore lease, period and charge ids; CustomerMemo and legacy custom
 *   fields from the org's rules.
 *
 * Throws VALIDATION_FAILED when the charges do not form one invoice, QB006 on a missing account
 * mapping; answers missing dependencies (customer, class, department, items) as a result.
 *
 * @example
 * ```ts
 * mapChargesToInvoice([rentMarch], ctx);
 * // { ok: true, value: { CustomerRef: { value: "58" }, Line: [{ Amount: 1500, ... }], DocNumber: "R202603-...", ... } }
 * ```
 */
export function mapChargesToInvoice(
  charges: readonly Charge[],
  ctx: ResolutionContext,
): MappingResult<QboPayload> {
  const group = singleGroup(charges);
  const first = group.charges[0];
  for (const charge of group.charges) {
    if (charge.amount.currency !== ctx.settings.currency) {
      throw new DomainError("VALIDATION_FAILED", `Charge ${charge.id} is in ${charge.amount.currency}`, {
        field: "amount.currency",
        charge_id: charge.id,
        expected: ctx.settings.currency,
      });
    }
  }
  const deps = new DependencyCollector();
  const customerId = deps.require(
    "Customer",
    "tenant",
    first.tenant_id,
    ownEntry(ctx.links.customers, first.tenant_id),
  );
  const tracking = trackingRefs(ctx, deps, first.property_id, first.unit_id);
  const lines = sortedCharges(group.charges).map((charge) => {
    const item = resolveItem(ctx.accounts, charge.property_id, charge.type);
    const itemId = deps.require("Item", "item", item.name, ownEntry(ctx.links.items, item.name));
    return salesLine({
      amountCents: charge.amount.cents,
      itemId,
      serviceDate: charge.service_period.start,
      description: lineDescription(charge, ctx),
      classRef: tracking.lineClass,
    });
  });
  if (deps.hasMissing()) return deps.failure();

  const dueDate = group.charges.map((c) => c.due_date).reduce((a, b) => a < b ? a : b);
  const values = invoicePlaceholders(first, ctx);
  const memo = ctx.rules.invoice_memo_template === undefined
    ? undefined
    : renderTemplate(ctx.rules.invoice_memo_template, values);
  const customFields = buildCustomFields(ctx.rules.custom_fields, values);
  return mapped(compact({
    CustomerRef: ref(customerId),
    TxnDate: dueDate,
    DueDate: dueDate,
    DocNumber: docNumber(group.kind, first.billing_period, group.key),
    DepartmentRef: tracking.headerDepartment,
    Line: lines,
    PrivateNote: privateNote(group.charges),
    CustomerMemo: memo === undefined || memo === "" ? undefined : { value: memo.slice(0, 1000) },
    CustomField: customFields.length === 0 ? undefined : customFields,
  }));
}

function singleGroup(charges: readonly Charge[]) {
  const groups = groupChargesIntoInvoices(charges);
  if (groups.length !== 1 || groups[0].charges.length !== charges.length) {
    throw new DomainError("VALIDATION_FAILED", "Charges do not form exactly one invoice", {
      field: "charges",
      invoice_keys: groups.map((g) => g.key),
      charge_ids: charges.map((c) => c.id),
    });
  }
  return groups[0];
}

function sortedCharges(charges: readonly Charge[]): Charge[] {
  return [...charges].sort((a, b) =>
    LINE_ORDER.indexOf(a.type) - LINE_ORDER.indexOf(b.type) ||
    (a.service_period.start < b.service_period.start
      ? -1
      : a.service_period.start > b.service_period.start
      ? 1
      : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

function lineDescription(charge: Charge, ctx: ResolutionContext): string {
  const base = charge.description ??
    `${CHARGE_ITEM_NAMES[charge.type]} ${charge.service_period.start} to ${charge.service_period.end}`;
  const unit = unitLabel(ctx, charge.unit_id);
  return (unit === undefined ? base : `${base}, ${unit}`).slice(0, 4000);
}

function privateNote(charges: readonly Charge[]): string {
  const first = charges[0];
  const ids = charges.map((c) => c.id).sort().join(", ");
  return `EstateCore lease ${first.lease_id}, period ${first.billing_period}, charges ${ids}`.slice(0, 4000);
}

/**
 * The placeholder values an invoice's memo and custom fields can use.
 *
 * @example
 * ```ts
 * invoicePlaceholders(rentMarch, ctx).billing_period; // "2026-03"
 * ```
 */
export function invoicePlaceholders(
  charge: Charge,
  ctx: ResolutionContext,
): Record<string, string | undefined> {
  const tenant = ownEntry(ctx.tenants, charge.tenant_id);
  return {
    first_name: tenant?.first_name,
    last_name: tenant?.last_name,
    property_name: ownEntry(ctx.properties, charge.property_id)?.name,
    unit_number: charge.unit_id === undefined ? undefined : ownEntry(ctx.units, charge.unit_id)?.unit_number,
    tenant_id: charge.tenant_id,
    lease_id: charge.lease_id,
    billing_period: charge.billing_period,
  };
}
