import type { CompanyOperations, Doc } from "../../../../adapters/quickbooks-emulator/accounting/mod.ts";
import { createCompanyStore } from "../../../../adapters/quickbooks-emulator/accounting/mod.ts";
import { TestClock } from "./accounting_harness.ts";

/**
 * Rebuilds, in an emulator company, the Intuit sample sandbox the recorded fixtures were taken
 * from: the recorded customers, vendors, employees, sales receipts, estimates and invoices are
 * created through the ordinary API with the same Ids (QBO's shared person and transaction id
 * sequences; gaps are filled with objects that are then deactivated or deleted) and the same
 * SyncTokens, so recorded requests can be replayed unchanged.
 */
export const RECORDED_DIR = new URL("../../../../../shared/fixtures/quickbooks-recorded/", import.meta.url);

export interface RecordedFixture {
  readonly request: { method: string; uri: string; body: string };
  readonly status: number;
  readonly response: Doc;
}

export function readFixture(name: string): RecordedFixture {
  return JSON.parse(Deno.readTextFileSync(new URL(name, RECORDED_DIR)));
}

const SYSTEM = ["Id", "SyncToken", "MetaData", "domain", "sparse"];

function writable(doc: Doc): Doc {
  const copy = structuredClone(doc);
  for (const f of SYSTEM) delete copy[f];
  return copy;
}

function rowsOf(fixture: string, entity: string): Doc[] {
  return (readFixture(fixture).response.QueryResponse as Doc)[entity] as Doc[];
}

function objectOf(fixture: string, entity: string): Doc {
  return readFixture(fixture).response[entity] as Doc;
}

/** Objects as they stood before the recorded writes (single reads win over later list reads). */
function recordedObjects(): { persons: Map<number, [string, Doc]>; txns: Map<number, [string, Doc]> } {
  const persons = new Map<number, [string, Doc]>();
  const txns = new Map<number, [string, Doc]>();
  const add = (map: Map<number, [string, Doc]>, entity: string, doc: Doc) =>
    map.set(Number(doc.Id), [entity, doc]);
  for (const c of rowsOf("error__400__0.json", "Customer")) add(persons, "Customer", c);
  for (const v of rowsOf("get__inactive_vendors__0.json", "Vendor")) add(persons, "Vendor", v);
  for (const e of rowsOf("all__employees_including_active__1.json", "Employee")) add(persons, "Employee", e);
  add(persons, "Customer", objectOf("update__customer__0.json", "Customer"));
  for (const s of rowsOf("all__sales_receipts__0.json", "SalesReceipt")) add(txns, "SalesReceipt", s);
  add(txns, "SalesReceipt", objectOf("update__sales_receipt__0.json", "SalesReceipt"));
  const cdc = readFixture("cdc__basic__0.json").response.CDCResponse as Doc[];
  for (const e of ((cdc[0].QueryResponse as Doc[])[0].Estimate as Doc[])) add(txns, "Estimate", e);
  add(txns, "Invoice", objectOf("void__invoice__0.json", "Invoice"));
  add(txns, "Invoice", objectOf("delete__invoice__0.json", "Invoice"));
  return { persons, txns };
}

function bumpSyncToken(ops: CompanyOperations, entity: string, id: string, target: number): void {
  let doc = ops.read(entity, id);
  while (Number(doc.SyncToken) < target) {
    doc = ops.update(entity, { Id: id, SyncToken: doc.SyncToken, sparse: true });
  }
}

function expectId(doc: Doc, id: number): void {
  if (Number(doc.Id) !== id) throw new RangeError(`sandbox id drift: wanted ${id}, got ${doc.Id}`);
}

/**
 * A fresh emulator company holding the recorded sandbox; the clock sits at the recording time.
 * `omit` leaves out objects a replayed request is about to create itself (their Ids become gaps);
 * `invoices` fills transaction-id gaps with a one-line invoice for customer 1 instead (objects a
 * recorded request refers to but no recording shows, such as the invoice 75 attachments link to).
 */
export function recordedSandbox(
  omit: { persons?: readonly number[]; txns?: readonly number[] } = {},
  fill: { invoices?: readonly number[] } = {},
) {
  const clock = new TestClock("2020-09-29T12:58:00Z");
  const companies = createCompanyStore({ clock });
  const { realmId } = companies.createCompany({ companyName: "Sandbox Company_US_1" });
  const ops = companies.operations(realmId)!;
  const undeposited = ops.state.listNameOwner("Account", "Undeposited Funds")!;
  const { persons, txns } = recordedObjects();

  const termIds = [...persons.values()].map(([, doc]) =>
    Number((doc.TermRef as Doc | undefined)?.value ?? 0)
  );
  while (ops.state.list("Term").length < Math.max(...termIds)) {
    ops.create("Term", { Name: `Sample term ${ops.state.list("Term").length + 1}`, DueDays: 15 });
  }
  const maxPerson = Math.max(...persons.keys());
  for (let id = 1; id <= maxPerson; id++) {
    const recorded = omit.persons?.includes(id) ? undefined : persons.get(id);
    if (!recorded) {
      const filler = ops.create("Customer", { DisplayName: `Sandbox filler ${id}` });
      expectId(filler, id);
      ops.update("Customer", { Id: filler.Id, SyncToken: filler.SyncToken, sparse: true, Active: false });
      continue;
    }
    const [entity, doc] = recorded;
    const body = writable(doc);
    const parent = (body.ParentRef as Doc | undefined)?.value;
    if (parent !== undefined && !ops.state.get("Customer", String(parent))) delete body.ParentRef;
    const created = ops.create(entity, body);
    expectId(created, id);
    bumpSyncToken(ops, entity, created.Id as string, Number(doc.SyncToken));
  }

  const itemIds = [...txns.values()].flatMap(([, doc]) =>
    ((doc.Line as Doc[]) ?? []).map((l) =>
      Number(((l.SalesItemLineDetail as Doc | undefined)?.ItemRef as Doc | undefined)?.value ?? 0)
    )
  );
  const services = ops.state.listNameOwner("Account", "Services")!;
  while (ops.state.list("Item").length < Math.max(...itemIds)) {
    ops.create("Item", {
      Name: `Sample item ${ops.state.list("Item").length + 1}`,
      Type: "Service",
      IncomeAccountRef: { value: services },
    });
  }

  const maxTxn = Math.max(...txns.keys());
  for (let id = 1; id <= maxTxn; id++) {
    const recorded = omit.txns?.includes(id) ? undefined : txns.get(id);
    if (!recorded && fill.invoices?.includes(id)) {
      const invoice = ops.create("Invoice", {
        CustomerRef: { value: "1" },
        Line: [{ Amount: 1, DetailType: "SalesItemLineDetail", SalesItemLineDetail: {} }],
      }, { allowDuplicateDocNumber: true });
      expectId(invoice, id);
      continue;
    }
    if (!recorded) {
      const filler = ops.create("Estimate", {
        CustomerRef: { value: "1" },
        Line: [{ Amount: 1, DetailType: "SalesItemLineDetail", SalesItemLineDetail: {} }],
      });
      expectId(filler, id);
      ops.delete("Estimate", { Id: filler.Id, SyncToken: filler.SyncToken });
      continue;
    }
    const [entity, doc] = recorded;
    const body = writable(doc);
    if (body.DepositToAccountRef) body.DepositToAccountRef = { value: undeposited };
    for (const line of (body.Line as Doc[]) ?? []) {
      if (line.DiscountLineDetail) delete (line.DiscountLineDetail as Doc).DiscountAccountRef;
    }
    const created = ops.create(entity, body, { allowDuplicateDocNumber: true });
    expectId(created, id);
    bumpSyncToken(ops, entity, created.Id as string, Number(doc.SyncToken));
  }

  const accountFive = ops.read("Account", "5");
  bumpSyncToken(ops, "Account", String(accountFive.Id), 1);
  return { clock, companies, realmId, ops };
}
