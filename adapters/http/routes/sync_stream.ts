import { createRoute, z } from "@hono/zod-openapi";
import { requires } from "../access.ts";
import { streamSSE } from "hono/streaming";
import { DomainError } from "../../../domain/errors.ts";
import type { ApiApp, Caller } from "../api_types.ts";
import { SyncJob } from "./sync.ts";

type SyncJobView = z.infer<typeof SyncJob>;

/** What the stream sends, as the application produces it. */
export type JobStreamFrame =
  | { readonly kind: "progress" | "done"; readonly id: string; readonly job: SyncJobView }
  | { readonly kind: "heartbeat" };

/** What the progress stream route needs from the application. */
export interface SyncStreamServices {
  /**
   * The job's frames until it ends. Must throw NOT_FOUND (before yielding) for an unknown job or
   * another organization's, and stop when `signal` aborts.
   */
  watchSyncJob(
    caller: Caller,
    jobId: string,
    options: { lastEventId: string | null; signal: AbortSignal },
  ): AsyncGenerator<JobStreamFrame>;
}

const STREAM_DESCRIPTION = [
  "Server-Sent Events (`text/event-stream`) of a sync job's progress, for progress bars that do not poll.",
  "",
  "- `event: progress` — `data` is the SyncJob (same shape as `GET /sync/jobs/{job_id}`), sent first at once",
  "  and then each time the job's status or counts change; `id` identifies that state.",
  "- `event: done` — the final SyncJob once the job is `succeeded`, `succeeded_with_errors`, `dead` or `cancelled`; the stream then closes.",
  "- `event: error` — `{code, message}` when the job can no longer be read; the stream then closes.",
  "- Comment lines (`: heartbeat`) while nothing changes, so proxies keep the connection open.",
  "",
  "Reconnecting with `Last-Event-ID` skips the state the client already holds: a finished job then only",
  "sends `done`. An unknown job, or another organization's, is a JSON 404 before any stream starts.",
].join("\n");

export function registerSyncStreamRoutes(api: ApiApp, services: SyncStreamServices): void {
  api.openapi(
    createRoute({
      method: "get",
      path: "/sync/jobs/{job_id}/events",
      tags: ["sync"],
      summary: "Live progress of a sync job as Server-Sent Events",
      description: STREAM_DESCRIPTION,
      ...requires("sync:read"),
      request: {
        params: z.object({ job_id: z.string().min(1).max(64) }),
        headers: z.object({
          "last-event-id": z.string().max(200).optional().openapi({
            description: "The `id` of the last event received, when reconnecting",
          }),
        }),
      },
      responses: {
        200: {
          description: "The event stream",
          content: {
            "text/event-stream": {
              schema: z.string().openapi({
                example:
                  'event: progress\ndata: {"id":"job-1","status":"running",...}\nid: 1.running.40.0.0.120\n\n',
              }),
            },
          },
        },
      },
    }),
    async (c) => {
      const caller = c.get("caller");
      const { job_id: jobId } = c.req.valid("param");
      const disconnected = new AbortController();
      const frames = services.watchSyncJob(caller, jobId, {
        lastEventId: c.req.valid("header")["last-event-id"] ?? null,
        signal: disconnected.signal,
      });
      // The first frame is read before answering, so an unknown job is a plain JSON 404.
      const first = await frames.next();
      return streamSSE(c, async (stream) => {
        stream.onAbort(() => disconnected.abort());
        try {
          for (let frame = first; !frame.done && !stream.aborted; frame = await frames.next()) {
            const f = frame.value;
            if (f.kind === "heartbeat") await stream.write(": heartbeat\n\n");
            else await stream.writeSSE({ event: f.kind, id: f.id, data: JSON.stringify(f.job) });
          }
        } catch (error) {
          const code = error instanceof DomainError ? error.code : "INTERNAL_ERROR";
          await stream.writeSSE({
            event: "error",
            data: JSON.stringify({ code, message: "The job's progress could not be read" }),
          });
        } finally {
          disconnected.abort();
          await frames.return(undefined);
        }
      });
    },
  );
}
