import type { Clock } from "../../domain/ports/clock.ts";

/** The real wall clock. */
export const systemClock: Clock = { now: () => new Date() };
