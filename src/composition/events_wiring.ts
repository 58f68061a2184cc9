/** Outbound events: the feed (`GET /events`) over the outbox the use cases append to. */
import { registerEventFeedRoutes } from "../../adapters/http/routes/events.ts";
import type { ApiApp } from "../../adapters/http/api_types.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { EventOutbox } from "../../domain/ports/event_outbox.ts";
import { readEventFeed } from "../events/event_feed.ts";

export function wireEvents(deps: {
  readonly outbox: EventOutbox;
  readonly clock: Clock;
}): { readonly routeModules: ReadonlyArray<(api: ApiApp) => void> } {
  const { outbox, clock } = deps;
  return {
    routeModules: [
      (api) =>
        registerEventFeedRoutes(api, {
          readEventFeed: (caller, query) => readEventFeed({ outbox }, caller, query),
        }, () => clock.now()),
    ],
  };
}
