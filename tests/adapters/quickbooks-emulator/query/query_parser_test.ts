import assert from "node:assert/strict";
import { parseQuery } from "../../../../adapters/quickbooks-emulator/query/query_parser.ts";
import { QueryError } from "../../../../adapters/quickbooks-emulator/query/query_error.ts";

function fault(text: string): { code: string; message: string; detail: string } {
  try {
    parseQuery(text);
  } catch (error) {
    if (error instanceof QueryError) {
      return { code: error.code, message: error.message, detail: error.detail };
    }
    throw error;
  }
  throw new assert.AssertionError({ message: `expected a QueryError for: ${text}` });
}

Deno.test("parseQuery reads SELECT * with defaults", () => {
  const ast = parseQuery("SELECT * FROM Customer");
  assert.equal(ast.entity, "Customer");
  assert.equal(ast.entityName, "Customer");
  assert.equal(ast.count, false);
  assert.deepEqual(ast.where, []);
  assert.equal(ast.orderBy, undefined);
  assert.equal(ast.startPosition, 1);
  assert.equal(ast.maxResults, 100);
});

Deno.test("parseQuery keeps the entity as written and canonicalises entityName", () => {
  const ast = parseQuery("select * from journalentry");
  assert.equal(ast.entity, "journalentry");
  assert.equal(ast.entityName, "JournalEntry");
});

Deno.test("parseQuery reads COUNT(*) in any case", () => {
  assert.equal(parseQuery("SELECT COUNT(*) FROM Vendor").count, true);
  assert.equal(parseQuery("select count( * ) from vendor").count, true);
});

Deno.test("parseQuery reads every comparison operator", () => {
  for (const op of ["=", "<", ">", "<=", ">="]) {
    const ast = parseQuery(`SELECT * FROM Invoice WHERE TotalAmt ${op} 100.50`);
    assert.deepEqual(ast.where, [{ path: "TotalAmt", operator: op, value: 100.5 }]);
  }
});

Deno.test("parseQuery reads IN lists of strings, numbers and booleans", () => {
  const ast = parseQuery("SELECT * FROM Customer WHERE Id IN ('5', '6',7) AND Active IN ( true, false )");
  assert.deepEqual(ast.where, [
    { path: "Id", operator: "IN", values: ["5", "6", 7] },
    { path: "Active", operator: "IN", values: [true, false] },
  ]);
});

Deno.test("parseQuery reads LIKE with a % pattern", () => {
  const ast = parseQuery("SELECT * FROM Customer WHERE DisplayName LIKE '%Bird%'");
  assert.deepEqual(ast.where, [{ path: "DisplayName", operator: "LIKE", value: "%Bird%" }]);
});

Deno.test("parseQuery unescapes \\' and \\\\ inside quoted values", () => {
  const ast = parseQuery(String.raw`SELECT * FROM Customer WHERE DisplayName = 'O\'Brien \\ Sons'`);
  assert.deepEqual(ast.where, [{ path: "DisplayName", operator: "=", value: "O'Brien \\ Sons" }]);
});

Deno.test("parseQuery treats keywords, entity and property names case-insensitively", () => {
  const ast = parseQuery(
    "sElEcT * FrOm cUsToMeR wHeRe displayname = 'x' aNd metadata.lastupdatedtime > '2020-01-01' OrDeRbY displayNAME dEsC",
  );
  assert.deepEqual(ast.where.map((c) => c.path), ["DisplayName", "MetaData.LastUpdatedTime"]);
  assert.deepEqual(ast.orderBy, { path: "DisplayName", direction: "DESC" });
});

Deno.test("parseQuery tolerates + for spaces from undecoded form encoding", () => {
  const ast = parseQuery("select+*+from+Customer+where+DisplayName+=+'Amy\\'s+Bird+Sanctuary'+maxresults+5");
  assert.deepEqual(ast.where, [{ path: "DisplayName", operator: "=", value: "Amy's Bird Sanctuary" }]);
  assert.equal(ast.maxResults, 5);
});

Deno.test("parseQuery keeps a + inside quotes when the query has real spaces", () => {
  const ast = parseQuery("SELECT * FROM Customer WHERE DisplayName = 'A+B'");
  assert.deepEqual(ast.where, [{ path: "DisplayName", operator: "=", value: "A+B" }]);
});

Deno.test("parseQuery tolerates a trailing semicolon and extra whitespace", () => {
  const ast = parseQuery("  SELECT   *\n FROM\tCustomer   WHERE  Active = false  ;  ");
  assert.deepEqual(ast.where, [{ path: "Active", operator: "=", value: false }]);
});

Deno.test("parseQuery reads STARTPOSITION and MAXRESULTS in either order", () => {
  const a = parseQuery("SELECT * FROM Customer MAXRESULTS 2 STARTPOSITION 3");
  const b = parseQuery("SELECT * FROM Customer STARTPOSITION 3 MAXRESULTS 2");
  assert.deepEqual([a.startPosition, a.maxResults], [3, 2]);
  assert.deepEqual([b.startPosition, b.maxResults], [3, 2]);
});

Deno.test("parseQuery accepts ORDER BY as two words and defaults to ASC", () => {
  assert.deepEqual(parseQuery("SELECT * FROM Item ORDER BY Name").orderBy, {
    path: "Name",
    direction: "ASC",
  });
});

Deno.test("parseQuery reads STARTPOSITION 0 as 1", () => {
  assert.equal(parseQuery("SELECT * FROM Customer STARTPOSITION 0").startPosition, 1);
});

Deno.test("parseQuery ignores extra properties after * (QBO always returns the full object)", () => {
  const ast = parseQuery("select *, MetaData.CreateTime from Customer");
  assert.deepEqual(ast.ignoredProjection, ["MetaData.CreateTime"]);
});

Deno.test("parseQuery accepts negative numbers", () => {
  assert.deepEqual(parseQuery("SELECT * FROM Customer WHERE Balance < -10").where, [
    { path: "Balance", operator: "<", value: -10 },
  ]);
});

Deno.test("parseQuery answers an unknown entity with the recorded 4001 fault", () => {
  assert.deepEqual(fault("SELECT * FROM Custmoer"), {
    code: "4001",
    message: "Invalid query",
    detail: "QueryValidationError: invalid context declaration: Custmoer",
  });
});

Deno.test("parseQuery rejects a property that is not queryable with 4001", () => {
  assert.deepEqual(fault("SELECT * FROM Invoice WHERE ClassRef = '1'"), {
    code: "4001",
    message: "Invalid query",
    detail: "QueryValidationError: property 'ClassRef' is not queryable",
  });
  assert.equal(
    fault("SELECT * FROM Customer ORDERBY Notes").detail,
    "QueryValidationError: property 'Notes' is not queryable",
  );
});

Deno.test("parseQuery allows only = and IN on Id", () => {
  for (const op of ["<", ">", "<=", ">=", "LIKE"]) {
    assert.deepEqual(fault(`SELECT * FROM Customer WHERE Id ${op} '5'`), {
      code: "4001",
      message: "Invalid query",
      detail: `QueryValidationError: operator '${op}' is not supported for property 'Id'`,
    });
  }
});

Deno.test("parseQuery rejects LIKE on numbers and range operators on booleans", () => {
  assert.equal(fault("SELECT * FROM Customer WHERE Balance LIKE '1%'").code, "4001");
  assert.equal(fault("SELECT * FROM Customer WHERE Active > false").code, "4001");
});

Deno.test("parseQuery rejects values of the wrong type with 4001", () => {
  assert.deepEqual(fault("SELECT * FROM Customer WHERE Balance = 'lots'"), {
    code: "4001",
    message: "Invalid query",
    detail: "QueryValidationError: value 'lots' is not valid for property 'Balance'",
  });
  assert.equal(fault("SELECT * FROM Invoice WHERE TxnDate > 'yesterday'").code, "4001");
  assert.equal(fault("SELECT * FROM Customer WHERE MetaData.CreateTime > 'soon'").code, "4001");
});

Deno.test("parseQuery rejects MAXRESULTS above 1000 with 4001", () => {
  assert.deepEqual(fault("SELECT * FROM Customer MAXRESULTS 1001"), {
    code: "4001",
    message: "Invalid query",
    detail: "QueryValidationError: value 1001 for MAXRESULTS exceeds the allowed range 1..1000",
  });
  assert.equal(parseQuery("SELECT * FROM Customer MAXRESULTS 1000").maxResults, 1000);
});

Deno.test("parseQuery rejects OR with a 4000 parser fault naming the token and column", () => {
  assert.deepEqual(fault("SELECT * FROM Customer WHERE Id = '1' OR Id = '2'"), {
    code: "4000",
    message: "Error parsing query",
    detail: 'QueryParserError: Encountered " <OR> "OR "" at line 1, column 39.\nWas expecting one of:\n' +
      '    <EOF> ...\n    <AND> ...\n    "maxresults" ...\n    "orderby" ...\n    "startposition" ...\n    ',
  });
});

Deno.test("parseQuery rejects GROUP BY and JOIN with 4000", () => {
  assert.equal(fault("SELECT * FROM Invoice GROUP BY CustomerRef").code, "4000");
  assert.equal(fault("SELECT * FROM Invoice JOIN Customer").code, "4000");
});

Deno.test("parseQuery reads a select list into projection, as written", () => {
  const ast = parseQuery("SELECT Id, displayname FROM Customer WHERE Active = true");
  assert.deepEqual(ast.projection, ["Id", "displayname"]);
  assert.equal(ast.count, false);
  assert.equal(parseQuery("SELECT * FROM Customer").projection, undefined);
  assert.equal(parseQuery("SELECT COUNT(*) FROM Customer").projection, undefined);
});

Deno.test("parseQuery rejects a select list with a stray token with 4000", () => {
  assert.equal(fault("SELECT Id, FROM Customer").code, "4000");
  assert.equal(fault("SELECT Id, 'x' FROM Customer").code, "4000");
  assert.equal(fault("SELECT Id Name FROM Customer").code, "4000");
});

Deno.test("parseQuery reports an unescaped apostrophe at the word after it, as QBO does", () => {
  const { code, detail } = fault("SELECT * FROM Vendor WHERE DisplayName = 'Cutlery 'R Us'");
  assert.equal(code, "4000");
  assert.match(detail, /^QueryParserError: Encountered " <IDENTIFIER> "R "" at line 1, column 52\./);
});

Deno.test("parseQuery reports a stray % as a lexical error", () => {
  assert.deepEqual(fault("SELECT * FROM Account WHERE Name LIKE %Inv"), {
    code: "4000",
    message: "Error parsing query",
    detail:
      'QueryParserError: Invalid content. Lexical error at line 1, column 39.  Encountered: "%" (37), after : ""',
  });
});

Deno.test("parseQuery answers an empty query with QBO's empty-query fault", () => {
  assert.deepEqual(fault("   "), {
    code: "4000",
    message: "Error parsing query",
    detail: "QueryParserError: The query provided was empty",
  });
});

Deno.test("parseQuery rejects a missing FROM, != and an unterminated string with 4000", () => {
  assert.equal(fault("SELECT * Customer").code, "4000");
  assert.equal(fault("SELECT * FROM Customer WHERE DisplayName != 'x'").code, "4000");
  assert.equal(fault("SELECT * FROM Customer WHERE DisplayName = 'x").code, "4000");
  assert.equal(fault("SELECT * FROM Customer MAXRESULTS ten").code, "4000");
});
