import assert from "node:assert/strict";
import { SpanStatusCode, trace } from "@opentelemetry/api";
import { OtelTracer, parseTraceParent, TRACER_NAME } from "../../../adapters/telemetry/otel_tracer.ts";
import { DomainError } from "../../../domain/errors.ts";
import { recordSpans } from "../../support/span_recorder.ts";

Deno.test("OtelTracer.inSpan records a span with its attributes, those set while it runs, and its parent", async () => {
  const recorder = recordSpans();
  try {
    const result = await recorder.tracer.inSpan("job sync", { "job.id": "j1" }, async (span) => {
      span.setAttributes({ "job.outcome": "succeeded" });
      await new Promise((resolve) => setTimeout(resolve, 1));
      return await recorder.tracer.inSpan(
        "quickbooks batch",
        { "quickbooks.realm_id": "r1" },
        () => Promise.resolve(42),
      );
    });
    assert.equal(result, 42);
    const [inner, outer] = recorder.spans();
    assert.equal(outer.name, "job sync");
    assert.deepEqual(outer.attributes, { "job.id": "j1", "job.outcome": "succeeded" });
    assert.equal(outer.instrumentationScope.name, TRACER_NAME);
    assert.equal(inner.name, "quickbooks batch");
    assert.equal(inner.parentSpanContext?.spanId, outer.spanContext().spanId, "the call is the job's child");
    assert.equal(inner.spanContext().traceId, outer.spanContext().traceId);
    assert.equal(outer.status.code, SpanStatusCode.UNSET);
  } finally {
    recorder.close();
  }
});

Deno.test("OtelTracer.inSpan marks a failed span with the error's code and rethrows the error", async () => {
  const recorder = recordSpans();
  try {
    const failure = new DomainError("QB007", "QuickBooks is unavailable");
    await assert.rejects(
      recorder.tracer.inSpan("quickbooks query", {}, () => Promise.reject(failure)),
      (e) => e === failure,
    );
    const [span] = recorder.spans();
    assert.equal(span.status.code, SpanStatusCode.ERROR);
    assert.equal(span.status.message, "QB007");
    assert.equal(span.attributes["error.type"], "QB007");
    assert.ok(span.ended);
  } finally {
    recorder.close();
  }
});

Deno.test("OtelTracer without a registered provider (OTEL_DENO off) runs the work and records nowhere", async () => {
  const recorder = recordSpans();
  try {
    // The API's global provider: nothing registered in this process, so its spans are no-ops.
    let recording: boolean | undefined;
    const result = await new OtelTracer().inSpan("job sync", { "job.id": "j1" }, (span) => {
      span.setAttributes({ "job.outcome": "succeeded" });
      recording = trace.getActiveSpan()?.isRecording();
      return Promise.resolve("done");
    });
    assert.equal(result, "done");
    assert.equal(recording, false, "the span is the API's non-recording one");
    assert.deepEqual(recorder.spans(), [], "the test provider saw nothing");
  } finally {
    recorder.close();
  }
});

Deno.test("OtelTracer.traceParent names the current span as a W3C traceparent that inSpan continues elsewhere", async () => {
  const recorder = recordSpans();
  try {
    assert.equal(recorder.tracer.traceParent(), null, "outside any span");
    const carried = await recorder.tracer.inSpan(
      "POST /api/quickbooks/sync",
      {},
      () => Promise.resolve(recorder.tracer.traceParent()),
    );
    const [request] = recorder.spans();
    assert.equal(carried, `00-${request.spanContext().traceId}-${request.spanContext().spanId}-01`);

    // Later, outside the request (another process): the job's run continues the request's trace.
    await recorder.tracer.inSpan("job sync.run", {}, () => Promise.resolve(), carried);
    const job = recorder.spans()[1];
    assert.equal(job.spanContext().traceId, request.spanContext().traceId);
    assert.equal(job.parentSpanContext?.spanId, request.spanContext().spanId);

    await recorder.tracer.inSpan("job sync.run", {}, () => Promise.resolve(), "00-not-a-trace");
    const orphan = recorder.spans()[2];
    assert.notEqual(
      orphan.spanContext().traceId,
      request.spanContext().traceId,
      "a malformed parent starts anew",
    );
    assert.equal(orphan.parentSpanContext, undefined);
  } finally {
    recorder.close();
  }
});

Deno.test("parseTraceParent takes version 00 with valid ids only", () => {
  const id = "0af7651916cd43dd8448eb211c80319c";
  assert.deepEqual(parseTraceParent(`00-${id}-b7ad6b7169203331-01`), {
    traceId: id,
    spanId: "b7ad6b7169203331",
    traceFlags: 1,
    isRemote: true,
  });
  assert.equal(parseTraceParent(`00-${"0".repeat(32)}-b7ad6b7169203331-01`), null, "an all-zero trace id");
  assert.equal(parseTraceParent(`00-${id}-${"0".repeat(16)}-01`), null, "an all-zero span id");
  assert.equal(parseTraceParent(`00-${id.toUpperCase()}-b7ad6b7169203331-01`), null);
  assert.equal(parseTraceParent(""), null);
});
