import type { QboPayload } from "../../model/quickbooks/qbo_payload.ts";

/**
 * A QBO ReferenceType (`{ value }`).
 *
 * @example
 * ```ts
 * ref("79"); // { value: "79" }
 * ```
 */
export function ref(id: string): QboPayload {
  return { value: id };
}

/**
 * Copies a payload without its undefined fields, so optional parts simply disappear from the JSON
 * (QBO treats an explicit null differently from an absent field on full updates).
 *
 * @example
 * ```ts
 * compact({ DocNumber: "R1", DueDate: undefined }); // { DocNumber: "R1" }
 * ```
 */
export function compact(fields: Readonly<Record<string, QboPayload[string] | undefined>>): QboPayload {
  const out: QboPayload = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) out[key] = value;
  }
  return out;
}
