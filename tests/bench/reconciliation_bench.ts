/**
 * Reconciliation throughput: 100,000 and 1,000,000 records per side, linked, with 0.1% planted
 * discrepancies of several kinds and 0.1% unlinked QBO records that need probable matching.
 * Run: npx -y deno@2.9.6 bench --allow-all tests/bench/reconciliation_bench.ts
 */
import { reconcileLedgers } from "../../domain/reconciliation/reconcile_ledgers.ts";
import type { LedgerRecord } from "../../domain/reconciliation/ledger_record.ts";

function buildLedgers(size: number): { estatecore: LedgerRecord[]; quickbooks: LedgerRecord[] } {
  const estatecore: LedgerRecord[] = new Array(size);
  const quickbooks: LedgerRecord[] = new Array(size);
  const kinds = ["invoice", "invoice", "payment", "deposit_liability"] as const;
  for (let i = 0; i < size; i++) {
    const date = new Date(Date.UTC(2024, 0, 1 + (i % 730))).toISOString().slice(0, 10);
    const record: LedgerRecord = {
      side: "estatecore",
      id: `e${i}`,
      kind: kinds[i % 4],
      linkedId: `q${i}`,
      customerId: `t${i % 50_000}`,
      propertyId: `p${i % 500}`,
      amountCents: 50_000 + (i % 200_000),
      date,
      docNumber: String(i),
      status: "active",
    };
    estatecore[i] = record;
    quickbooks[i] = { ...record, side: "quickbooks", id: `q${i}`, linkedId: undefined };
    if (i % 1000 === 1) quickbooks[i] = { ...quickbooks[i], amountCents: record.amountCents - 100 };
    if (i % 1000 === 2) estatecore[i] = { ...record, linkedId: undefined }; // probable match
    if (i % 1000 === 3) quickbooks[i] = { ...quickbooks[i], status: "voided" };
  }
  for (let i = 4; i < size; i += 1000) quickbooks.push({ ...quickbooks[i], id: `dup${i}` });
  return { estatecore, quickbooks };
}

for (const size of [100_000, 1_000_000]) {
  const { estatecore, quickbooks } = buildLedgers(size);
  const started = performance.now();
  const report = reconcileLedgers(estatecore, quickbooks);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `reconcileLedgers ${size.toLocaleString("en-US")} per side: ${seconds.toFixed(2)} s, ${
      Math.round((2 * size) / seconds).toLocaleString("en-US")
    } records/s, ${report.discrepancies.length} discrepancies ${
      JSON.stringify(report.countsByType)
    }, score ${report.score.byCount}% by count / ${report.score.byAmount}% by amount`,
  );
  Deno.bench({
    name: `reconcileLedgers ${size.toLocaleString("en-US")} records per side`,
    n: size >= 1_000_000 ? 2 : 5,
    warmup: 1,
    fn: () => {
      reconcileLedgers(estatecore, quickbooks);
    },
  });
}
