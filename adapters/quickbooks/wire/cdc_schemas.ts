import { z } from "zod";
import { qboObjectSchema } from "./envelope_schemas.ts";

/** `{"CDCResponse":[{"QueryResponse":[{"Customer":[...],"startPosition":1,...},{}]}],"time":..}` */
export const cdcResponseSchema = z.object({
  CDCResponse: z.array(z.object({
    QueryResponse: z.array(z.record(z.string(), z.unknown())).default([]),
  })),
  time: z.string().optional(),
});

/** Objects per entity name across every QueryResponse of a CDC answer. */
export function cdcObjectsByEntity(
  body: z.infer<typeof cdcResponseSchema>,
): Map<string, Record<string, unknown>[]> {
  const byEntity = new Map<string, Record<string, unknown>[]>();
  for (const block of body.CDCResponse) {
    for (const group of block.QueryResponse) {
      for (const [key, value] of Object.entries(group)) {
        if (!Array.isArray(value)) continue;
        const objects = z.array(qboObjectSchema).parse(value);
        byEntity.set(key, [...(byEntity.get(key) ?? []), ...objects]);
      }
    }
  }
  return byEntity;
}
