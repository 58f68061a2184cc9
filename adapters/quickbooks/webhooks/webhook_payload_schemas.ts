import { z } from "zod";

/** Legacy format: `{"eventNotifications":[{"realmId":..,"dataChangeEvent":{"entities":[...]}}]}`. */
export const legacyPayloadSchema = z.object({
  eventNotifications: z.array(z.object({
    realmId: z.string().min(1),
    dataChangeEvent: z.object({
      entities: z.array(z.object({
        name: z.string().min(1),
        id: z.string().min(1),
        operation: z.string().min(1),
        lastUpdated: z.string().min(1),
        deletedId: z.string().optional(),
      })),
    }),
  })).min(1),
});

/** CloudEvents format (2025): a JSON array of events. */
export const cloudEventSchema = z.object({
  specversion: z.string(),
  id: z.string().min(1),
  source: z.string().optional(),
  type: z.string().regex(/^qbo\.[a-z]+\.[a-z]+\.v\d+$/),
  time: z.string().min(1),
  intuitentityid: z.string().min(1),
  intuitaccountid: z.string().min(1),
  data: z.object({ deletedid: z.string().optional() }).passthrough().optional(),
});

export const cloudEventsPayloadSchema = z.array(cloudEventSchema).min(1);
