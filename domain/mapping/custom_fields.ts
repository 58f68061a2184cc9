import type { CustomFieldRule, ValueTransform } from "./transformation_rules.ts";
import { renderTemplate } from "./text_template.ts";
import { truncateCodePoints } from "./qbo_name_rules.ts";

/** QBO's limit on a legacy string custom field's value. */
export const QBO_CUSTOM_FIELD_MAX = 31;

/** A legacy custom field as QBO's JSON carries it. */
export interface QboCustomField {
  readonly [key: string]: string;
  readonly DefinitionId: string;
  readonly Name: string;
  readonly Type: "StringType";
  readonly StringValue: string;
}

/**
 * Applies transforms left to right.
 *
 * @example
 * ```ts
 * applyTransforms("  maple ", ["trim", "upper"]); // "MAPLE"
 * applyTransforms("", ['default:"n/a"']); // "n/a"
 * ```
 */
export function applyTransforms(value: string, transforms: readonly ValueTransform[]): string {
  return transforms.reduce((current, transform) => {
    if (transform === "upper") return current.toUpperCase();
    if (transform === "lower") return current.toLowerCase();
    if (transform === "trim") return current.trim();
    if (transform.startsWith("truncate:")) return truncateCodePoints(current, Number(transform.slice(9)));
    if (transform.startsWith("default:")) return current === "" ? transform.slice(9, -1) : current;
    return current;
  }, value);
}

/**
 * The legacy custom fields of a sales form from the rules and the placeholder values; values are
 * cut to QBO's 31 characters, and fields whose value ends up empty are left out.
 *
 * @example
 * ```ts
 * buildCustomFields([{ definition_id: "1", name: "Unit", value: "{unit_number}", transforms: [] }], { unit_number: "4B" });
 * // [{ DefinitionId: "1", Name: "Unit", Type: "StringType", StringValue: "4B" }]
 * ```
 */
export function buildCustomFields(
  rules: readonly CustomFieldRule[],
  values: Readonly<Record<string, string | undefined>>,
): QboCustomField[] {
  return rules.map((rule) => ({
    DefinitionId: rule.definition_id,
    Name: rule.name,
    Type: "StringType" as const,
    StringValue: truncateCodePoints(
      applyTransforms(renderTemplate(rule.value, values), rule.transforms),
      QBO_CUSTOM_FIELD_MAX,
    ),
  })).filter((field) => field.StringValue !== "");
}
