import { z } from "zod";
import { qboObjectSchema } from "./envelope_schemas.ts";
import { serviceFaultSchema } from "./fault_schema.ts";

/** One item of `{"BatchItemResponse":[...]}`: the entity under its name, or a Fault. */
export const batchItemResponseSchema = z.object({ bId: z.string() }).catchall(z.unknown()).superRefine(
  (item, context) => {
    if ("Fault" in item && !serviceFaultSchema.safeParse(item.Fault).success) {
      context.addIssue({ code: "custom", message: "malformed batch item Fault" });
    }
  },
);

export const batchResponseSchema = z.object({
  BatchItemResponse: z.array(batchItemResponseSchema),
  time: z.string().optional(),
});

/** Splits a batch item into its fault, or its entity name and object. */
export function readBatchItem(item: z.infer<typeof batchItemResponseSchema>):
  | { kind: "fault"; fault: z.infer<typeof serviceFaultSchema> }
  | { kind: "object"; entityName: string; object: Record<string, unknown> }
  | { kind: "empty" } {
  if ("Fault" in item) return { kind: "fault", fault: serviceFaultSchema.parse(item.Fault) };
  const entityName = Object.keys(item).find((key) => key !== "bId");
  if (entityName === undefined) return { kind: "empty" };
  const object = qboObjectSchema.safeParse(item[entityName]);
  return object.success ? { kind: "object", entityName, object: object.data } : { kind: "empty" };
}
