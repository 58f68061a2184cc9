import { z } from "zod";
import { DomainError } from "../errors.ts";
import { INVOICE_PLACEHOLDERS, unknownPlaceholders } from "./text_template.ts";

/**
 * A value transform: `upper`, `lower`, `trim`, `truncate:N` (N code points) or `default:"x"`
 * (used when the value is empty at that point).
 */
export const ValueTransformSchema = z.string().regex(
  /^(upper|lower|trim|truncate:[1-9]\d{0,3}|default:"[^"]{0,31}")$/,
  'transform must be upper, lower, trim, truncate:N or default:"x"',
);
export type ValueTransform = z.infer<typeof ValueTransformSchema>;

/**
 * One legacy QBO sales-form custom field filled from a template over the invoice placeholders.
 * `definition_id` is the field's DefinitionId in the company's Preferences ("1".."3").
 */
export const CustomFieldRuleSchema = z.strictObject({
  definition_id: z.string().regex(/^\d{1,20}$/),
  name: z.string().trim().min(1).max(31),
  value: z.string().max(200),
  transforms: z.array(ValueTransformSchema).max(10).default([]),
});
export type CustomFieldRule = z.infer<typeof CustomFieldRuleSchema>;

/**
 * An organization's declarative transformation rules: the invoice's customer memo and up to 3
 * legacy custom fields (QBO's limit on sales forms). How tenants are named is a setting
 * (`display_name_template` of the sync settings), not a rule. Unknown fields are refused, so a
 * misspelt rule is never silently dropped.
 *
 * @example
 * ```ts
 * TransformationRulesSchema.parse({
 *   invoice_memo_template: "Lease {lease_id} for {billing_period}",
 *   custom_fields: [{ definition_id: "1", name: "Unit", value: "{unit_number}", transforms: ["upper"] }],
 * });
 * ```
 */
export const TransformationRulesSchema = z.strictObject({
  invoice_memo_template: z.string().max(1000).optional(),
  custom_fields: z.array(CustomFieldRuleSchema).max(3, "QBO allows at most 3 legacy custom fields").default(
    [],
  ),
}).superRefine((rules, ctx) => {
  const memo = rules.invoice_memo_template;
  const unknownInMemo = memo === undefined ? [] : unknownPlaceholders(memo, INVOICE_PLACEHOLDERS);
  if (unknownInMemo.length > 0) {
    ctx.addIssue({
      code: "custom",
      path: ["invoice_memo_template"],
      message: `unknown placeholder ${unknownInMemo.join(", ")}`,
    });
  }
  rules.custom_fields.forEach((rule, index) => {
    const unknown = unknownPlaceholders(rule.value, INVOICE_PLACEHOLDERS);
    if (unknown.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["custom_fields", index, "value"],
        message: `unknown placeholder ${unknown.join(", ")}`,
      });
    }
  });
  const ids = rules.custom_fields.map((rule) => rule.definition_id);
  if (new Set(ids).size !== ids.length) {
    ctx.addIssue({ code: "custom", path: ["custom_fields"], message: "duplicate definition_id" });
  }
});
export type TransformationRules = z.infer<typeof TransformationRulesSchema>;

/**
 * Validates an organization's rules, throwing DomainError VALIDATION_FAILED whose `details.field`
 * names the first offending field ("custom_fields.1.value") and `details.issues` lists them all.
 *
 * @example
 * ```ts
 * parseTransformationRules({ invoice_memo_template: "Lease {lease}" });
 * // throws DomainError VALIDATION_FAILED, details.field === "invoice_memo_template"
 * ```
 */
export function parseTransformationRules(input: unknown): TransformationRules {
  const parsed = TransformationRulesSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    field: issue.path.join("."),
    message: issue.message,
  }));
  throw new DomainError(
    "VALIDATION_FAILED",
    `Invalid transformation rules: ${issues[0].field} ${issues[0].message}`,
    {
      field: issues[0].field,
      issues,
    },
  );
}
