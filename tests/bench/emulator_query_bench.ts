import { parseQuery } from "../../adapters/quickbooks-emulator/query/query_parser.ts";
import { runQuery } from "../../adapters/quickbooks-emulator/query/query_evaluator.ts";

/**
 * Query evaluation over 100,000 stored objects: the budget is well under a second per query.
 * Run: npx -y deno@2.9.6 bench -A tests/bench/emulator_query_bench.ts
 */
const ROWS = 100_000;

/** Deterministic pseudo-random sequence (no Math.random in fixtures). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const next = lcg(42);
const invoices = Array.from({ length: ROWS }, (_, i) => {
  const day = 1 + Math.floor(next() * 28);
  const month = 1 + Math.floor(next() * 12);
  const date = `2025-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  return {
    Id: String(ROWS - i),
    DocNumber: `INV-${i}`,
    TxnDate: date,
    TotalAmt: Math.round(next() * 500_000) / 100,
    CustomerRef: { value: String(1 + Math.floor(next() * 500)) },
    MetaData: { CreateTime: `${date}T10:00:00-07:00`, LastUpdatedTime: `${date}T12:00:00-07:00` },
  };
});
const customers = invoices.map((inv, i) => ({
  Id: inv.Id,
  DisplayName: `Tenant ${i} ${i % 7 === 0 ? "O'Brien" : "Smith"}`,
  Active: i % 10 !== 0,
  Balance: inv.TotalAmt,
  MetaData: inv.MetaData,
}));

const cases: [string, string, Record<string, unknown>[]][] = [
  ["default order, first page", "SELECT * FROM Invoice", invoices],
  [
    "date range + ref, ordered by TotalAmt",
    "SELECT * FROM Invoice WHERE TxnDate >= '2025-03-01' AND TxnDate < '2025-06-01' AND CustomerRef IN ('1','2','3') ORDERBY TotalAmt DESC MAXRESULTS 1000",
    invoices,
  ],
  [
    "LastUpdatedTime filter, ordered",
    "SELECT * FROM Invoice WHERE MetaData.LastUpdatedTime > '2025-06-15T00:00:00-07:00' ORDERBY MetaData.LastUpdatedTime MAXRESULTS 1000",
    invoices,
  ],
  [
    "LIKE on a name list with the inactive rule",
    "SELECT * FROM Customer WHERE DisplayName LIKE '%o\\'brien%' STARTPOSITION 5001 MAXRESULTS 1000",
    customers,
  ],
  ["COUNT(*)", "SELECT COUNT(*) FROM Customer WHERE Balance > 2500", customers],
];

for (const [name, text, rows] of cases) {
  const ast = parseQuery(text);
  Deno.bench(`runQuery over ${ROWS} rows: ${name}`, () => {
    runQuery(ast, rows, ast.entityName);
  });
}

Deno.bench("parseQuery of a typical sync query", () => {
  parseQuery(
    "SELECT * FROM Customer WHERE MetaData.LastUpdatedTime > '2025-06-15T00:00:00-07:00' ORDERBY MetaData.LastUpdatedTime STARTPOSITION 1 MAXRESULTS 1000",
  );
});
