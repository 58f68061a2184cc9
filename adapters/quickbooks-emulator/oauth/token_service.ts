/**
 * Grants and the tokens issued under them. A grant is one consent (client + company + scopes);
 * access tokens live an hour, refresh tokens roll (each use restarts their lifetime, capped by the
 * five-year hard expiry) and rotate on every refresh, the superseded one staying usable for a
 * grace period (24 h at Intuit). Revoking any token revokes the whole grant. Also the
 * {@link TokenAuthority} the `/v3` gateway asks about bearer tokens.
 */
import type { AccessGrant, AuthenticationResult, EmulatorClock, TokenAuthority } from "../contracts.ts";
import type { SeededRandom } from "../clock/seeded_random.ts";
import type { TokenLifetimes } from "../config.ts";
import { OAuthProtocolError } from "./oauth_error.ts";
import { ACCOUNTING_SCOPE } from "./scopes.ts";
import {
  BEARER_TOKEN_MAX_LENGTH,
  BEARER_TOKEN_MIN_LENGTH,
  newAccessToken,
  newRefreshToken,
} from "./token_formats.ts";

export interface Grant {
  readonly id: string;
  readonly clientId: string;
  readonly realmId?: string;
  readonly scopes: readonly string[];
  /** The consenting user's id (the id_token `sub`). */
  readonly subject: string;
  readonly createdAtMs: number;
  readonly hardExpiresAtMs: number;
  revoked: boolean;
  latestRefreshToken: string;
}

export interface AccessTokenRecord {
  readonly grantId: string;
  expiresAtMs: number;
}

export interface RefreshTokenRecord {
  readonly grantId: string;
  expiresAtMs: number;
  supersededAtMs?: number;
}

/** What the token endpoint returns, before serialisation. */
export interface IssuedTokens {
  readonly grant: Grant;
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
  readonly refreshTokenExpiresIn: number;
  readonly refreshTokenHardExpiresIn: number;
}

/** Outcome of looking up an access token outside the `/v3` gateway (userinfo). */
export type AccessTokenLookup =
  | { readonly ok: true; readonly grant: Grant }
  | { readonly ok: false; readonly reason: "missing" | "malformed" | "expired" | "revoked" };

const EXPIRED_OR_REVOKED = "Token has been expired or revoked.";

/** Everything needed to bring grants and tokens back after a restart (JSON-serialisable). */
export interface TokenServiceSnapshot {
  readonly version: 1;
  readonly grants: Grant[];
  readonly accessTokens: Array<[string, AccessTokenRecord]>;
  readonly refreshTokens: Array<[string, RefreshTokenRecord]>;
  /** The token random stream's state, so new tokens never repeat persisted ones. */
  readonly random: number[];
}

/** Expired access tokens are kept this long, so a restart still reports them as expired. */
const EXPIRED_ACCESS_TOKEN_MEMORY_MS = 86_400_000;

export class TokenService implements TokenAuthority {
  readonly #grants = new Map<string, Grant>();
  readonly #accessTokens = new Map<string, AccessTokenRecord>();
  readonly #refreshTokens = new Map<string, RefreshTokenRecord>();
  readonly #clock: EmulatorClock;
  readonly #random: SeededRandom;
  readonly #lifetimes: TokenLifetimes;
  readonly #onChange: () => void;

  constructor(deps: {
    clock: EmulatorClock;
    random: SeededRandom;
    lifetimes: TokenLifetimes;
    /** Called after every change (e.g. to persist the state). */
    onChange?: () => void;
  }) {
    this.#clock = deps.clock;
    this.#random = deps.random;
    this.#lifetimes = deps.lifetimes;
    this.#onChange = deps.onChange ?? (() => {});
  }

  /** Live grants and tokens, without long-dead ones. */
  snapshot(): TokenServiceSnapshot {
    const now = this.#nowMs();
    const grace = this.#lifetimes.previousRefreshTokenGraceSeconds * 1000;
    return {
      version: 1,
      grants: [...this.#grants.values()].map((g) => ({ ...g })),
      accessTokens: [...this.#accessTokens].filter(([, r]) =>
        r.expiresAtMs > now - EXPIRED_ACCESS_TOKEN_MEMORY_MS
      )
        .map(([t, r]) => [t, { ...r }]),
      refreshTokens: [...this.#refreshTokens].filter(([, r]) =>
        r.expiresAtMs > now && (r.supersededAtMs === undefined || r.supersededAtMs + grace > now)
      ).map(([t, r]) => [t, { ...r }]),
      random: this.#random.exportState(),
    };
  }

  /** Replaces all state with a snapshot's. */
  restore(snapshot: TokenServiceSnapshot): void {
    this.#grants.clear();
    this.#accessTokens.clear();
    this.#refreshTokens.clear();
    for (const grant of snapshot.grants) this.#grants.set(grant.id, { ...grant, scopes: [...grant.scopes] });
    for (const [token, record] of snapshot.accessTokens) this.#accessTokens.set(token, { ...record });
    for (const [token, record] of snapshot.refreshTokens) this.#refreshTokens.set(token, { ...record });
    this.#random.importState(snapshot.random);
  }

  /** Creates a grant at code exchange and issues its first token pair. */
  createGrant(
    fields: { clientId: string; realmId?: string; scopes: readonly string[]; subject: string },
  ): IssuedTokens {
    const now = this.#nowMs();
    const grant: Grant = {
      ...fields,
      id: "grant-" + this.#random.hex(16),
      createdAtMs: now,
      hardExpiresAtMs: now + this.#lifetimes.refreshTokenHardSeconds * 1000,
      revoked: false,
      latestRefreshToken: "",
    };
    this.#grants.set(grant.id, grant);
    grant.latestRefreshToken = this.#issueRefreshToken(grant, now);
    return this.#changed(this.#issued(grant, now));
  }

  /** The refresh_token grant: rotates a current token, honours a superseded one during the grace period. */
  refresh(refreshToken: string, clientId: string): IssuedTokens {
    const now = this.#nowMs();
    const record = this.#refreshTokens.get(refreshToken);
    const grant = record ? this.#grants.get(record.grantId) : undefined;
    if (!record || !grant || grant.clientId !== clientId) {
      throw new OAuthProtocolError("invalid_grant", "Token invalid");
    }
    const graceEnd = record.supersededAtMs === undefined
      ? Infinity
      : record.supersededAtMs + this.#lifetimes.previousRefreshTokenGraceSeconds * 1000;
    if (grant.revoked || now >= record.expiresAtMs || now >= grant.hardExpiresAtMs || now >= graceEnd) {
      throw new OAuthProtocolError("invalid_grant", EXPIRED_OR_REVOKED);
    }
    if (refreshToken === grant.latestRefreshToken) {
      record.supersededAtMs = now;
      grant.latestRefreshToken = this.#issueRefreshToken(grant, now);
    } else {
      // A client that lost the rotated token gets the newest one back, its lifetime rolled on.
      const latest = this.#refreshTokens.get(grant.latestRefreshToken);
      if (latest) latest.expiresAtMs = this.#rollingExpiry(grant, now);
    }
    return this.#changed(this.#issued(grant, now));
  }

  /** Revokes the grant an access or refresh token belongs to; false when the token is unknown to this client. */
  revoke(token: string, clientId: string): boolean {
    const grantId = this.#accessTokens.get(token)?.grantId ?? this.#refreshTokens.get(token)?.grantId;
    const grant = grantId ? this.#grants.get(grantId) : undefined;
    if (!grant || grant.clientId !== clientId) return false;
    grant.revoked = true;
    return this.#changed(true);
  }

  authenticate(authorizationHeader: string | undefined, realmId: string): AuthenticationResult {
    const lookup = this.lookupAccessToken(authorizationHeader);
    if (!lookup.ok) return lookup;
    const { grant } = lookup;
    if (grant.realmId !== realmId || !grant.scopes.includes(ACCOUNTING_SCOPE)) {
      return { ok: false, reason: "wrong_realm" };
    }
    const accessGrant: AccessGrant = { realmId, clientId: grant.clientId, scopes: grant.scopes };
    return { ok: true, grant: accessGrant };
  }

  /** Validates an `Authorization: Bearer` header without regard to realm. */
  lookupAccessToken(authorizationHeader: string | undefined): AccessTokenLookup {
    if (authorizationHeader === undefined || authorizationHeader.trim() === "") {
      return { ok: false, reason: "missing" };
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorizationHeader);
    const token = match?.[1];
    if (!token || token.length < BEARER_TOKEN_MIN_LENGTH || token.length > BEARER_TOKEN_MAX_LENGTH) {
      return { ok: false, reason: "malformed" };
    }
    const record = this.#accessTokens.get(token);
    const grant = record ? this.#grants.get(record.grantId) : undefined;
    // A well-formed token this emulator never issued is as unusable as a garbled one.
    if (!record || !grant) return { ok: false, reason: "malformed" };
    if (grant.revoked) return { ok: false, reason: "revoked" };
    if (this.#nowMs() >= record.expiresAtMs) return { ok: false, reason: "expired" };
    return { ok: true, grant };
  }

  /** Admin: expires the realm's access tokens now (and its refresh tokens too when asked). */
  expireRealm(realmId: string, options: { includeRefreshTokens?: boolean } = {}): number {
    const now = this.#nowMs();
    let count = 0;
    for (const record of this.#accessTokens.values()) {
      if (this.#grants.get(record.grantId)?.realmId === realmId && record.expiresAtMs > now) {
        record.expiresAtMs = now;
        count++;
      }
    }
    if (options.includeRefreshTokens) {
      for (const record of this.#refreshTokens.values()) {
        if (this.#grants.get(record.grantId)?.realmId === realmId) record.expiresAtMs = now;
      }
    }
    return this.#changed(count);
  }

  /** Admin: revokes every grant of a realm, as a user disconnecting the app would. */
  revokeRealm(realmId: string): number {
    let count = 0;
    for (const grant of this.#grants.values()) {
      if (grant.realmId === realmId && !grant.revoked) {
        grant.revoked = true;
        count++;
      }
    }
    return this.#changed(count);
  }

  /** Revokes one grant (e.g. when its authorization code is replayed). */
  revokeGrant(grantId: string): void {
    const grant = this.#grants.get(grantId);
    if (grant) grant.revoked = true;
    this.#changed(undefined);
  }

  /** Realms with at least one live grant: the ones webhooks may be sent for. */
  connectedRealms(): string[] {
    const realms = new Set<string>();
    for (const grant of this.#grants.values()) {
      if (!grant.revoked && grant.realmId) realms.add(grant.realmId);
    }
    return [...realms];
  }

  clear(): void {
    this.#grants.clear();
    this.#accessTokens.clear();
    this.#refreshTokens.clear();
    this.#changed(undefined);
  }

  #changed<T>(result: T): T {
    this.#onChange();
    return result;
  }

  #issued(grant: Grant, now: number): IssuedTokens {
    const accessToken = newAccessToken(this.#random);
    const expiresIn = this.#lifetimes.accessTokenSeconds;
    this.#accessTokens.set(accessToken, { grantId: grant.id, expiresAtMs: now + expiresIn * 1000 });
    const refreshRecord = this.#refreshTokens.get(grant.latestRefreshToken);
    const refreshExpiresAt = refreshRecord?.expiresAtMs ?? now;
    return {
      grant,
      accessToken,
      refreshToken: grant.latestRefreshToken,
      expiresIn,
      refreshTokenExpiresIn: Math.max(0, Math.floor((refreshExpiresAt - now) / 1000)),
      refreshTokenHardExpiresIn: Math.max(0, Math.floor((grant.hardExpiresAtMs - now) / 1000)),
    };
  }

  #issueRefreshToken(grant: Grant, now: number): string {
    const token = newRefreshToken(this.#random);
    this.#refreshTokens.set(token, { grantId: grant.id, expiresAtMs: this.#rollingExpiry(grant, now) });
    return token;
  }

  #rollingExpiry(grant: Grant, now: number): number {
    return Math.min(now + this.#lifetimes.refreshTokenSeconds * 1000, grant.hardExpiresAtMs);
  }

  #nowMs(): number {
    return this.#clock.now().getTime();
  }
}
