/**
 * The emulator's clock. Tokens, codes, throttling windows, timestamps and webhook times all read
 * it, so the admin API (and tests) can move time: `advance()` jumps forward without waiting.
 */
import type { EmulatorClock } from "../contracts.ts";

export interface ControllableClock extends EmulatorClock {
  /** Moves the clock forward by `ms` (must be >= 0). */
  advance(ms: number): void;
  /** Jumps to an instant (forward or back; backwards jumps are for resets only). */
  set(instant: Date): void;
  readonly mode: "real" | "frozen";
}

/** A clock that moves with the wall clock, shifted by admin offsets. */
export class OffsetClock implements ControllableClock {
  readonly mode = "real" as const;
  #offsetMs: number;
  readonly #wallNow: () => number;

  constructor(start?: Date, wallNow: () => number = Date.now) {
    this.#wallNow = wallNow;
    this.#offsetMs = start ? start.getTime() - wallNow() : 0;
  }

  now(): Date {
    return new Date(this.#wallNow() + this.#offsetMs);
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError("clock can only advance by a non-negative amount");
    this.#offsetMs += ms;
  }

  set(instant: Date): void {
    this.#offsetMs = instant.getTime() - this.#wallNow();
  }
}

/** A clock that stands still until advanced: deterministic tests. */
export class FrozenClock implements ControllableClock {
  readonly mode = "frozen" as const;
  #nowMs: number;

  constructor(start: Date) {
    this.#nowMs = start.getTime();
  }

  now(): Date {
    return new Date(this.#nowMs);
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError("clock can only advance by a non-negative amount");
    this.#nowMs += ms;
  }

  set(instant: Date): void {
    this.#nowMs = instant.getTime();
  }
}

/** Builds the clock the configuration asks for. */
export function createControllableClock(
  config: { mode: "real" | "frozen"; start?: string },
): ControllableClock {
  const start = config.start ? new Date(config.start) : undefined;
  return config.mode === "frozen" ? new FrozenClock(start ?? new Date()) : new OffsetClock(start);
}
