import assert from "node:assert/strict";
import { isDomainError } from "../../../domain/errors.ts";
import fc from "fast-check";
import { buildQuery, queryLiteral } from "../../../adapters/quickbooks/query_builder.ts";

const page = { startPosition: 1, maxResults: 1000 };

Deno.test("buildQuery escapes apostrophes so a tenant called O'Brien is a value", () => {
  const statement = buildQuery({
    entityName: "Customer",
    where: [{ field: "DisplayName", operator: "=", value: "O'Brien" }, {
      field: "Active",
      operator: "=",
      value: true,
    }],
    orderBy: { field: "MetaData.LastUpdatedTime", direction: "DESC" },
  }, { startPosition: 1001, maxResults: 500 });
  assert.equal(
    statement,
    "SELECT * FROM Customer WHERE DisplayName = 'O\\'Brien' AND Active = true ORDERBY MetaData.LastUpdatedTime DESC STARTPOSITION 1001 MAXRESULTS 500",
  );
});

Deno.test("buildQuery writes IN lists and numbers, and rejects names that are not identifiers", () => {
  assert.equal(
    buildQuery({
      entityName: "Invoice",
      where: [{ field: "Id", operator: "IN", value: ["1", "2"] }, {
        field: "TotalAmt",
        operator: ">",
        value: 300,
      }],
    }, page),
    "SELECT * FROM Invoice WHERE Id IN ('1', '2') AND TotalAmt > 300 STARTPOSITION 1 MAXRESULTS 1000",
  );
  const invalid = (message: RegExp) => (e: unknown) =>
    isDomainError(e) && e.code === "VALIDATION_FAILED" && message.test(e.message);
  assert.throws(
    () => buildQuery({ entityName: "Customer; DROP", where: [] }, page),
    invalid(/not a QuickBooks name: "Customer; DROP"/),
  );
  assert.throws(
    () =>
      buildQuery({ entityName: "Customer", where: [{ field: "Name' OR", operator: "=", value: "x" }] }, page),
    invalid(/not a QuickBooks name: "Name' OR"/),
  );
  assert.throws(
    () => buildQuery({ entityName: "Customer" }, { startPosition: 1, maxResults: 1001 }),
    invalid(/MAXRESULTS must be between 1 and 1000/),
  );
});

Deno.test("queryLiteral always yields one closed literal whatever the text (property)", () => {
  fc.assert(fc.property(fc.string(), (text) => {
    const literal = queryLiteral(text);
    assert.ok(literal.startsWith("'") && literal.endsWith("'"));
    // Unescape as the QBO lexer does and get the text back.
    const inner = literal.slice(1, -1);
    let decoded = "";
    for (let i = 0; i < inner.length; i++) {
      if (inner[i] === "\\") decoded += inner[++i];
      else {
        assert.notEqual(inner[i], "'", "an unescaped apostrophe would end the literal early");
        decoded += inner[i];
      }
    }
    assert.equal(decoded, text);
  }));
});
