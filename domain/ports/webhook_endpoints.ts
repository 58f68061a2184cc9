import type { SigningSecret, WebhookEndpoint } from "../webhooks/webhook_endpoint.ts";

export interface NewWebhookEndpoint {
  readonly id: string;
  readonly orgId: string;
  readonly url: string;
  readonly description: string;
  readonly eventTypes: readonly string[];
  readonly enabled: boolean;
  /** Events after this sequence number are delivered (the organization's last at creation). */
  readonly cursorSeq: number;
  /** Sealed signing secrets (SecretSealer). */
  readonly sealedSecrets: string;
  readonly createdAt: string;
}

export type WebhookEndpointChange = Partial<
  Pick<WebhookEndpoint, "url" | "description" | "eventTypes" | "enabled" | "disabledReason" | "failingSince">
>;

/** Endpoints and their sealed secrets. */
export interface WebhookEndpointRepository {
  create(endpoint: NewWebhookEndpoint): Promise<WebhookEndpoint>;
  get(orgId: string, id: string): Promise<WebhookEndpoint | null>;
  /** The organization's endpoints, oldest first. */
  list(orgId: string): Promise<WebhookEndpoint[]>;
  /** Every organization's enabled endpoints (the dispatcher's round). */
  listEnabled(limit: number): Promise<WebhookEndpoint[]>;
  update(
    orgId: string,
    id: string,
    change: WebhookEndpointChange,
    at: string,
  ): Promise<WebhookEndpoint | null>;
  /**
   * Disables an enabled endpoint with the service's reason; null (nothing changed) when it is
   * disabled already or gone, so of two workers giving up on it at once one announces it.
   */
  disable(orgId: string, id: string, reason: string, at: string): Promise<WebhookEndpoint | null>;
  delete(orgId: string, id: string): Promise<boolean>;
  sealedSecrets(orgId: string, id: string): Promise<string | null>;
  replaceSecrets(orgId: string, id: string, sealed: string, at: string): Promise<void>;
  /**
   * Moves the endpoint's cursor from `from` to `to`; false (nothing changed) when another
   * dispatcher moved it first.
   */
  advanceCursor(id: string, from: number, to: number): Promise<boolean>;
}

export type { SigningSecret };
