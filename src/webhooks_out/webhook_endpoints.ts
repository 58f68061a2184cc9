/**
 * Webhook endpoints (issue 17): where the organization's outbound events are delivered. Each has
 * its own signing secret, answered once at creation (and at a rotation) and stored sealed; every
 * change commits with its audit entry (`webhook_endpoint.created`, `.updated`, `.deleted`,
 * `.secret_rotated`), which never holds a secret.
 */
import { requireAuthorized } from "../../domain/access/authorize.ts";
import { actorOf, type Caller } from "../../domain/access/caller.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import { DomainError } from "../../domain/errors.ts";
import { isEventType } from "../../domain/events/catalogue.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { EventOutbox } from "../../domain/ports/event_outbox.ts";
import type { Ids } from "../../domain/ports/ids.ts";
import type { IpAddresses } from "../../domain/ports/ip_addresses.ts";
import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import type { WebhookAttempt, WebhookDeliveryRepository } from "../../domain/ports/webhook_deliveries.ts";
import type { WebhookEndpointRepository } from "../../domain/ports/webhook_endpoints.ts";
import type { WebhookSender } from "../../domain/ports/webhook_sender.ts";
import type { SecretSealer, WebhookSigning } from "../../domain/ports/webhook_signing.ts";
import {
  NON_PUBLIC_RANGES,
  SECRET_ROTATION_WINDOW_MS,
  type SigningSecret,
  type TargetPolicy,
  targetProblem,
  type WebhookEndpoint,
} from "../../domain/webhooks/webhook_endpoint.ts";

export interface WebhookEndpointDependencies {
  readonly endpoints: WebhookEndpointRepository;
  readonly deliveries: WebhookDeliveryRepository;
  readonly outbox: Pick<EventOutbox, "lastSeq" | "list" | "getMany">;
  readonly signing: Pick<WebhookSigning, "newSecret">;
  readonly sealer: SecretSealer;
  /** Resolves a target's host for the address check. */
  readonly sender: Pick<WebhookSender, "resolve">;
  readonly addresses: Pick<IpAddresses, "canonicalAddress" | "inRanges">;
  readonly targets: TargetPolicy;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly audit: AuditTrail;
  readonly atomically: Atomically;
}

export interface WebhookEndpointTerms {
  readonly url: string;
  readonly description: string;
  readonly eventTypes: readonly string[];
  readonly enabled: boolean;
}

/** An endpoint and the secret it signs with, answered at creation and rotation only. */
export interface IssuedWebhookSecret {
  readonly endpoint: WebhookEndpoint;
  readonly secret: string;
  /** After a rotation: until when the replaced secret signs too. */
  readonly previousSecretValidUntil: string | null;
}

const invalid = (path: string, message: string, extra: Record<string, unknown> = {}) =>
  new DomainError("VALIDATION_FAILED", `Invalid request: ${path}: ${message}`, {
    issues: [{ path, message, code: "custom" }],
    ...extra,
  });

const notFound = (id: string) =>
  new DomainError("NOT_FOUND", `No webhook endpoint ${id}`, { endpoint_id: id });

/** What the audit trail keeps of an endpoint (never a secret). */
export function auditOfEndpoint(endpoint: WebhookEndpoint) {
  return {
    endpoint_id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    event_types: [...endpoint.eventTypes],
    enabled: endpoint.enabled,
    disabled_reason: endpoint.disabledReason,
  };
}

/** Whether `address` is in a non-public range (IPv4-mapped IPv6 counts as its IPv4 address). */
export function isNonPublicAddress(addresses: Pick<IpAddresses, "canonicalAddress" | "inRanges">) {
  return (address: string): boolean => {
    const canonical = addresses.canonicalAddress(address);
    return canonical === null || addresses.inRanges(canonical, NON_PUBLIC_RANGES);
  };
}

/**
 * The reason `url` may not receive webhooks (https in production, no private, loopback or
 * link-local address among those its host resolves to unless allowed), or null.
 */
export async function checkTarget(
  deps: Pick<WebhookEndpointDependencies, "sender" | "addresses" | "targets">,
  url: string,
): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "is not a URL";
  }
  const addresses = deps.targets.allowPrivate ? [] : await deps.sender.resolve(parsed.hostname);
  return targetProblem(parsed, deps.targets, addresses, isNonPublicAddress(deps.addresses));
}

async function checkTerms(deps: WebhookEndpointDependencies, terms: Partial<WebhookEndpointTerms>) {
  if (terms.url !== undefined) {
    const problem = await checkTarget(deps, terms.url);
    if (problem !== null) throw invalid("json.url", problem, { reason: "target_not_allowed" });
  }
  const unknown = (terms.eventTypes ?? []).findIndex((t) => !isEventType(t));
  if (unknown >= 0) {
    throw invalid(
      `json.event_types.${unknown}`,
      `${terms.eventTypes![unknown]} is not an event type of the catalogue`,
    );
  }
}

async function sealSecrets(deps: WebhookEndpointDependencies, secrets: readonly SigningSecret[]) {
  return await deps.sealer.seal(JSON.stringify(secrets));
}

/** The endpoint's signing secrets (sealed in storage). */
export async function openSecrets(
  deps: Pick<WebhookEndpointDependencies, "endpoints" | "sealer">,
  endpoint: Pick<WebhookEndpoint, "orgId" | "id">,
): Promise<SigningSecret[]> {
  const sealed = await deps.endpoints.sealedSecrets(endpoint.orgId, endpoint.id);
  if (sealed === null) return [];
  return JSON.parse(await deps.sealer.open(sealed)) as SigningSecret[];
}

/**
 * Creates an endpoint and answers its signing secret, this once. It receives the events that
 * happen from now on (the organization's sequence as it stands is its starting point).
 */
export async function createWebhookEndpoint(
  deps: WebhookEndpointDependencies,
  caller: Caller,
  terms: WebhookEndpointTerms,
  requestId: string | null,
): Promise<IssuedWebhookSecret> {
  requireAuthorized(caller, "webhooks:manage");
  await checkTerms(deps, terms);
  const now = deps.clock.now().toISOString();
  const secret = deps.signing.newSecret();
  const sealedSecrets = await sealSecrets(deps, [{ secret, validUntil: null }]);
  const endpoint = await deps.atomically(async () => {
    const endpoint = await deps.endpoints.create({
      id: `whe_${deps.ids.newId().replaceAll("-", "")}`,
      orgId: caller.orgId,
      url: terms.url,
      description: terms.description,
      eventTypes: [...new Set(terms.eventTypes)],
      enabled: terms.enabled,
      cursorSeq: await deps.outbox.lastSeq(caller.orgId),
      sealedSecrets,
      createdAt: now,
    });
    await deps.audit({
      orgId: caller.orgId,
      at: now,
      actor: actorOf(caller),
      action: "webhook_endpoint.created",
      target: `webhook_endpoint:${endpoint.id}`,
      details: auditOfEndpoint(endpoint),
      requestId,
    });
    return endpoint;
  });
  return { endpoint, secret, previousSecretValidUntil: null };
}

export async function listWebhookEndpoints(
  deps: WebhookEndpointDependencies,
  caller: Caller,
): Promise<WebhookEndpoint[]> {
  requireAuthorized(caller, "webhooks:manage");
  return await deps.endpoints.list(caller.orgId);
}

export async function getWebhookEndpoint(
  deps: WebhookEndpointDependencies,
  caller: Caller,
  id: string,
): Promise<WebhookEndpoint> {
  requireAuthorized(caller, "webhooks:manage");
  const endpoint = await deps.endpoints.get(caller.orgId, id);
  if (!endpoint) throw notFound(id);
  return endpoint;
}

/**
 * Changes an endpoint's url, description, event types or enabled flag. Enabling it again clears
 * the service's reason for disabling it and its failure streak. Audited (`webhook_endpoint.updated`
 * with the terms before and after).
 */
export async function updateWebhookEndpoint(
  deps: WebhookEndpointDependencies,
  caller: Caller,
  id: string,
  change: Partial<WebhookEndpointTerms>,
  requestId: string | null,
): Promise<WebhookEndpoint> {
  requireAuthorized(caller, "webhooks:manage");
  await checkTerms(deps, change);
  const now = deps.clock.now().toISOString();
  return await deps.atomically(async () => {
    const before = await deps.endpoints.get(caller.orgId, id);
    if (!before) throw notFound(id);
    const enabling = change.enabled === true && !before.enabled;
    const after = await deps.endpoints.update(caller.orgId, id, {
      ...change,
      ...(change.eventTypes === undefined ? {} : { eventTypes: [...new Set(change.eventTypes)] }),
      ...(enabling ? { disabledReason: null, failingSince: null } : {}),
    }, now);
    if (!after) throw notFound(id);
    if (change.enabled === false && before.enabled) {
      await deps.deliveries.cancelPending(caller.orgId, id, now);
    }
    await deps.audit({
      orgId: caller.orgId,
      at: now,
      actor: actorOf(caller),
      action: "webhook_endpoint.updated",
      target: `webhook_endpoint:${id}`,
      details: { before: auditOfEndpoint(before), after: auditOfEndpoint(after) },
      requestId,
    });
    return after;
  });
}

/** Deletes an endpoint with its deliveries and attempt log. Audited (`webhook_endpoint.deleted`). */
export async function deleteWebhookEndpoint(
  deps: WebhookEndpointDependencies,
  caller: Caller,
  id: string,
  requestId: string | null,
): Promise<void> {
  requireAuthorized(caller, "webhooks:manage");
  const now = deps.clock.now().toISOString();
  await deps.atomically(async () => {
    const endpoint = await deps.endpoints.get(caller.orgId, id);
    if (!endpoint || !await deps.endpoints.delete(caller.orgId, id)) throw notFound(id);
    await deps.audit({
      orgId: caller.orgId,
      at: now,
      actor: actorOf(caller),
      action: "webhook_endpoint.deleted",
      target: `webhook_endpoint:${id}`,
      details: auditOfEndpoint(endpoint),
      requestId,
    });
  });
}

/**
 * Gives the endpoint a new signing secret, answered this once. For SECRET_ROTATION_WINDOW_MS (24 h)
 * deliveries are signed with both (two signatures in `webhook-signature`), so the receiver can
 * switch without missing one. Audited (`webhook_endpoint.secret_rotated`, never a secret).
 */
export async function rotateWebhookSecret(
  deps: WebhookEndpointDependencies,
  caller: Caller,
  id: string,
  requestId: string | null,
): Promise<IssuedWebhookSecret> {
  requireAuthorized(caller, "webhooks:manage");
  const now = deps.clock.now();
  const endpoint = await deps.endpoints.get(caller.orgId, id);
  if (!endpoint) throw notFound(id);
  const validUntil = new Date(now.getTime() + SECRET_ROTATION_WINDOW_MS).toISOString();
  const current = (await openSecrets(deps, endpoint)).filter((s) => s.validUntil === null);
  const secret = deps.signing.newSecret();
  const sealed = await sealSecrets(deps, [
    { secret, validUntil: null },
    ...current.map((s) => ({ secret: s.secret, validUntil })),
  ]);
  const rotated = await deps.atomically(async () => {
    await deps.endpoints.replaceSecrets(caller.orgId, id, sealed, now.toISOString());
    await deps.audit({
      orgId: caller.orgId,
      at: now.toISOString(),
      actor: actorOf(caller),
      action: "webhook_endpoint.secret_rotated",
      target: `webhook_endpoint:${id}`,
      details: { endpoint_id: id, previous_secret_valid_until: validUntil },
      requestId,
    });
    return await deps.endpoints.get(caller.orgId, id);
  });
  if (!rotated) throw notFound(id);
  return { endpoint: rotated, secret, previousSecretValidUntil: validUntil };
}

/** The endpoint's attempts, newest first; `before` is the id of the last attempt of the previous page. */
export async function listWebhookAttempts(
  deps: WebhookEndpointDependencies,
  caller: Caller,
  id: string,
  page: { readonly before?: string; readonly limit: number },
): Promise<{ items: WebhookAttempt[]; nextCursor: string | null }> {
  await getWebhookEndpoint(deps, caller, id);
  const items = await deps.deliveries.listAttempts(caller.orgId, id, { ...page, limit: page.limit + 1 });
  if (items === null) throw invalid("query.before", "names no attempt of this endpoint");
  const more = items.length > page.limit;
  const shown = items.slice(0, page.limit);
  return { items: shown, nextCursor: more ? shown[shown.length - 1].id : null };
}

/** Most events one replay or recovery sends again. */
export const MAX_REPLAY_EVENTS = 1000;

export type ReplaySelection =
  | { readonly kind: "range"; readonly from: string; readonly to: string }
  | { readonly kind: "ids"; readonly eventIds: readonly string[] };

async function queueAgain(
  deps: WebhookEndpointDependencies,
  caller: Caller,
  endpoint: WebhookEndpoint,
  events: readonly { id: string; seq: number }[],
  trigger: "replay" | "manual",
  action: string,
  details: Record<string, unknown>,
  requestId: string | null,
): Promise<{ queued: number; eventIds: string[] }> {
  // Nothing is sent to a disabled endpoint: queuing for it would only be cancelled, unsaid.
  if (!endpoint.enabled) {
    throw new DomainError(
      "CONFLICT",
      `Webhook endpoint ${endpoint.id} is disabled: enable it (PATCH enabled true) before sending events again`,
      { endpoint_id: endpoint.id, disabled_reason: endpoint.disabledReason },
    );
  }
  const now = deps.clock.now().toISOString();
  return await deps.atomically(async () => {
    const queued = await deps.deliveries.enqueue(events.map((event) => {
      const id = deps.ids.newId();
      return {
        id,
        orgId: caller.orgId,
        endpointId: endpoint.id,
        eventId: event.id,
        eventSeq: event.seq,
        trigger,
        dedupeKey: `${trigger}:${id}`,
        nextAttemptAt: now,
        createdAt: now,
      };
    }));
    await deps.audit({
      orgId: caller.orgId,
      at: now,
      actor: actorOf(caller),
      action,
      target: `webhook_endpoint:${endpoint.id}`,
      details: { endpoint_id: endpoint.id, ...details, queued },
      requestId,
    });
    return { queued, eventIds: events.map((e) => e.id) };
  });
}

/**
 * Sends events to the endpoint again (trigger `replay`): those of a time range (`from` inclusive,
 * `to` exclusive) of the types it takes, or those named. Each keeps its event id (the
 * `webhook-id`), so a receiver that saw it already drops it. Audited (`webhook_endpoint.replayed`).
 */
export async function replayWebhookEvents(
  deps: WebhookEndpointDependencies,
  caller: Caller,
  id: string,
  selection: ReplaySelection,
  requestId: string | null,
): Promise<{ queued: number; eventIds: string[] }> {
  const endpoint = await getWebhookEndpoint(deps, caller, id);
  const types = endpoint.eventTypes.length === 0 ? undefined : endpoint.eventTypes;
  let events;
  if (selection.kind === "range") {
    if (Date.parse(selection.from) >= Date.parse(selection.to)) {
      throw invalid("json.to", "must be after from");
    }
    events = await deps.outbox.list(caller.orgId, {
      from: selection.from,
      to: selection.to,
      types,
      limit: MAX_REPLAY_EVENTS + 1,
    });
    if (events.length > MAX_REPLAY_EVENTS) {
      throw invalid("json", `the range holds more than ${MAX_REPLAY_EVENTS} events; replay a shorter one`);
    }
  } else {
    events = await deps.outbox.getMany(caller.orgId, selection.eventIds);
    const found = new Set(events.map((e) => e.id));
    const missing = selection.eventIds.findIndex((e) => !found.has(e));
    if (missing >= 0) throw invalid(`json.event_ids.${missing}`, `no event ${selection.eventIds[missing]}`);
  }
  return await queueAgain(deps, caller, endpoint, events, "replay", "webhook_endpoint.replayed", {
    ...(selection.kind === "range" ? { from: selection.from, to: selection.to } : {}),
    event_count: events.length,
  }, requestId);
}

/**
 * Sends again (trigger `manual`) every event whose delivery to the endpoint failed for good (its
 * schedule spent, or cancelled when the endpoint was disabled) since `since`. Audited
 * (`webhook_endpoint.recovered`).
 */
export async function recoverWebhookDeliveries(
  deps: WebhookEndpointDependencies,
  caller: Caller,
  id: string,
  since: string,
  requestId: string | null,
): Promise<{ queued: number; eventIds: string[] }> {
  const endpoint = await getWebhookEndpoint(deps, caller, id);
  const ids = await deps.deliveries.failedEventIds(caller.orgId, id, since);
  const events = (await deps.outbox.getMany(caller.orgId, ids)).slice(0, MAX_REPLAY_EVENTS);
  return await queueAgain(deps, caller, endpoint, events, "manual", "webhook_endpoint.recovered", {
    since,
    event_count: events.length,
  }, requestId);
}
