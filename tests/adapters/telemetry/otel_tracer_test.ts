import assert from "node:assert/strict";
import { SpanStatusCode, trace } from "@opentelemetry/api";
import { OtelTracer, TRACER_NAME } from "../../../adapters/telemetry/otel_tracer.ts";
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
