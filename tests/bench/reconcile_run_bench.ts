/**
 * Reconciliation through the use case's mapping: 100,000 records per side built from desired
 * records (what the push would write) and from QBO-shaped objects (what the queries return), mapped
 * into EstateCore ids through 100,000 links, then reconciled. Prints the measured figure.
 * Run: npx -y deno@2.9.6 bench --allow-all tests/bench/reconcile_run_bench.ts
 */
import { estatecoreLedger } from "../../domain/reconciliation/ledger_from_estatecore.ts";
import { quickbooksLedger } from "../../domain/reconciliation/ledger_from_quickbooks.ts";
import { reconcileLedgers } from "../../domain/reconciliation/reconcile_ledgers.ts";
import { reconciliationDirectory } from "../../domain/reconciliation/reconciliation_directory.ts";
import type { DesiredRecord, SyncLink } from "../../domain/sync/sync_record.ts";
import { emptyPortfolio } from "../../domain/sync_engine/portfolio.ts";

const SIZE = 100_000;
const TENANTS = 20_000;
const period = { from: "2024-01-01", to: "2026-12-31" };

function build() {
  const desired: DesiredRecord[] = [];
  const links: SyncLink[] = [];
  const objects: { entityName: string; object: Record<string, unknown> }[] = [];
  const link = (entityType: SyncLink["entityType"], recordId: string, qboId: string, base = {}) =>
    links.push({
      entityType,
      recordId,
      qboId,
      syncToken: "0",
      fingerprint: "",
      baseSnapshot: base,
      state: "active",
    });
  for (let t = 0; t < TENANTS; t++) link("Customer", `ten_${t}`, `c${t}`);
  link("Item", "item:Rent", "i1");
  link("Item", "item:Security Deposit", "i2");
  for (let i = 0; i < SIZE; i++) {
    const date = new Date(Date.UTC(2024, 0, 1 + (i % 900))).toISOString().slice(0, 10);
    const customer = { value: `c${i % TENANTS}` };
    const isPayment = i % 3 === 2;
    const amount = 1000 + (i % 500);
    const payload = isPayment
      ? { CustomerRef: customer, TotalAmt: amount, TxnDate: date, PaymentRefNum: `P${i}` }
      : {
        CustomerRef: customer,
        TxnDate: date,
        DocNumber: `R${i}`,
        Line: [{
          Amount: amount,
          DetailType: "SalesItemLineDetail",
          SalesItemLineDetail: { ItemRef: { value: "i1" } },
        }],
      };
    const entityType = isPayment ? "Payment" : "Invoice";
    desired.push({ entityType, recordId: `r${i}`, version: 1, state: "active", payload });
    link(entityType, `r${i}`, `q${i}`, payload);
    const edited = i % 1000 === 1 ? { ...payload, TotalAmt: amount + 1 } : payload;
    objects.push({ entityName: entityType, object: { ...edited, Id: `q${i}`, SyncToken: "0" } });
  }
  return { desired, links, objects };
}

const { desired, links, objects } = build();
const books = {
  accounts: [{ Id: "a1", AccountType: "Income" }, { Id: "a2", AccountType: "Other Current Liability" }],
  items: [{ Id: "i1", IncomeAccountRef: { value: "a1" } }, { Id: "i2", IncomeAccountRef: { value: "a2" } }],
  customers: [],
  transactions: objects,
};
const runOnce = () => {
  const dir = reconciliationDirectory(links, emptyPortfolio());
  const ec = estatecoreLedger(desired, dir, period);
  const qb = quickbooksLedger(books, dir, period);
  return reconcileLedgers(ec.records, qb.records);
};
const started = performance.now();
const report = runOnce();
const seconds = (performance.now() - started) / 1000;
console.log(
  `reconcile run (map + match) ${SIZE.toLocaleString("en-US")} records per side: ${seconds.toFixed(2)} s, ` +
    `${report.discrepancies.length} discrepancies ${
      JSON.stringify(report.countsByType)
    }, score ${report.score.byCount}%`,
);
Deno.bench({
  name: `reconcile run ${SIZE.toLocaleString("en-US")} records per side`,
  n: 3,
  warmup: 1,
  fn: () => {
    runOnce();
  },
});
