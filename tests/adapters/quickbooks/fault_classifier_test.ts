import assert from "node:assert/strict";
import { classifyFailure } from "../../../adapters/quickbooks/fault_classifier.ts";
import { redactTokens } from "../../../adapters/quickbooks/qbo_call_error.ts";
import { readFault } from "../../../adapters/quickbooks/wire/fault_schema.ts";

const fault = (code: string, type = "ValidationFault") => ({
  type,
  code,
  message: "m",
  detail: null,
  element: null,
});
const classify = (status: number, f: ReturnType<typeof fault> | null) =>
  classifyFailure({ status, fault: f, retryAfterMs: null, intuitTid: "tid-9", realmId: "r" });

Deno.test("classifyFailure maps QBO faults to the product's codes and says which are retryable", () => {
  const cases: [number, ReturnType<typeof fault> | null, string, boolean][] = [
    [429, null, "QB003", true],
    [400, fault("3001", "SERVICE"), "QB003", true],
    [401, fault("3200", "AUTHENTICATION"), "QB001", false],
    [403, fault("3100", "SERVICE"), "QB001", false],
    [400, fault("6240"), "QB004", false],
    [400, fault("2030"), "QB004", false],
    [400, fault("5010"), "QB005", false],
    [500, null, "QB007", true],
    [503, fault("10000", "SystemFault"), "QB007", true],
    [400, fault("10000", "SystemFault"), "QB007", true],
  ];
  for (const [status, f, code, retryable] of cases) {
    const error = classify(status, f);
    assert.equal(error.code, code, `${status} ${f?.code}`);
    assert.equal(error.retryable, retryable, `${status} ${f?.code}`);
    assert.equal(error.details.intuit_tid, "tid-9");
  }
});

Deno.test("readFault reads data-layer, gateway (lower-case) and XML faults", () => {
  assert.equal(
    readFault({ Fault: { Error: [{ Message: "x", code: "610", element: "" }], type: "ValidationFault" } }, "")
      ?.code,
    "610",
  );
  assert.equal(
    readFault({ fault: { error: [{ message: "y", code: "3200" }], type: "AUTHENTICATION" } }, "")?.type,
    "AUTHENTICATION",
  );
  const xml = '<IntuitResponse><Fault type="SERVICE"><Error code="3001"><Message>ThrottleExceeded</Message>' +
    "<Detail>The request limit was reached.</Detail></Error></Fault></IntuitResponse>";
  assert.deepEqual(readFault(null, xml), {
    type: "SERVICE",
    code: "3001",
    message: "ThrottleExceeded",
    detail: "The request limit was reached.",
    element: null,
  });
  assert.equal(readFault({ Customer: {} }, "{}"), null);
});

Deno.test("redactTokens masks tokens QBO quotes in fault details", () => {
  assert.equal(
    redactTokens("Token expired: AB01601390262kxzxOlnHYdhtEVRXISU7piPqQrCmmbDN35Yjd"),
    "Token expired: [redacted-token]",
  );
  assert.equal(redactTokens("bearer eyJhbGciOi.eyJzdWIiOiIxIn0.sig"), "bearer [redacted-token]");
  assert.equal(redactTokens("Duplicate Name Exists Error"), "Duplicate Name Exists Error");
});
