/** What the dispatcher did, attempt by attempt: read through the admin API and by tests. */

export interface DeliveryAttempt {
  readonly deliveryId: string;
  readonly endpointUrl: string;
  readonly format: "legacy" | "cloudevents";
  /** 1-based attempt number within the delivery. */
  readonly attempt: number;
  /** QBO's (unscaled) wait before this attempt, from the retry schedule. */
  readonly plannedDelayMs: number;
  /** Emulator-clock instant of the attempt (ISO-8601). */
  readonly attemptedAt: string;
  readonly outcome: "delivered" | "failed" | "abandoned";
  readonly httpStatus?: number;
  readonly error?: string;
  /** CloudEvents-style ids of the changes carried, stable across attempts. */
  readonly eventIds: readonly string[];
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

export class DeliveryLog {
  #attempts: DeliveryAttempt[] = [];

  append(attempt: DeliveryAttempt): void {
    this.#attempts.push(attempt);
  }

  list(): DeliveryAttempt[] {
    return [...this.#attempts];
  }

  clear(): void {
    this.#attempts = [];
  }
}
