import assert from "node:assert/strict";
import {
  assertTemplate,
  renderTemplate,
  TENANT_PLACEHOLDERS,
  unknownPlaceholders,
} from "../../../domain/mapping/text_template.ts";
import { isDomainError } from "../../../domain/errors.ts";

Deno.test("renderTemplate: fills placeholders and tidies what empty values leave", () => {
  const template = "{first_name} {last_name} - {property_name}";
  assert.equal(
    renderTemplate(template, { first_name: "Jane", last_name: "Doe", property_name: "Maple" }),
    "Jane Doe - Maple",
  );
  assert.equal(renderTemplate(template, { first_name: "Jane", last_name: "Doe" }), "Jane Doe");
  assert.equal(renderTemplate("{last_name} ({unit_number})", { last_name: "Doe" }), "Doe");
});

Deno.test("unknownPlaceholders: lists placeholders outside the allowed set", () => {
  assert.deepEqual(unknownPlaceholders("{first_name} {unit} {}", TENANT_PLACEHOLDERS), ["{unit}", "{}"]);
  assert.deepEqual(unknownPlaceholders("{tenant_id}", TENANT_PLACEHOLDERS), []);
});

Deno.test("assertTemplate: VALIDATION_FAILED names the field and the placeholder", () => {
  assert.throws(
    () => assertTemplate("display_name_template", "{nick}", TENANT_PLACEHOLDERS),
    (e) =>
      isDomainError(e) && e.code === "VALIDATION_FAILED" && e.details.field === "display_name_template" &&
      JSON.stringify(e.details.unknown_placeholders) === '["{nick}"]',
  );
});
