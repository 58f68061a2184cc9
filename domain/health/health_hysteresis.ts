import type { HealthCondition, HealthIssueCode } from "./health_issue_codes.ts";
import type { HealthComponent, IssueSeverity } from "./health_status.ts";

/**
 * A condition as the stored health state remembers it between evaluations: since when it holds,
 * whether it counts toward the status yet, and since when it is clear (while it still counts).
 */
export interface TrackedCondition {
  readonly key: string;
  readonly code: HealthIssueCode;
  readonly realmId: string | null;
  readonly severity: IssueSeverity;
  readonly component: HealthComponent;
  /** The last message and recommendation seen, kept so a recovering issue still explains itself. */
  readonly message: string;
  readonly recommendation: string;
  readonly details: Readonly<Record<string, unknown>>;
  /** First evaluation that saw it (this run of it). */
  readonly since: string;
  /** Counts and clears at once, without hold or recovery time (a lost connection, then a new one). */
  readonly immediate: boolean;
  /** True once it held for the hold time (or at once for immediate conditions). */
  readonly counting: boolean;
  /** First evaluation that no longer saw it, while it still counts; null while it holds. */
  readonly clearSince: string | null;
}

/** Where a tracked condition stands, as issues show it. */
export type ConditionPhase = "pending" | "active" | "recovering";

export function phaseOf(tracked: TrackedCondition): ConditionPhase {
  if (!tracked.counting) return "pending";
  return tracked.clearSince === null ? "active" : "recovering";
}

/**
 * The tracked conditions after seeing `current` at `now`: a new condition starts pending and counts
 * once it held `holdMs` (immediate ones count at once); a counting condition that disappears keeps
 * counting, as recovering, until it has been clear for `recoverMs`, and one that comes back meanwhile
 * is active again without starting over; a pending one that disappears is forgotten. Immediate
 * conditions count and clear at once. Severity is the
 * current one (a condition that grows from warning to critical keeps its `since`).
 *
 * @example
 * ```ts
 * const seen = trackConditions([], [condition], t0, { holdMs: 300_000, recoverMs: 900_000 });
 * seen[0].counting; // false: it must hold 5 minutes first
 * ```
 */
export function trackConditions(
  previous: readonly TrackedCondition[],
  current: readonly HealthCondition[],
  now: Date,
  timing: { readonly holdMs: number; readonly recoverMs: number },
): TrackedCondition[] {
  const at = now.toISOString();
  const ms = now.getTime();
  const before = new Map(previous.map((t) => [t.key, t]));
  const next: TrackedCondition[] = [];
  const seen = new Set<string>();
  for (const condition of current) {
    if (seen.has(condition.key)) continue;
    seen.add(condition.key);
    const old = before.get(condition.key);
    const since = old?.since ?? at;
    const counting = condition.immediate || (old?.counting ?? false) ||
      ms - Date.parse(since) >= timing.holdMs;
    next.push({
      key: condition.key,
      code: condition.code,
      realmId: condition.realmId,
      severity: condition.severity,
      component: condition.component,
      message: condition.message,
      recommendation: condition.recommendation,
      details: condition.details,
      immediate: condition.immediate,
      since,
      counting,
      clearSince: null,
    });
  }
  for (const old of previous) {
    if (seen.has(old.key) || !old.counting || old.immediate) continue;
    const clearSince = old.clearSince ?? at;
    if (ms - Date.parse(clearSince) >= timing.recoverMs) continue;
    next.push({ ...old, clearSince });
  }
  return next;
}
