/**
 * Reads a record's own entry only. Keys come from outside (ids, property ids), and a plain `obj[key]`
 * would answer inherited members for keys such as "constructor" or "__proto__".
 *
 * @example
 * ```ts
 * ownEntry({ ten_1: "58" }, "ten_1"); // "58"
 * ownEntry({ ten_1: "58" }, "constructor"); // undefined
 * ```
 */
export function ownEntry<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
