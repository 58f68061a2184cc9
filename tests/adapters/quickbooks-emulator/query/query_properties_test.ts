import assert from "node:assert/strict";
import fc from "fast-check";
import { parseQuery } from "../../../../adapters/quickbooks-emulator/query/query_parser.ts";
import { runQuery } from "../../../../adapters/quickbooks-emulator/query/query_evaluator.ts";

/** How a client such as node-quickbooks escapes a value for a quoted literal. */
function quote(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

Deno.test("parseQuery round-trips any quoted value through escaping", () => {
  fc.assert(
    fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (value) => {
      const ast = parseQuery(`SELECT * FROM Customer WHERE DisplayName = ${quote(value)}`);
      assert.deepEqual(ast.where, [{ path: "DisplayName", operator: "=", value }]);
    }),
    { numRuns: 300 },
  );
});

Deno.test("runQuery finds an object by any DisplayName it was stored with", () => {
  fc.assert(
    fc.property(
      // `' '` is the query language's null, and QBO never stores a blank name.
      fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== ""), {
        minLength: 1,
        maxLength: 8,
        comparator: (a, b) => a.toLowerCase() === b.toLowerCase(),
      }),
      fc.nat(),
      (names, pick) => {
        const rows = names.map((DisplayName, i) => ({ Id: String(i + 1), DisplayName, Active: true }));
        const target = rows[pick % rows.length];
        const page = runQuery(
          parseQuery(`SELECT * FROM Customer WHERE DisplayName = ${quote(target.DisplayName)}`),
          rows,
          "Customer",
        );
        assert.deepEqual(page.rows.map((r) => r.Id), [target.Id]);
      },
    ),
    { numRuns: 200 },
  );
});

Deno.test("runQuery paging with STARTPOSITION/MAXRESULTS returns every matching row exactly once", () => {
  const row = fc.record({
    Id: fc.nat({ max: 10_000 }).map(String),
    Active: fc.boolean(),
    Balance: fc.integer({ min: -500, max: 500 }),
  });
  fc.assert(
    fc.property(
      fc.uniqueArray(row, { selector: (r) => r.Id, maxLength: 60 }),
      fc.integer({ min: 1, max: 15 }),
      fc.constantFrom("", " ORDERBY Balance", " ORDERBY Balance DESC", " ORDERBY Id DESC"),
      (rows, pageSize, order) => {
        const where = "WHERE Balance >= 0";
        const total = runQuery(parseQuery(`SELECT COUNT(*) FROM Customer ${where}`), rows, "Customer").count!;
        const seen: string[] = [];
        for (let start = 1;; start += pageSize) {
          const page = runQuery(
            parseQuery(
              `SELECT * FROM Customer ${where}${order} STARTPOSITION ${start} MAXRESULTS ${pageSize}`,
            ),
            rows,
            "Customer",
          );
          seen.push(...page.rows.map((r) => String(r.Id)));
          if (page.maxResults < pageSize) break; // node-quickbooks' stop rule
        }
        const expected = rows.filter((r) => r.Active && r.Balance >= 0).map((r) => r.Id);
        assert.equal(seen.length, total);
        assert.deepEqual([...seen].sort(), [...expected].sort());
      },
    ),
    { numRuns: 150 },
  );
});

Deno.test("runQuery default order is Id ascending numerically for any ids", () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.bigInt({ min: 1n, max: 10n ** 19n }), { maxLength: 30 }), (numbers) => {
      const rows = numbers.map((n) => ({ Id: n.toString() }));
      const page = runQuery(parseQuery("SELECT * FROM Invoice MAXRESULTS 1000"), rows, "Invoice");
      const expected = [...numbers].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(String);
      assert.deepEqual(page.rows.map((r) => r.Id), expected);
    }),
    { numRuns: 100 },
  );
});
