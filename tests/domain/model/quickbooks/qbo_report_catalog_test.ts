import assert from "node:assert/strict";
import { DomainError } from "../../../../domain/errors.ts";
import {
  ALL_QBO_REPORT_PARAMETERS,
  QBO_REPORT_PARAMETERS,
  qboReportParameters,
} from "../../../../domain/model/quickbooks/qbo_report_catalog.ts";

Deno.test("qboReportParameters: the report's own parameters pass as given", () => {
  const params = {
    start_date: "2026-01-01",
    end_date: "2026-03-31",
    accounting_method: "Cash",
    class: "3,4",
  };
  assert.deepEqual(qboReportParameters("ProfitAndLoss", params), params);
  assert.deepEqual(qboReportParameters("AgedReceivables", { aging_method: "Current" }), {
    aging_method: "Current",
  });
  assert.deepEqual(qboReportParameters("BalanceSheet", {}), {});
});

Deno.test("qboReportParameters: another report's parameter, an empty or an overlong value is refused, each named", () => {
  assert.throws(
    () =>
      qboReportParameters("ProfitAndLoss", {
        aging_method: "Current",
        start_date: "",
        end_date: "x".repeat(501),
      }),
    (error: unknown) => {
      assert.ok(error instanceof DomainError);
      assert.equal(error.code, "VALIDATION_FAILED");
      const details = error.details as { issues: { path: string; code: string }[]; parameters: string[] };
      assert.deepEqual(details.issues.map((i) => [i.path, i.code]), [
        ["query.aging_method", "unknown_parameter"],
        ["query.start_date", "invalid_value"],
        ["query.end_date", "invalid_value"],
      ]);
      assert.deepEqual(details.parameters, [...QBO_REPORT_PARAMETERS.ProfitAndLoss]);
      return true;
    },
  );
  assert.throws(
    () => qboReportParameters("AgedReceivables", { summarize_column_by: "Month" }),
    (error: unknown) =>
      error instanceof DomainError && /takes no parameter "summarize_column_by"/.test(error.message),
  );
});

Deno.test("ALL_QBO_REPORT_PARAMETERS: every report's parameters, once", () => {
  assert.equal(new Set(ALL_QBO_REPORT_PARAMETERS).size, ALL_QBO_REPORT_PARAMETERS.length);
  for (const names of Object.values(QBO_REPORT_PARAMETERS)) {
    for (const name of names) assert.ok(ALL_QBO_REPORT_PARAMETERS.includes(name), name);
  }
});
