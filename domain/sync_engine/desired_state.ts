import { isDomainError } from "../errors.ts";
import type { AccountMapping } from "../mapping/account_mapping.ts";
import { itemPayload, requiredItems } from "../mapping/charge_items.ts";
import { assignDisplayNames, type DisplayNameCandidate } from "../mapping/display_names.ts";
import type { MappingResult, MissingDependency } from "../mapping/mapping_result.ts";
import { guardMoney } from "../mapping/money_guard.ts";
import type { ResolutionContext } from "../mapping/resolution_context.ts";
import { mapChargesToInvoice } from "../mapping/to_quickbooks/charges_to_invoice.ts";
import {
  mapDepositApplication,
  mapDepositDisposition,
} from "../mapping/to_quickbooks/deposit_disposition_to_qbo.ts";
import {
  mapBillPayment,
  mapExpenseToBill,
  mapExpenseToPurchase,
} from "../mapping/to_quickbooks/expense_to_qbo.ts";
import { groupChargesIntoInvoices } from "../mapping/to_quickbooks/invoice_grouping.ts";
import { mapPaymentReversal } from "../mapping/to_quickbooks/payment_reversal.ts";
import { mapPaymentToQboPayment } from "../mapping/to_quickbooks/payment_to_qbo_payment.ts";
import { mapPropertyToTracking, mapUnitToTracking } from "../mapping/to_quickbooks/property_to_tracking.ts";
import {
  mapTenantToCustomer,
  tenantDisplayNameCandidate,
} from "../mapping/to_quickbooks/tenant_to_customer.ts";
import {
  mapVendorToQboVendor,
  vendorDisplayNameCandidate,
} from "../mapping/to_quickbooks/vendor_to_qbo_vendor.ts";
import type { TransformationRules } from "../mapping/transformation_rules.ts";
import type { SyncSettings } from "../ports/sync_settings_repository.ts";
import type { DesiredQboObject, QboPayload } from "../model/quickbooks/qbo_payload.ts";
import type { SyncEntityType } from "../sync/entity_order.ts";
import { fingerprint } from "../sync/fingerprint.ts";
import type { DesiredRecord, SyncLink } from "../sync/sync_record.ts";
import { linkedIdsFrom, recordIds, referenceableLinks } from "./link_index.ts";
import type { Portfolio, Versioned } from "./portfolio.ts";

/** A record the engine cannot map yet because something it references is not in QBO. */
export interface BlockedRecord {
  readonly recordType: string;
  readonly recordId: string;
  readonly missing: readonly MissingDependency[];
}

/** A record the engine cannot map at all until someone fixes it (e.g. QB006 missing mapping). */
export interface RecordError {
  readonly recordType: string;
  readonly recordId: string;
  readonly code: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface DesiredState {
  readonly desired: readonly DesiredRecord[];
  readonly blocked: readonly BlockedRecord[];
  readonly errors: readonly RecordError[];
}

export interface DesiredStateInput {
  readonly portfolio: Portfolio;
  readonly settings: SyncSettings;
  readonly accounts: AccountMapping;
  readonly rules: TransformationRules;
  readonly links: readonly SyncLink[];
}

/**
 * What QBO should hold for an organization right now, given what is already linked. Records whose
 * references are not yet in QBO are `blocked` (the engine writes what it can, then asks again);
 * records that cannot be mapped at all carry their error code. Pure: same input, same output.
 *
 * @example
 * ```ts
 * const state = buildDesiredState({ portfolio, settings, accounts, rules, links: [] });
 * state.desired.filter((d) => d.entityType === "Item").length; // one per charge item
 * state.blocked.some((b) => b.recordType === "tenant"); // false: customers need only the lists tier
 * ```
 */
export function buildDesiredState(input: DesiredStateInput): DesiredState {
  const { portfolio, settings, links } = input;
  const live = <T>(xs: readonly Versioned<T>[]) => xs.filter((x) => !x.deleted);
  const byId = <T extends { id: string }>(xs: readonly Versioned<T>[]) =>
    Object.fromEntries(live(xs).map((x) => [x.data.id, x.data]));
  const liveCharges = live(portfolio.charges).map((c) => c.data);
  const groups = groupChargesIntoInvoices(liveCharges);
  const ctx: ResolutionContext = {
    settings,
    accounts: input.accounts,
    rules: input.rules,
    properties: byId(portfolio.properties),
    units: byId(portfolio.units),
    tenants: byId(portfolio.tenants),
    links: linkedIdsFrom(referenceableLinks(links, portfolio), groups),
  };
  const out = new Collector(settings.currency);
  const linkByKey = new Map(links.map((l) => [`${l.entityType}/${l.recordId}`, l]));

  // Lists: items from the account mapping, tracking objects for properties and units.
  out.attempt("mapping", "items", () => {
    const propertyIds = live(portfolio.properties).map((p) => p.data.id);
    for (const spec of requiredItems(input.accounts, propertyIds)) {
      const payload = itemPayload(spec) as unknown as QboPayload;
      out.add("Item", recordIds.item(spec.name), fingerprint(payload), payload);
    }
  });
  for (const p of portfolio.properties) {
    out.attempt("property", p.data.id, () => {
      const obj = mapPropertyToTracking(p.data, { settings });
      const id = obj.entity === "Customer" ? recordIds.propertyCustomer(p.data.id) : p.data.id;
      out.add(obj.entity, id, p.version, obj.payload, p.deleted ? "deleted" : "active");
    });
  }
  for (const u of portfolio.units) {
    out.attempt(
      "unit",
      u.data.id,
      () =>
        out.fromResult("unit", u.data.id, mapUnitToTracking(u.data, ctx), (obj) => {
          if (obj) out.add(obj.entity, u.data.id, u.version, obj.payload, u.deleted ? "deleted" : "active");
        }),
    );
  }

  // Names: tenants and vendors share QBO's DisplayName namespace; names already in QBO stay pinned.
  const candidates: DisplayNameCandidate[] = [
    ...portfolio.tenants.map((t) =>
      tenantDisplayNameCandidate(t.data, ctx, pinnedName(linkByKey.get(`Customer/${t.data.id}`)))
    ),
    ...portfolio.vendors.map((v) => ({
      ...vendorDisplayNameCandidate(v.data, pinnedName(linkByKey.get(`Vendor/${v.data.id}`))),
      id: `vendor:${v.data.id}`,
    })),
  ];
  const names = stableDisplayNames(candidates);
  for (const t of portfolio.tenants) {
    out.attempt(
      "tenant",
      t.data.id,
      () =>
        out.fromResult(
          "tenant",
          t.data.id,
          mapTenantToCustomer(t.data, names.get(t.data.id)!, ctx),
          (payload) => out.add("Customer", t.data.id, t.version, payload, t.deleted ? "deleted" : "active"),
        ),
    );
  }
  for (const v of portfolio.vendors) {
    out.attempt("vendor", v.data.id, () => {
      const payload = mapVendorToQboVendor(v.data, names.get(`vendor:${v.data.id}`)!);
      out.add("Vendor", v.data.id, v.version, payload, v.deleted ? "deleted" : "active");
    });
  }

  // Transactions: one invoice per charge group; groups whose charges are all gone are voided.
  const chargeVersions = new Map(portfolio.charges.map((c) => [c.data.id, c.version]));
  const groupIds = new Set<string>();
  for (const group of groups) {
    const id = recordIds.invoice(group.key);
    groupIds.add(id);
    const version = fingerprint(
      Object.fromEntries(group.charges.map((c) => [c.id, chargeVersions.get(c.id) ?? 0])),
    );
    out.attempt(
      "charge",
      group.charges[0].id,
      () =>
        out.fromResult(
          "charge",
          group.charges[0].id,
          mapChargesToInvoice(group.charges, ctx),
          (payload) => out.add("Invoice", id, version, payload),
        ),
      { records: group.charges, totals: { Invoice: sum(group.charges.map((c) => c.amount.cents)) } },
    );
  }
  for (const link of links) {
    if (link.entityType === "Invoice" && link.recordId.startsWith("inv:") && !groupIds.has(link.recordId)) {
      out.add("Invoice", link.recordId, `void:${link.syncToken}`, {}, "voided");
    }
  }
  for (const e of portfolio.expenses) {
    const state = e.deleted ? "voided" as const : "active" as const;
    out.attempt(
      "expense",
      e.data.id,
      () => {
        if (e.data.settlement === "bill") {
          out.fromResult(
            "expense",
            e.data.id,
            mapExpenseToBill(e.data, ctx),
            (obj) => out.addPart(e, obj, state),
          );
          out.fromResult(
            "expense",
            e.data.id,
            mapBillPayment(e.data, ctx),
            (objs) => objs.forEach((obj) => out.addPart(e, obj, state)),
          );
        } else {
          out.fromResult(
            "expense",
            e.data.id,
            mapExpenseToPurchase(e.data, ctx),
            (obj) => out.addPart(e, obj, state),
          );
        }
      },
      e.deleted ? undefined : {
        records: [e.data],
        totals: { [e.data.settlement === "bill" ? "Bill" : "Purchase"]: e.data.amount.cents },
      },
    );
  }
  for (const d of portfolio.dispositions) {
    out.attempt("deposit_disposition", d.data.id, () => {
      out.fromResult(
        "deposit_disposition",
        d.data.id,
        mapDepositDisposition(d.data, ctx),
        (objs) => objs.forEach((obj) => out.addPart(d, obj, "active")),
      );
      out.fromResult(
        "deposit_disposition",
        d.data.id,
        mapDepositApplication(d.data, ctx),
        (objs) => objs.forEach((obj) => out.addPart(d, obj, "active")),
      );
    }, { records: [d.data] });
  }

  // Payments: cleared/pending payments link to their invoices; returned or voided ones are voided.
  for (const p of portfolio.payments) {
    out.attempt(
      "payment",
      p.data.id,
      () => {
        if (p.deleted || p.data.status === "returned" || p.data.status === "void") {
          // A payment returned or voided before it ever reached QBO is simply not booked there.
          const linked = linkByKey.get(`Payment/${p.data.id}`);
          if (!linked) return;
          out.add("Payment", p.data.id, p.version, {}, "voided");
          if (!p.deleted && p.data.status === "returned") {
            out.fromResult("payment", p.data.id, mapPaymentReversal(p.data, ctx), (reversal) => {
              if (reversal.nsfFeeInvoice) {
                out.add("Invoice", recordIds.nsfFee(p.data.id), p.version, reversal.nsfFeeInvoice.payload);
              }
            });
          }
          return;
        }
        out.fromResult(
          "payment",
          p.data.id,
          mapPaymentToQboPayment(p.data, ctx),
          (payload) => out.add("Payment", p.data.id, p.version, payload),
        );
      },
      p.deleted || p.data.status === "returned" || p.data.status === "void"
        ? undefined
        : { records: [p.data], totals: { Payment: p.data.amount.cents } },
    );
  }
  return out.result();
}

/**
 * DisplayNames that do not depend on how far a previous, interrupted sync got: every party gets
 * the name it would get if nothing were synced yet (so "Wei Murphy" is qualified whenever another
 * Wei Murphy exists, linked or not), and a name already in QBO is kept. Only if keeping QBO's names
 * would collide does the assignment fall back to resolving around them.
 */
function stableDisplayNames(candidates: readonly DisplayNameCandidate[]): Map<string, string> {
  const natural = assignDisplayNames(candidates.map((c) => ({ ...c, pinned: undefined })));
  const names = new Map(candidates.map((c) => [c.id, c.pinned ?? natural.get(c.id)!]));
  const keys = [...names.values()].map((n) => n.toLowerCase());
  return new Set(keys).size === keys.length ? names : assignDisplayNames(candidates);
}

/** The name of a linked party QBO holds; none for one made inactive (QBO renamed it "... (deleted)"). */
function pinnedName(link: SyncLink | undefined): string | undefined {
  if (link?.state !== "active") return undefined;
  const name = link.baseSnapshot.DisplayName;
  return typeof name === "string" ? name : undefined;
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

/** The money a record's payloads must agree with (see domain/mapping/money_guard.ts). */
interface MoneyCheck {
  readonly records: readonly unknown[];
  readonly totals?: Readonly<Partial<Record<string, number>>>;
}

class Collector {
  readonly #desired: DesiredRecord[] = [];
  readonly #blocked: BlockedRecord[] = [];
  readonly #errors: RecordError[] = [];

  constructor(readonly currency: string) {}

  add(
    entityType: string,
    recordId: string,
    version: string | number,
    payload: QboPayload | Record<string, unknown>,
    state: "active" | "voided" | "deleted" = "active",
  ): void {
    this.#desired.push({ entityType: entityType as SyncEntityType, recordId, version, state, payload });
  }

  addPart(
    record: Versioned<{ id: string }>,
    obj: DesiredQboObject,
    state: "active" | "voided" | "deleted",
  ): void {
    this.add(obj.entity, recordIds.part(record.data.id, obj.key), record.version, obj.payload, state);
  }

  fromResult<T>(
    recordType: string,
    recordId: string,
    result: MappingResult<T>,
    use: (value: T) => void,
  ): void {
    if (result.ok) use(result.value);
    else this.#blocked.push({ recordType, recordId, missing: result.missing });
  }

  /**
   * Runs one record's mapping; a domain error makes the record an error and drops whatever it had
   * added, so a record is desired whole or not at all. With `money`, the payloads it added are
   * checked against the record's money before they count (QB009 otherwise).
   */
  attempt(recordType: string, recordId: string, run: () => void, money?: MoneyCheck): void {
    const [desiredBefore, blockedBefore] = [this.#desired.length, this.#blocked.length];
    try {
      run();
      if (money) {
        const added = this.#desired.slice(desiredBefore).filter((d) => d.state === "active");
        guardMoney(
          { currency: this.currency, records: money.records, totals: money.totals },
          added.map((d) => ({ entity: d.entityType, payload: d.payload as Record<string, unknown> })),
        );
      }
    } catch (error) {
      if (!isDomainError(error)) throw error;
      this.#desired.length = desiredBefore;
      this.#blocked.length = blockedBefore;
      this.#errors.push({
        recordType,
        recordId,
        code: error.code,
        message: error.message,
        details: error.details,
      });
    }
  }

  result(): DesiredState {
    return { desired: this.#desired, blocked: this.#blocked, errors: this.#errors };
  }
}
