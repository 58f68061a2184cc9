import { z } from "zod";

/** Any QBO object: an open record that at least is an object. */
export const qboObjectSchema = z.record(z.string(), z.unknown());

/** `{"QueryResponse":{"Customer":[...],"startPosition":1,"maxResults":N},"time":..}`; `{}` when empty. */
export const queryResponseSchema = z.object({
  QueryResponse: z.record(z.string(), z.unknown()),
  time: z.string().optional(),
});

/** Rows of one entity inside a QueryResponse (the key is the entity name). */
export function rowsOf(
  queryResponse: Record<string, unknown>,
  entityName: string,
): Record<string, unknown>[] {
  const key = Object.keys(queryResponse).find((name) => name.toLowerCase() === entityName.toLowerCase());
  const rows = key === undefined ? [] : queryResponse[key];
  return z.array(qboObjectSchema).parse(rows);
}

/** Single-entity envelope: `{"Customer":{...},"time":..}`. */
export function entityOf(body: unknown, entityName: string): Record<string, unknown> {
  const envelope = qboObjectSchema.parse(body);
  const key = Object.keys(envelope).find((name) => name.toLowerCase() === entityName.toLowerCase());
  return qboObjectSchema.parse(key === undefined ? undefined : envelope[key]);
}
