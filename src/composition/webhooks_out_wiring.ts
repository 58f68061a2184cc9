/**
 * Composition of webhooks out (issue 17): endpoints and their sealed secrets (the token key ring),
 * the leased deliveries, Standard Webhooks signing, the fetch sender, the routes, and the worker's
 * delivery round.
 */
import type { ServiceMetrics } from "../../domain/ports/metrics.ts";
import type { ApiApp } from "../../adapters/http/api_types.ts";
import { ipAddresses } from "../../adapters/http/ip_addresses.ts";
import { registerWebhookEndpointRoutes } from "../../adapters/http/routes/webhook_endpoints.ts";
import { JweSecretSealer } from "../../adapters/crypto/jwe_secret_sealer.ts";
import { parseKeyRing } from "../../adapters/crypto/key_ring.ts";
import { standardWebhooksSigning } from "../../adapters/crypto/standard_webhooks_signing.ts";
import type { Database } from "../../adapters/persistence/database.ts";
import { SqlWebhookDeliveryRepository } from "../../adapters/persistence/repositories/webhook_delivery_repository.ts";
import { SqlWebhookEndpointRepository } from "../../adapters/persistence/repositories/webhook_endpoint_repository.ts";
import { fetchWebhookSender } from "../../adapters/webhook_delivery/fetch_webhook_sender.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import type { EmitEvent } from "../../domain/events/emit_event.ts";
import type { EventOutbox } from "../../domain/ports/event_outbox.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { Ids } from "../../domain/ports/ids.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import type { WebhookSender } from "../../domain/ports/webhook_sender.ts";
import type { Config } from "../config.ts";
import { runWebhookDelivery, type WebhookDeliveryDependencies } from "../webhooks_out/deliver_webhooks.ts";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookAttempts,
  listWebhookEndpoints,
  recoverWebhookDeliveries,
  replayWebhookEvents,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from "../webhooks_out/webhook_endpoints.ts";
import { tokenKeyRingSpec } from "./quickbooks_wiring.ts";

/** Deliveries one worker round sends at most (then the worker looks at its jobs again). */
const DELIVERY_BATCH = 20;

export interface WebhooksOutWiring {
  readonly routeModules: ReadonlyArray<(api: ApiApp) => void>;
  /** The worker's periodic task: dispatch new events, send due deliveries. */
  deliver(workerId: string): Promise<Readonly<Record<string, number>>>;
  /** What a delivery round runs on (tests drive rounds of several workers with it). */
  readonly deliveryDependencies: WebhookDeliveryDependencies;
}

export function wireWebhooksOut(deps: {
  readonly config: Config;
  readonly database: Database;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly logger: Logger;
  readonly audit: AuditTrail;
  readonly atomically: Atomically;
  /** The organization's outbound events (the service's one outbox) and its emitter. */
  readonly outbox: EventOutbox;
  readonly emit: EmitEvent;
  /** The sender (tests); otherwise fetch. */
  readonly sender: WebhookSender;
  readonly metrics: ServiceMetrics;
}): WebhooksOutWiring {
  const { config, clock, ids, audit, atomically } = deps;
  const endpoints = new SqlWebhookEndpointRepository(deps.database);
  const deliveries = new SqlWebhookDeliveryRepository(deps.database);
  const outbox = deps.outbox;
  const sealer = new JweSecretSealer(parseKeyRing(tokenKeyRingSpec(config)));
  const targets = {
    requireHttps: config.webhooks.requireHttps,
    allowPrivate: config.webhooks.allowPrivateTargets,
  };
  const common = {
    endpoints,
    deliveries,
    outbox,
    sealer,
    sender: deps.sender,
    addresses: ipAddresses,
    targets,
    clock,
    ids,
    audit,
    atomically,
  };
  const manage = { ...common, signing: standardWebhooksSigning };
  const delivery: WebhookDeliveryDependencies = {
    ...common,
    signing: standardWebhooksSigning,
    emit: deps.emit,
    logger: deps.logger,
    metrics: deps.metrics,
    settings: {
      attemptTimeoutMs: config.webhooks.attemptTimeoutMs,
      disableAfterMs: config.webhooks.disableAfterDays * 24 * 3_600_000,
      batchSize: DELIVERY_BATCH,
    },
  };
  return {
    deliveryDependencies: delivery,
    deliver: (workerId) => runWebhookDelivery(delivery, workerId),
    routeModules: [
      (api) =>
        registerWebhookEndpointRoutes(api, {
          create: (caller, terms, requestId) => createWebhookEndpoint(manage, caller, terms, requestId),
          list: (caller) => listWebhookEndpoints(manage, caller),
          get: (caller, id) => getWebhookEndpoint(manage, caller, id),
          update: (caller, id, change, requestId) =>
            updateWebhookEndpoint(manage, caller, id, change, requestId),
          delete: (caller, id, requestId) => deleteWebhookEndpoint(manage, caller, id, requestId),
          rotateSecret: (caller, id, requestId) => rotateWebhookSecret(manage, caller, id, requestId),
          attempts: (caller, id, page) => listWebhookAttempts(manage, caller, id, page),
          replay: (caller, id, selection, requestId) =>
            replayWebhookEvents(manage, caller, id, selection, requestId),
          recover: (caller, id, since, requestId) =>
            recoverWebhookDeliveries(manage, caller, id, since, requestId),
        }, () => clock.now()),
    ],
  };
}

/** The production sender. */
export const webhookSender = (): WebhookSender => fetchWebhookSender();
