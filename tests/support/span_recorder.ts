/**
 * Spans as an OpenTelemetry SDK records them, for tests: a tracer provider of its own with an
 * in-memory exporter (@opentelemetry/sdk-trace-base), and the async-hooks context manager so a
 * span started inside another's work is its child, as under Deno's built-in OpenTelemetry.
 */
import { context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { OtelTracer } from "../../adapters/telemetry/otel_tracer.ts";

export interface SpanRecorder {
  readonly tracer: OtelTracer;
  spans(): ReadableSpan[];
  /** Ends the context manager this recorder registered. */
  close(): void;
}

export function recordSpans(): SpanRecorder {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const manager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(manager);
  return {
    tracer: new OtelTracer(() => provider),
    spans: () => exporter.getFinishedSpans(),
    close: () => {
      manager.disable();
      context.disable();
    },
  };
}
