/**
 * QBO returns more than it was sent: reference names (`{"value":"2","name":"Rent"}`), line `Id`s
 * and `LineNum`s, a computed SubTotal line, defaults. To see whether someone changed what the
 * integration wrote, the object QBO returns is first projected onto the shape of the snapshot the
 * integration sent: only the keys the snapshot has, array lines of the detail types it has.
 *
 * @example
 * ```ts
 * projectOnto(
 *   { CustomerRef: { value: "1" }, Line: [{ Amount: 10, DetailType: "SalesItemLineDetail" }] },
 *   { CustomerRef: { value: "1", name: "Jane" }, Line: [
 *     { Id: "1", Amount: 10, DetailType: "SalesItemLineDetail" },
 *     { Amount: 10, DetailType: "SubTotalLineDetail" }] },
 * ); // { CustomerRef: { value: "1" }, Line: [{ Amount: 10, DetailType: "SalesItemLineDetail" }] }
 * ```
 */
export function projectOnto(shape: unknown, value: unknown): unknown {
  if (Array.isArray(shape) && Array.isArray(value)) {
    const types = new Set(shape.map(detailType).filter((t) => t !== undefined));
    const kept = types.size === 0 ? value : value.filter((v) => {
      const t = detailType(v);
      return t === undefined || types.has(t);
    });
    return kept.map((v, i) => projectOnto(shape[Math.min(i, shape.length - 1)], v));
  }
  if (isPlainObject(shape) && isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(shape)) {
      if (value[key] !== undefined) out[key] = projectOnto(shape[key], value[key]);
    }
    return out;
  }
  return value;
}

function detailType(v: unknown): string | undefined {
  return isPlainObject(v) && typeof v.DetailType === "string" ? v.DetailType : undefined;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
