/**
 * Runs `work` as one unit: every store write in it, and the audit entries it appends, commit
 * together or not at all (a crash or a failure anywhere in `work` leaves none of them). A unit
 * started inside another joins it. Keep units short and free of calls to QuickBooks or other
 * services: they hold the organization's write locks while they run.
 *
 * @example
 * ```ts
 * const saved = await atomically(async () => {
 *   const saved = await settings.save(orgId, next, now);
 *   await audit({ orgId, at: now, actor, action: "settings.updated", target: null, details: {}, requestId });
 *   return saved;
 * });
 * ```
 */
export type Atomically = <T>(work: () => Promise<T>) => Promise<T>;
