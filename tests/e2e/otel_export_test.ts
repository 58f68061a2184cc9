/**
 * Deno's built-in OpenTelemetry end to end: `deno task start` with OTEL_DENO=true exporting over
 * OTLP/HTTP (JSON) to a collector this test plays. One sync is one trace: the server span of
 * POST /sync, the job's run as its child (the request's traceparent rode in the job's payload),
 * each QuickBooks batch as the run's child with the realm and Intuit's transaction id, and the
 * batch's fetch below it.
 */
import assert from "node:assert/strict";
import { DEVELOPMENT_CALLER, signDevelopmentToken } from "../../src/composition/development_token.ts";
import { readDevelopmentSecrets } from "../../adapters/system/development_secrets_file.ts";
import { FINISHED, poll, processApi, queuePush } from "../support/push_run.ts";
import { freePort, type ServiceProcess, startServiceProcess } from "../support/service_process.ts";

interface ExportedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: number;
  readonly scope: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** The spans of OTLP/JSON trace exports (resourceSpans -> scopeSpans -> spans). */
function spansOf(body: {
  resourceSpans?: {
    scopeSpans?: {
      scope?: { name?: string };
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        attributes?: { key: string; value: Record<string, unknown> }[];
      }[];
    }[];
  }[];
}): ExportedSpan[] {
  return (body.resourceSpans ?? []).flatMap((r) =>
    (r.scopeSpans ?? []).flatMap((s) =>
      (s.spans ?? []).map((span) => ({
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId || undefined,
        name: span.name,
        kind: span.kind,
        scope: s.scope?.name ?? "",
        attributes: Object.fromEntries(
          (span.attributes ?? []).map((a) => [a.key, Object.values(a.value)[0]]),
        ),
      }))
    )
  );
}

Deno.test({
  name:
    "OpenTelemetry (OTEL_DENO=true): one sync is one trace, POST /sync -> job run -> each QuickBooks batch with intuit_tid -> its fetch",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const exported: ExportedSpan[] = [];
    const collector = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (request) => {
      if (new URL(request.url).pathname === "/v1/traces") exported.push(...spansOf(await request.json()));
      else await request.body?.cancel();
      return Response.json({});
    });
    const dir = await Deno.makeTempDir({ prefix: "otel-e2e-" });
    const port = freePort();
    const env = {
      APP_ENV: "development",
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: `file:${dir}/estatecore.db`,
      EMULATOR_STATE_FILE: `${dir}/emulator-state.json`,
      LOG_LEVEL: "info",
      OTEL_DENO: "true",
      OTEL_DENO_CONSOLE: "ignore",
      OTEL_SERVICE_NAME: "estatecore-quickbooks-test",
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collector.addr.port}`,
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    };
    let service: ServiceProcess | undefined = await startServiceProcess(env);
    try {
      const secrets = (await readDevelopmentSecrets(`${dir}/estatecore.db.secrets`))!;
      const bearer = await signDevelopmentToken(secrets.jwtSecret, DEVELOPMENT_CALLER, new Date());
      const call = processApi(() => service!.base, bearer);
      const shape = { properties: 1, unitsPerProperty: 4, months: 1 };
      const { realmId, jobId } = await queuePush(
        call,
        service.base,
        DEVELOPMENT_CALLER.org,
        shape,
        secrets.emulatorAdminToken,
      );
      const job = await poll("the push to finish", 30_000, async () => {
        const j = (await call("GET", `/sync/jobs/${jobId}`)).body.data;
        return FINISHED.includes(j.status) ? j : undefined;
      });
      assert.equal(job.status, "succeeded", JSON.stringify(job).slice(0, 500));
      await service.stop("SIGTERM");
      service = undefined;

      const run = await poll(
        "the job's span to be exported",
        20_000,
        () =>
          Promise.resolve(
            exported.find((s) => s.name === "job sync.run" && s.attributes["job.id"] === jobId),
          ),
      );
      assert.equal(run.scope, "estatecore-quickbooks");
      assert.equal(run.attributes["quickbooks.realm_id"], realmId);
      assert.equal(run.attributes["job.outcome"], "succeeded");
      const request = exported.find((s) => s.spanId === run.parentSpanId);
      assert.ok(request, "the run's parent, the request that queued it, was exported");
      assert.equal(request.traceId, run.traceId);
      assert.equal(request.kind, 2, "a server span");
      assert.equal(request.attributes["http.request.method"], "POST");
      assert.match(
        String(request.attributes["url.full"] ?? request.attributes["url.path"]),
        /\/api\/quickbooks\/sync$/,
      );

      const batches = exported.filter((s) => s.name === "quickbooks batch" && s.parentSpanId === run.spanId);
      assert.ok(batches.length >= job.result.push.write_calls, `${batches.length} batch spans`);
      for (const batch of batches) {
        assert.equal(batch.traceId, run.traceId);
        assert.equal(batch.attributes["quickbooks.realm_id"], realmId);
        assert.equal(batch.attributes["quickbooks.operation"], "batch");
        assert.match(String(batch.attributes.intuit_tid), /\S/, "Intuit's transaction id of the answer");
        const fetched = exported.find((s) => s.parentSpanId === batch.spanId && s.kind === 3);
        assert.ok(fetched, "the batch's HTTP exchange is its child (Deno's fetch instrumentation)");
      }
      assert.ok(
        exported.some((s) => s.name === "quickbooks query" && s.traceId === run.traceId),
        "the run's queries are in the same trace",
      );
    } finally {
      await service?.stop("SIGKILL");
      await collector.shutdown();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
