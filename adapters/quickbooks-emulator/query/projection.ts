/**
 * `SELECT Id, Name FROM Account`: QBO answers a select list with only the named properties.
 * Intuit's documentation says projections are unsupported, yet Intuit's own Attachable reference
 * queries `select Id from attachable where ...` and shows the rows as `{"Id": "...", "sparse": true}`
 * (no `domain`, `SyncToken` or `MetaData`), and the data-queries page defines `sparse` as "true if
 * the response doesn't return all attributes". So a projected row holds the selected properties
 * that have a value, plus `sparse: true`. `Id` is added when not selected: our assumption
 * (unverified), so a client can always tell the rows apart.
 *
 * Which properties can be selected, from errors reported against real QBO: the entity's own
 * top-level properties, but not addresses (`Property BillAddr not found for Entity Customer`), not
 * `InvoiceLink`, not the `status` attribute, and not a nested path (`PrimaryEmailAddr.Address`);
 * `PrimaryEmailAddr` itself is accepted. QBO names only the first offending property.
 */
import { propertyNotFound } from "./query_error.ts";

const NEVER_SELECTABLE = new Set(["invoicelink", "status", "domain", "sparse"]);

function selectable(property: string): boolean {
  if (property.includes(".")) return false;
  if (NEVER_SELECTABLE.has(property.toLowerCase())) return false;
  // Physical addresses (BillAddr, ShipAddr, PrimaryAddr ...); e-mail "addresses" are plain values.
  return !/addr$/i.test(property) || /email/i.test(property);
}

/**
 * Canonical spellings of a select list, checked against the entity's known properties
 * (`undefined` when the emulator has no field list for the entity: then any simple name is taken
 * as written). Throws 4001 for the first property that cannot be selected.
 *
 * @example
 * ```ts
 * const properties = resolveProjection("Account", ["id", "NAME"], new Set(["Id", "Name"]));
 * projectRow({ Id: "1", Name: "Checking", domain: "QBO" }, properties);
 * // { Id: "1", Name: "Checking", sparse: true }
 * ```
 */
export function resolveProjection(
  entityName: string,
  written: readonly string[],
  knownProperties: ReadonlySet<string> | undefined,
): string[] {
  const byLower = new Map([...(knownProperties ?? [])].map((p) => [p.toLowerCase(), p]));
  const resolved: string[] = [];
  for (const property of written) {
    const canonical = knownProperties ? byLower.get(property.toLowerCase()) : property;
    if (canonical === undefined || !selectable(canonical)) throw propertyNotFound(property, entityName);
    if (!resolved.includes(canonical)) resolved.push(canonical);
  }
  return resolved;
}

/** One row as a projection returns it: selected non-empty values, `Id`, `sparse: true`. */
export function projectRow(
  row: Readonly<Record<string, unknown>>,
  properties: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const property of properties) {
    const value = row[property];
    if (value !== undefined && value !== null) out[property] = value;
  }
  if (out.Id === undefined && row.Id !== undefined) out.Id = row.Id;
  out.sparse = true;
  return out;
}
