import assert from "node:assert/strict";
import { parseQuery } from "../../../../adapters/quickbooks-emulator/query/query_parser.ts";
import { runQuery } from "../../../../adapters/quickbooks-emulator/query/query_evaluator.ts";
import { QueryError } from "../../../../adapters/quickbooks-emulator/query/query_error.ts";

type Row = Record<string, unknown>;

function ids(query: string, rows: readonly Row[], entity: string): string[] {
  return runQuery(parseQuery(query), rows, entity).rows.map((r) => String(r.Id));
}

const customers: Row[] = [
  {
    Id: "10",
    DisplayName: "O'Brien Rentals",
    Active: true,
    Balance: 1200.5,
    PrimaryEmailAddr: { Address: "Ops@OBrien.example" },
    MetaData: { CreateTime: "2026-01-05T09:00:00-08:00", LastUpdatedTime: "2026-03-01T10:00:00-08:00" },
  },
  {
    Id: "9",
    DisplayName: "Amy's Bird Sanctuary",
    Active: true,
    Balance: 239,
    MetaData: { CreateTime: "2026-01-05T16:30:00-08:00", LastUpdatedTime: "2026-02-01T10:00:00-08:00" },
  },
  {
    Id: "2",
    DisplayName: "Zed Holdings",
    Active: false,
    Balance: 0,
    MetaData: { CreateTime: "2025-12-31T23:00:00-08:00", LastUpdatedTime: "2026-01-01T00:00:00-08:00" },
  },
  {
    Id: "100",
    DisplayName: "amy lower",
    Balance: 239.0,
    MetaData: { CreateTime: "2026-01-06T00:10:00+00:00", LastUpdatedTime: "2026-01-06T00:10:00+00:00" },
  },
];

const invoices: Row[] = [
  {
    Id: "1",
    TxnDate: "2026-01-15",
    DueDate: "2026-02-14",
    CustomerRef: { value: "10", name: "O'Brien" },
    TotalAmt: 1500,
    DocNumber: "1001",
  },
  {
    Id: "2",
    TxnDate: "2026-02-01",
    DueDate: "2026-03-03",
    CustomerRef: { value: "9" },
    TotalAmt: 99.99,
    DocNumber: "1002",
  },
  { Id: "3", TxnDate: "2025-12-31", CustomerRef: { value: "10" }, TotalAmt: 100, DocNumber: "A-7" },
];

Deno.test("runQuery hides inactive name-list objects unless Active is constrained", () => {
  assert.deepEqual(ids("SELECT * FROM Customer", customers, "Customer"), ["9", "10", "100"]);
  assert.deepEqual(ids("SELECT * FROM Customer WHERE Active IN (true, false)", customers, "Customer"), [
    "2",
    "9",
    "10",
    "100",
  ]);
  assert.deepEqual(ids("SELECT * FROM Customer WHERE Active = false", customers, "Customer"), ["2"]);
  assert.deepEqual(ids("SELECT * FROM Customer WHERE Active = true", customers, "Customer"), [
    "9",
    "10",
    "100",
  ]);
});

Deno.test("runQuery does not apply the inactive rule to transactions", () => {
  const rows = [{ Id: "1", Active: false, TxnDate: "2026-01-01" }, { Id: "2", TxnDate: "2026-01-01" }];
  assert.deepEqual(ids("SELECT * FROM Invoice", rows, "Invoice"), ["1", "2"]);
});

Deno.test("runQuery compares text case-insensitively and matches escaped apostrophes", () => {
  assert.deepEqual(
    ids(String.raw`SELECT * FROM Customer WHERE DisplayName = 'o\'brien rentals'`, customers, "Customer"),
    ["10"],
  );
});

Deno.test("runQuery LIKE supports % anywhere and treats _ literally", () => {
  assert.deepEqual(ids("SELECT * FROM Customer WHERE DisplayName LIKE 'amy%'", customers, "Customer"), [
    "9",
    "100",
  ]);
  assert.deepEqual(ids("SELECT * FROM Customer WHERE DisplayName LIKE '%rent%'", customers, "Customer"), [
    "10",
  ]);
  assert.deepEqual(ids("SELECT * FROM Customer WHERE DisplayName LIKE '%sanctuary'", customers, "Customer"), [
    "9",
  ]);
  assert.deepEqual(
    ids("SELECT * FROM Customer WHERE DisplayName LIKE 'amy_lower'", customers, "Customer"),
    [],
  );
  assert.deepEqual(ids("SELECT * FROM Customer WHERE DisplayName LIKE 'a.y%'", customers, "Customer"), []);
});

Deno.test("runQuery compares money numerically", () => {
  assert.deepEqual(ids("SELECT * FROM Customer WHERE Balance = 239", customers, "Customer"), ["9", "100"]);
  assert.deepEqual(ids("SELECT * FROM Customer WHERE Balance > 239.00", customers, "Customer"), ["10"]);
  assert.deepEqual(ids("SELECT * FROM Customer WHERE Balance >= '239'", customers, "Customer"), [
    "9",
    "10",
    "100",
  ]);
  assert.deepEqual(ids("SELECT * FROM Invoice WHERE TotalAmt < 100", invoices, "Invoice"), ["2"]);
  assert.deepEqual(ids("SELECT * FROM Invoice WHERE TotalAmt <= 100", invoices, "Invoice"), ["2", "3"]);
});

Deno.test("runQuery compares datetimes by instant across offsets", () => {
  // 2026-01-05T16:30-08:00 is 2026-01-06T00:30Z, after 2026-01-06T00:10Z.
  assert.deepEqual(
    ids(
      "SELECT * FROM Customer WHERE MetaData.CreateTime > '2026-01-06T00:15:00Z' AND Active IN (true,false)",
      customers,
      "Customer",
    ),
    ["9"],
  );
  assert.deepEqual(
    ids(
      "SELECT * FROM Customer WHERE MetaData.LastUpdatedTime >= '2026-02-01T18:00:00Z'",
      customers,
      "Customer",
    ),
    ["9", "10"],
  );
});

Deno.test("runQuery compares a datetime property with a date-only value as UTC midnight", () => {
  assert.deepEqual(
    ids(
      "SELECT * FROM Customer WHERE MetaData.CreateTime < '2026-01-01' AND Active IN (true,false)",
      customers,
      "Customer",
    ),
    [],
  );
  assert.deepEqual(
    ids(
      "SELECT * FROM Customer WHERE MetaData.CreateTime < '2026-01-02' AND Active IN (true,false)",
      customers,
      "Customer",
    ),
    ["2"],
  );
});

Deno.test("runQuery compares dates chronologically", () => {
  assert.deepEqual(ids("SELECT * FROM Invoice WHERE TxnDate >= '2026-01-01'", invoices, "Invoice"), [
    "1",
    "2",
  ]);
  assert.deepEqual(ids("SELECT * FROM Invoice WHERE TxnDate < '2026-01-15'", invoices, "Invoice"), ["3"]);
  assert.deepEqual(ids("SELECT * FROM Invoice WHERE DueDate > '2026-02-28'", invoices, "Invoice"), ["2"]);
});

Deno.test("runQuery compares references on .value and e-mail on .Address", () => {
  assert.deepEqual(ids("SELECT * FROM Invoice WHERE CustomerRef = '10'", invoices, "Invoice"), ["1", "3"]);
  assert.deepEqual(ids("SELECT * FROM Invoice WHERE CustomerRef IN ('9', '11')", invoices, "Invoice"), ["2"]);
  assert.deepEqual(
    ids("SELECT * FROM Customer WHERE PrimaryEmailAddr = 'ops@obrien.example'", customers, "Customer"),
    ["10"],
  );
});

Deno.test("runQuery matches Id with = and IN, quoted or not", () => {
  assert.deepEqual(ids("SELECT * FROM Customer WHERE Id = '9'", customers, "Customer"), ["9"]);
  assert.deepEqual(ids("SELECT * FROM Customer WHERE Id = 10", customers, "Customer"), ["10"]);
  assert.deepEqual(ids("SELECT * FROM Customer WHERE Id IN ('100', '9', '404')", customers, "Customer"), [
    "9",
    "100",
  ]);
});

Deno.test("runQuery AND-s conditions", () => {
  assert.deepEqual(
    ids("SELECT * FROM Invoice WHERE CustomerRef = '10' AND TxnDate > '2026-01-01'", invoices, "Invoice"),
    ["1"],
  );
});

Deno.test("runQuery orders by Id numerically by default", () => {
  const rows = [{ Id: "10" }, { Id: "9" }, { Id: "100" }, { Id: "1" }];
  assert.deepEqual(ids("SELECT * FROM Invoice", rows, "Invoice"), ["1", "9", "10", "100"]);
});

Deno.test("runQuery ORDERBY sorts by the property's kind in either direction", () => {
  assert.deepEqual(ids("SELECT * FROM Invoice ORDERBY TxnDate", invoices, "Invoice"), ["3", "1", "2"]);
  assert.deepEqual(ids("SELECT * FROM Invoice ORDERBY TotalAmt DESC", invoices, "Invoice"), ["1", "3", "2"]);
  // 9 was created at 00:30Z on Jan 6 (16:30-08:00 on Jan 5), 100 at 00:10Z.
  assert.deepEqual(ids("SELECT * FROM Customer ORDERBY MetaData.CreateTime DESC", customers, "Customer"), [
    "9",
    "100",
    "10",
  ]);
  assert.deepEqual(ids("SELECT * FROM Customer ORDERBY DisplayName", customers, "Customer"), [
    "100",
    "9",
    "10",
  ]);
});

Deno.test("runQuery sorts stably: ties keep Id order", () => {
  const rows = [
    { Id: "3", TxnDate: "2026-01-01" },
    { Id: "1", TxnDate: "2026-01-01" },
    { Id: "2", TxnDate: "2025-01-01" },
  ];
  assert.deepEqual(ids("SELECT * FROM Invoice ORDERBY TxnDate", rows, "Invoice"), ["2", "3", "1"]);
  assert.deepEqual(ids("SELECT * FROM Invoice ORDERBY TxnDate DESC", rows, "Invoice"), ["3", "1", "2"]);
});

Deno.test("runQuery puts objects without the sort property first ascending, last descending", () => {
  assert.deepEqual(ids("SELECT * FROM Invoice ORDERBY DueDate", invoices, "Invoice"), ["3", "1", "2"]);
  assert.deepEqual(ids("SELECT * FROM Invoice ORDERBY DueDate DESC", invoices, "Invoice"), ["2", "1", "3"]);
});

Deno.test("runQuery pages with STARTPOSITION and MAXRESULTS and reports the page size", () => {
  const rows = Array.from({ length: 7 }, (_, i) => ({ Id: String(i + 1) }));
  const page = runQuery(parseQuery("SELECT * FROM Invoice STARTPOSITION 3 MAXRESULTS 2"), rows, "Invoice");
  assert.deepEqual(page.rows.map((r) => r.Id), ["3", "4"]);
  assert.equal(page.startPosition, 3);
  assert.equal(page.maxResults, 2);
  const last = runQuery(parseQuery("SELECT * FROM Invoice STARTPOSITION 7 MAXRESULTS 5"), rows, "Invoice");
  assert.deepEqual([last.rows.length, last.maxResults], [1, 1]);
  const beyond = runQuery(parseQuery("SELECT * FROM Invoice STARTPOSITION 9"), rows, "Invoice");
  assert.deepEqual([beyond.rows.length, beyond.maxResults], [0, 0]);
});

Deno.test("runQuery defaults to 100 rows a page", () => {
  const rows = Array.from({ length: 150 }, (_, i) => ({ Id: String(i + 1) }));
  assert.equal(runQuery(parseQuery("SELECT * FROM Invoice"), rows, "Invoice").rows.length, 100);
});

Deno.test("runQuery COUNT(*) counts every match, ignoring paging", () => {
  const result = runQuery(parseQuery("SELECT COUNT(*) FROM Customer MAXRESULTS 1"), customers, "Customer");
  assert.equal(result.count, 3);
  assert.equal(result.totalCount, 3);
  assert.deepEqual(result.rows, []);
  assert.equal(
    runQuery(parseQuery("SELECT COUNT(*) FROM Customer WHERE Active IN (true,false)"), customers, "Customer")
      .count,
    4,
  );
});

Deno.test("runQuery reads property names case-insensitively from stored objects", () => {
  const rows = [{ Id: "1", displayname: "lower", Active: true }];
  assert.deepEqual(ids("SELECT * FROM Customer WHERE DisplayName = 'LOWER'", rows, "Customer"), ["1"]);
});

Deno.test("runQuery rejects a hand-built AST with an unknown property", () => {
  const ast = {
    ...parseQuery("SELECT * FROM Customer"),
    where: [{ path: "Notes", operator: "=" as const, value: "x" }],
  };
  assert.throws(
    () => runQuery(ast, customers, "Customer"),
    (e: unknown) => e instanceof QueryError && e.code === "4001",
  );
});

Deno.test("runQuery returns the stored objects themselves", () => {
  const page = runQuery(parseQuery("SELECT * FROM Invoice WHERE Id = '2'"), invoices, "Invoice");
  assert.equal(page.rows[0], invoices[1]);
});

Deno.test("runQuery treats ' ' as null, as QBO documents", () => {
  const rows = [
    { Id: "1", TxnDate: "2026-01-01", CustomerRef: { value: "10" } },
    { Id: "2", TxnDate: "2026-01-01" },
    { Id: "3", TxnDate: "2026-01-01", CustomerRef: { name: "no id" } },
  ];
  assert.deepEqual(ids("SELECT * FROM Invoice WHERE CustomerRef = ' '", rows, "Invoice"), ["2", "3"]);
  assert.deepEqual(ids("SELECT * FROM Invoice WHERE CustomerRef IN (' ', '10')", rows, "Invoice"), [
    "1",
    "2",
    "3",
  ]);
  assert.deepEqual(ids("SELECT * FROM Invoice WHERE DueDate = ' '", rows, "Invoice"), ["1", "2", "3"]);
});
