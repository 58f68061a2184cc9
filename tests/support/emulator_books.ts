/**
 * What a company's books hold, read from the emulator's admin API, with QBO ids replaced by the
 * names they stand for: two runs that wrote the same books compare equal, however their ids came
 * out. Duplicates show up as repeated rows, losses as missing ones.
 */
import { decimalToCents } from "../../domain/shared/money.ts";
import { browseAll, type Fetcher, type Json } from "./emulator_http.ts";

const cents = (value: unknown) => decimalToCents(Number(value ?? 0));
const sorted = <T>(rows: T[]) => rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

export async function emulatorBooks(f: Fetcher, realmId: string) {
  const all = (entity: string) => browseAll(f, realmId, entity);
  const customers = await all("Customer");
  const vendors = await all("Vendor");
  const name = new Map<string, string>([
    ...customers.map((c): [string, string] => [`Customer:${c.Id}`, String(c.DisplayName)]),
    ...vendors.map((v): [string, string] => [`Vendor:${v.Id}`, String(v.DisplayName)]),
  ]);
  const of = (entity: string, ref: Json | undefined) =>
    name.get(`${entity}:${ref?.value}`) ?? `?${ref?.value}`;
  const invoices = await all("Invoice");
  const docNumber = new Map(invoices.map((i) => [String(i.Id), String(i.DocNumber)]));
  return {
    customers: sorted(customers.map((c) => [c.DisplayName, cents(c.Balance)])),
    vendors: sorted(vendors.map((v) => [v.DisplayName, cents(v.Balance)])),
    invoices: sorted(invoices.map((i) => [
      i.DocNumber,
      of("Customer", i.CustomerRef),
      i.TxnDate,
      cents(i.TotalAmt),
      cents(i.Balance),
    ])),
    payments: sorted((await all("Payment")).map((p) => [
      of("Customer", p.CustomerRef),
      p.TxnDate,
      cents(p.TotalAmt),
      ((p.Line ?? []) as Json[]).flatMap((l) =>
        ((l.LinkedTxn ?? []) as Json[]).map((t) =>
          t.TxnType === "Invoice" ? docNumber.get(String(t.TxnId)) : String(t.TxnType)
        )
      ).sort(),
    ])),
    bills: sorted((await all("Bill")).map((b) => [
      b.DocNumber,
      of("Vendor", b.VendorRef),
      b.TxnDate,
      cents(b.TotalAmt),
      cents(b.Balance),
    ])),
    billPayments: sorted(
      (await all("BillPayment")).map((b) => [of("Vendor", b.VendorRef), b.TxnDate, cents(b.TotalAmt)]),
    ),
    journalEntries: sorted(
      (await all("JournalEntry")).map((j) => [j.DocNumber ?? null, j.TxnDate, (j.Line as Json[]).length]),
    ),
    deposits: sorted((await all("Deposit")).map((d) => [d.TxnDate, cents(d.TotalAmt)])),
    classes: (await all("Class")).map((c) => String(c.Name)).sort(),
    items: (await all("Item")).map((i) => String(i.Name)).sort(),
  };
}
