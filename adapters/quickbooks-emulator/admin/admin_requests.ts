/** Bodies the `/_emulator` admin API accepts (zod, so mistakes answer 400 with the issues). */
import { z } from "zod";

const count = z.number().int().positive().max(1_000_000);
const realmId = z.string().regex(/^\d{1,20}$/).optional();

export const ArmFaultRequest = z.discriminatedUnion("type", [
  z.object({ type: z.literal("error"), status: z.union([z.literal(500), z.literal(503)]), count, realmId }),
  z.object({ type: z.literal("drop"), count, realmId }),
  z.object({
    type: z.literal("throttle"),
    count,
    realmId,
    /** Adds a Retry-After header to the 429s (QBO sends none; clients then wait its 60 s guidance). */
    retryAfterSeconds: z.number().int().nonnegative().max(3600).optional(),
  }),
  z.object({
    type: z.literal("latency"),
    ms: z.number().int().nonnegative().max(120_000),
    jitterMs: z.number().int().nonnegative().max(60_000).optional(),
    count: count.optional(),
  }),
]);

export const AdvanceClockRequest = z.object({
  ms: z.number().int().nonnegative().optional(),
  seconds: z.number().nonnegative().optional(),
}).refine((b) => (b.ms === undefined) !== (b.seconds === undefined), {
  message: "give exactly one of ms, seconds",
});

export const SetClockRequest = z.object({ now: z.string().datetime({ offset: true }) });

export const RealmRequest = z.object({
  realmId: z.string().min(1),
  includeRefreshTokens: z.boolean().optional(),
});

export const CreateCompanyRequest = z.object({
  companyName: z.string().min(1).max(100),
  realmId: z.string().regex(/^\d{1,20}$/).optional(),
  classTracking: z.boolean().optional(),
  locationTracking: z.boolean().optional(),
  multiCurrency: z.boolean().optional(),
});
export type CreateCompanyRequest = z.infer<typeof CreateCompanyRequest>;
