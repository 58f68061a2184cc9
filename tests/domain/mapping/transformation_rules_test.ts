import assert from "node:assert/strict";
import { parseTransformationRules } from "../../../domain/mapping/transformation_rules.ts";
import { isDomainError } from "../../../domain/errors.ts";

Deno.test("parseTransformationRules: accepts known placeholders and transforms", () => {
  const rules = parseTransformationRules({
    invoice_memo_template: "Lease {lease_id} for {billing_period}",
    custom_fields: [{
      definition_id: "1",
      name: "Unit",
      value: "{unit_number}",
      transforms: ["trim", "truncate:10"],
    }],
  });
  assert.equal(rules.custom_fields[0].transforms.length, 2);
});

Deno.test("parseTransformationRules: an unknown placeholder is VALIDATION_FAILED naming the field", () => {
  assert.throws(
    () => parseTransformationRules({ invoice_memo_template: "Lease {lease} for {billing_period}" }),
    (e) => isDomainError(e) && e.code === "VALIDATION_FAILED" && e.details.field === "invoice_memo_template",
  );
  assert.throws(
    () =>
      parseTransformationRules({
        custom_fields: [
          { definition_id: "1", name: "A", value: "{lease_id}" },
          { definition_id: "2", name: "B", value: "{owner}" },
        ],
      }),
    (e) => isDomainError(e) && e.code === "VALIDATION_FAILED" && e.details.field === "custom_fields.1.value",
  );
});

Deno.test("parseTransformationRules: at most 3 custom fields, valid transforms, distinct definitions", () => {
  const field = (id: string) => ({ definition_id: id, name: "F", value: "x" });
  assert.throws(
    () => parseTransformationRules({ custom_fields: ["1", "2", "3", "4"].map(field) }),
    (e) => isDomainError(e) && e.code === "VALIDATION_FAILED" && e.details.field === "custom_fields",
  );
  assert.throws(
    () => parseTransformationRules({ custom_fields: [{ ...field("1"), transforms: ["reverse"] }] }),
    (e) =>
      isDomainError(e) && e.code === "VALIDATION_FAILED" &&
      e.details.field === "custom_fields.0.transforms.0",
  );
  assert.throws(
    () => parseTransformationRules({ custom_fields: [field("1"), field("1")] }),
    (e) => isDomainError(e) && e.code === "VALIDATION_FAILED" && e.details.field === "custom_fields",
  );
});

Deno.test("parseTransformationRules: a misspelt rule is refused, never dropped", () => {
  assert.throws(
    () => parseTransformationRules({ invoice_memo: "Lease {lease_id}" }),
    (e) => isDomainError(e) && e.code === "VALIDATION_FAILED" && /invoice_memo/.test(e.message),
  );
  assert.throws(
    () =>
      parseTransformationRules({
        custom_fields: [{ definition_id: "1", name: "Unit", value: "{unit_number}", transform: ["upper"] }],
      }),
    (e) => isDomainError(e) && e.code === "VALIDATION_FAILED" && e.details.field === "custom_fields.0",
  );
});
