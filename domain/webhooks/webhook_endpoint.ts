/**
 * Webhook endpoints (issue 17): where an organization's outbound events are delivered, signed per
 * the Standard Webhooks specification with the endpoint's own secret.
 */

/** How long the secret a rotation replaced keeps signing next to the new one. */
export const SECRET_ROTATION_WINDOW_MS = 24 * 3_600_000;

/** A signing secret of an endpoint; the current one has no end. */
export interface SigningSecret {
  /** `whsec_` and the base64 of 24 or more random bytes. */
  readonly secret: string;
  /** Until when a replaced secret still signs; null for the current one. */
  readonly validUntil: string | null;
}

export interface WebhookEndpoint {
  readonly id: string;
  readonly orgId: string;
  readonly url: string;
  readonly description: string;
  /** Catalogue event types delivered; empty: every type. */
  readonly eventTypes: readonly string[];
  readonly enabled: boolean;
  /** Why the service disabled it (`gone`, `failing`), or null. */
  readonly disabledReason: string | null;
  /** The last outbox sequence number turned into deliveries for it. */
  readonly cursorSeq: number;
  /** Since when its deliveries have failed without a success in between, or null. */
  readonly failingSince: string | null;
  readonly secretRotatedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Whether an endpoint takes events of `type`. */
export function takesType(endpoint: Pick<WebhookEndpoint, "eventTypes">, type: string): boolean {
  return endpoint.eventTypes.length === 0 || endpoint.eventTypes.includes(type);
}

/** The secrets that sign at `now`: the current one and a replaced one within its window. */
export function signingSecrets(secrets: readonly SigningSecret[], now: Date): string[] {
  return secrets.filter((s) => s.validUntil === null || Date.parse(s.validUntil) > now.getTime())
    .map((s) => s.secret);
}

/**
 * Address ranges a webhook may not be sent to unless the deployment allows private targets
 * (WEBHOOK_ALLOW_PRIVATE_TARGETS): unspecified, loopback, private (RFC 1918, unique local),
 * shared (CGNAT), link-local (cloud metadata services live there), multicast and reserved.
 */
export const NON_PUBLIC_RANGES: readonly string[] = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.0.0.0/24",
  "192.168.0.0/16",
  "198.18.0.0/15",
  "224.0.0.0/4",
  "240.0.0.0/4",
  "::/128",
  "::1/128",
  "fc00::/7",
  "fe80::/10",
  "ff00::/8",
  "64:ff9b::/96",
];

/** The rules a target URL is held to. */
export interface TargetPolicy {
  /** Only `https:` URLs (production). */
  readonly requireHttps: boolean;
  /** Loopback, private and link-local addresses allowed (development and tests). */
  readonly allowPrivate: boolean;
}

/**
 * Why `url` may not receive webhooks under `policy`, or null. `addresses` are what its host
 * resolves to; `isNonPublic` tells an address in NON_PUBLIC_RANGES.
 */
export function targetProblem(
  url: URL,
  policy: TargetPolicy,
  addresses: readonly string[],
  isNonPublic: (address: string) => boolean,
): string | null {
  if (url.protocol !== "https:" && (policy.requireHttps || url.protocol !== "http:")) {
    return policy.requireHttps ? "must be an https URL" : "must be an http or https URL";
  }
  if (url.username !== "" || url.password !== "") return "must not carry credentials";
  if (policy.allowPrivate) return null;
  if (addresses.length === 0) return "its host does not resolve";
  const blocked = addresses.find(isNonPublic);
  return blocked === undefined
    ? null
    : `resolves to ${blocked}, a private, loopback or link-local address (WEBHOOK_ALLOW_PRIVATE_TARGETS)`;
}
