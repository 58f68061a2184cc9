import assert from "node:assert/strict";
import fc from "fast-check";
import { DomainError } from "../../../../domain/errors.ts";
import { qboQueryPage } from "../../../../domain/model/quickbooks/qbo_query_statement.ts";
import { parseQuery } from "../../../../adapters/quickbooks-emulator/query/mod.ts";

/** The refusal's issue path and message, or null when the input was accepted. */
function refusal(input: Parameters<typeof qboQueryPage>[0]): { path: string; message: string } | null {
  try {
    qboQueryPage(input);
    return null;
  } catch (error) {
    assert.ok(error instanceof DomainError);
    assert.equal(error.code, "VALIDATION_FAILED");
    const [issue] = (error.details as { issues: { path: string; message: string }[] }).issues;
    return issue;
  }
}

/** QBO's literal for a string: `'` and `\` escaped with a backslash. */
const literal = (value: string) => `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;

Deno.test("qboQueryPage: where and order_by become clauses of SELECT * FROM the entity, paged by 1 and 100", () => {
  assert.deepEqual(qboQueryPage({ entity: "Customer" }), {
    statement: "SELECT * FROM Customer STARTPOSITION 1 MAXRESULTS 100",
    startPosition: 1,
    maxResults: 100,
    count: false,
  });
  const page = qboQueryPage({
    entity: "Invoice",
    where: "  Balance > '0' AND CustomerRef IN ('58', '59')  ",
    orderBy: "TxnDate desc",
    startPosition: 201,
    maxResults: 100,
  });
  assert.equal(
    page.statement,
    "SELECT * FROM Invoice WHERE Balance > '0' AND CustomerRef IN ('58', '59') ORDERBY TxnDate DESC " +
      "STARTPOSITION 201 MAXRESULTS 100",
  );
  assert.equal(
    qboQueryPage({ entity: "Item", orderBy: "Name" }).statement.includes("ORDERBY Name STARTPOSITION"),
    true,
  );
});

Deno.test("qboQueryPage: a whole query must select from the path's entity; its own paging is read, not doubled", () => {
  const page = qboQueryPage({
    entity: "Customer",
    query: "select Id, DisplayName from customer where Active = true maxresults 5 startposition 11",
  });
  assert.equal(
    page.statement,
    "SELECT Id, DisplayName FROM Customer where Active = true STARTPOSITION 11 MAXRESULTS 5",
  );
  assert.deepEqual([page.startPosition, page.maxResults, page.count], [11, 5, false]);
  const count = qboQueryPage({
    entity: "Invoice",
    query: "SELECT COUNT(*) FROM Invoice WHERE Balance > '0'",
  });
  assert.equal(count.count, true);
  assert.equal(
    count.statement,
    "SELECT COUNT(*) FROM Invoice WHERE Balance > '0' STARTPOSITION 1 MAXRESULTS 100",
  );

  assert.equal(refusal({ entity: "Customer", query: "SELECT * FROM Invoice" })?.path, "query.query");
  assert.match(refusal({ entity: "Customer", query: "SELECT * FROM Invoice" })!.message, /FROM Customer/);
  assert.equal(refusal({ entity: "Customer", query: "DELETE FROM Customer" })?.path, "query.query");
  assert.equal(refusal({ entity: "Customer", query: "SELECT * FROM" })?.path, "query.query");
  assert.equal(refusal({ entity: "Customer", query: "SELECT 'x' FROM Customer" })?.path, "query.query");
  assert.match(
    refusal({ entity: "Customer", query: "SELECT * FROM Customer MAXRESULTS 5 WHERE Id = '1'" })!.message,
    /come last/,
  );
  assert.match(
    refusal({ entity: "Customer", query: "SELECT * FROM Customer WHERE Id IN (SELECT Id FROM Invoice)" })!
      .message,
    /one SELECT/,
  );
  assert.match(
    refusal({ entity: "Customer", query: "SELECT * FROM Customer MAXRESULTS 5 MAXRESULTS 6" })!.message,
    /once/,
  );
  assert.equal(
    refusal({ entity: "Customer", query: "SELECT * FROM Customer MAXRESULTS 5", maxResults: 5 })?.path,
    "query.max_results",
  );
  assert.equal(
    refusal({ entity: "Customer", query: "SELECT * FROM Customer STARTPOSITION 2", startPosition: 2 })?.path,
    "query.start_position",
  );
  assert.equal(
    refusal({ entity: "Customer", query: "SELECT * FROM Customer", where: "Id = '1'" })?.path,
    "query.query",
  );
});

Deno.test("qboQueryPage: where holds conditions only, order_by one property; paging within QBO's limits", () => {
  const cases: [Parameters<typeof qboQueryPage>[0], string, RegExp][] = [
    [{ entity: "Customer", where: "Id = '1' MAXRESULTS 1000" }, "query.where", /MAXRESULTS/],
    [{ entity: "Customer", where: "Id = '1' ORDER BY Id" }, "query.where", /ORDER/],
    [{ entity: "Customer", where: "Id = '1' orderby Id" }, "query.where", /orderby/],
    [{ entity: "Customer", where: "Id IN (SELECT Id FROM Invoice)" }, "query.where", /SELECT/],
    [{ entity: "Customer", where: "DisplayName = 'Ann" }, "query.where", /not closed/],
    [{ entity: "Customer", where: "(Active = true" }, "query.where", /unbalanced/],
    [{ entity: "Customer", where: "Active = true)" }, "query.where", /unbalanced/],
    [{ entity: "Customer", where: "Active = true; DROP" }, "query.where", /";"/],
    [{ entity: "Customer", where: "   " }, "query.where", /at least one/],
    [{ entity: "Customer", orderBy: "Id DESC, Name" }, "query.order_by", /property/],
    [{ entity: "Customer", orderBy: "Id sideways" }, "query.order_by", /property/],
    [{ entity: "Customer", orderBy: "'Id'" }, "query.order_by", /property/],
    [{ entity: "Customer", startPosition: 0 }, "query.start_position", /1 or more/],
    [{ entity: "Customer", maxResults: 1001 }, "query.max_results", /1 to 1000/],
    [{ entity: "Customer", query: "SELECT * FROM Customer MAXRESULTS 0" }, "query.max_results", /1 to 1000/],
  ];
  for (const [input, path, message] of cases) {
    const issue = refusal(input);
    assert.ok(issue, JSON.stringify(input));
    assert.equal(issue.path, path, JSON.stringify(input));
    assert.match(issue.message, message, JSON.stringify(input));
  }
  // Clause words inside a string are values, not clauses.
  assert.equal(
    qboQueryPage({ entity: "Customer", where: "DisplayName = 'Select From Where Maxresults'" }).statement,
    "SELECT * FROM Customer WHERE DisplayName = 'Select From Where Maxresults' STARTPOSITION 1 MAXRESULTS 100",
  );
});

Deno.test("qboQueryPage: any string value, escaped as QBO escapes it, stays one value the emulator's parser reads back", () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), fc.integer({ min: 1, max: 5000 }), (value, start) => {
      const page = qboQueryPage({
        entity: "Customer",
        where: `DisplayName = ${literal(value)}`,
        startPosition: start,
      });
      const ast = parseQuery(page.statement);
      assert.deepEqual(ast.where, [{ path: "DisplayName", operator: "=", value }]);
      assert.equal(ast.startPosition, start);
      assert.equal(ast.maxResults, 100);
    }),
  );
});

Deno.test("qboQueryPage: a where that closes its string to append a clause is refused", () => {
  fc.assert(
    fc.property(
      fc.constantFrom("MAXRESULTS 1000", "ORDERBY Id", "STARTPOSITION 5", "FROM Invoice", "ORDER BY Id"),
      fc.string({ maxLength: 10 }).filter((s) => !s.includes("'") && !s.includes("\\")),
      (clause, prefix) => {
        const where = `DisplayName = '${prefix}' ${clause}`;
        assert.ok(refusal({ entity: "Customer", where }), where);
      },
    ),
  );
});
