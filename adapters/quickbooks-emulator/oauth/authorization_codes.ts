/** Single-use, short-lived authorization codes issued at consent. */
import type { EmulatorClock } from "../contracts.ts";
import type { SeededRandom } from "../clock/seeded_random.ts";
import { newAuthorizationCode } from "./token_formats.ts";

export interface AuthorizationCodeRecord {
  readonly code: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  /** Absent for scopes that need no company (openid only). */
  readonly realmId?: string;
  readonly codeChallenge?: string;
  readonly nonce?: string;
  readonly issuedAtMs: number;
  readonly expiresAtMs: number;
  /** Set when exchanged; a second exchange revokes what the first produced (RFC 6749 4.1.2). */
  redeemedGrantId?: string;
}

export type CodeLookup =
  | { readonly status: "valid"; readonly record: AuthorizationCodeRecord }
  | { readonly status: "unknown" | "expired" }
  | { readonly status: "reused"; readonly record: AuthorizationCodeRecord };

export class AuthorizationCodeStore {
  readonly #codes = new Map<string, AuthorizationCodeRecord>();
  readonly #clock: EmulatorClock;
  readonly #random: SeededRandom;
  readonly #lifetimeMs: number;

  constructor(clock: EmulatorClock, random: SeededRandom, lifetimeSeconds: number) {
    this.#clock = clock;
    this.#random = random;
    this.#lifetimeMs = lifetimeSeconds * 1000;
  }

  issue(
    fields: Omit<AuthorizationCodeRecord, "code" | "issuedAtMs" | "expiresAtMs">,
  ): AuthorizationCodeRecord {
    const now = this.#clock.now().getTime();
    const record: AuthorizationCodeRecord = {
      ...fields,
      code: newAuthorizationCode(this.#random),
      issuedAtMs: now,
      expiresAtMs: now + this.#lifetimeMs,
    };
    this.#codes.set(record.code, record);
    return record;
  }

  lookup(code: string): CodeLookup {
    const record = this.#codes.get(code);
    if (!record) return { status: "unknown" };
    if (record.redeemedGrantId !== undefined) return { status: "reused", record };
    if (this.#clock.now().getTime() >= record.expiresAtMs) return { status: "expired" };
    return { status: "valid", record };
  }

  markRedeemed(code: string, grantId: string): void {
    const record = this.#codes.get(code);
    if (record) record.redeemedGrantId = grantId;
  }

  clear(): void {
    this.#codes.clear();
  }
}
