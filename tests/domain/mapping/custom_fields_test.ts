import assert from "node:assert/strict";
import { applyTransforms, buildCustomFields } from "../../../domain/mapping/custom_fields.ts";

Deno.test("applyTransforms: applies upper, lower, trim, truncate and default in order", () => {
  assert.equal(applyTransforms("  Maple Court ", ["trim", "upper", "truncate:5"]), "MAPLE");
  assert.equal(applyTransforms("ABC", ["lower"]), "abc");
  assert.equal(applyTransforms("", ['default:"n/a"', "upper"]), "N/A");
  assert.equal(applyTransforms("x", ['default:"n/a"']), "x");
});

Deno.test("buildCustomFields: StringType fields, values cut to 31, empty values left out", () => {
  const fields = buildCustomFields([
    { definition_id: "1", name: "Property", value: "{property_name} / {unit_number}", transforms: [] },
    { definition_id: "2", name: "Empty", value: "{unit_number}", transforms: [] },
  ], { property_name: "A very long property name that exceeds", unit_number: undefined });
  assert.deepEqual(fields, [
    {
      DefinitionId: "1",
      Name: "Property",
      Type: "StringType",
      StringValue: "A very long property name that ",
    },
  ]);
  assert.equal(fields[0].StringValue.length, 31);
});
