import {
  context,
  isSpanContextValid,
  type Span,
  type SpanContext,
  SpanStatusCode,
  trace,
  type TracerProvider,
} from "@opentelemetry/api";
import type { ActiveSpan, SpanAttributes, Tracer } from "../../domain/ports/tracing.ts";

/** The instrumentation scope our own spans are reported under. */
export const TRACER_NAME = "estatecore-quickbooks";

/**
 * The tracing port on the OpenTelemetry API. With `OTEL_DENO=true` Deno's built-in OpenTelemetry
 * backs the API (and exports over OTLP); otherwise the API's tracer is a no-op and spans cost
 * nothing. The provider is looked up at each span, so one registered later (a test's) is used.
 */
export class OtelTracer implements Tracer {
  readonly #provider: () => TracerProvider;

  constructor(provider: () => TracerProvider = () => trace.getTracerProvider()) {
    this.#provider = provider;
  }

  inSpan<T>(
    name: string,
    attributes: SpanAttributes,
    work: (span: ActiveSpan) => Promise<T>,
    parent?: string | null,
  ): Promise<T> {
    const tracer = this.#provider().getTracer(TRACER_NAME);
    const remote = parent ? parseTraceParent(parent) : null;
    const parentContext = remote ? trace.setSpanContext(context.active(), remote) : context.active();
    return tracer.startActiveSpan(name, { attributes }, parentContext, async (span: Span) => {
      try {
        return await work({ setAttributes: (more) => span.setAttributes(more) });
      } catch (error) {
        const code = typeof (error as { code?: unknown })?.code === "string"
          ? (error as { code: string }).code
          : "INTERNAL_ERROR";
        span.setAttributes({ "error.type": code });
        span.setStatus({ code: SpanStatusCode.ERROR, message: code });
        throw error;
      } finally {
        span.end();
      }
    });
  }

  traceParent(): string | null {
    const current = trace.getActiveSpan()?.spanContext();
    if (!current || !isSpanContextValid(current)) return null;
    const flags = (current.traceFlags & 0xff).toString(16).padStart(2, "0");
    return `00-${current.traceId}-${current.spanId}-${flags}`;
  }
}

const TRACE_PARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** A W3C `traceparent` as the span context of a remote parent; null when malformed or all zeros. */
export function parseTraceParent(value: string): SpanContext | null {
  const match = TRACE_PARENT.exec(value.trim());
  if (!match) return null;
  const spanContext = {
    traceId: match[1],
    spanId: match[2],
    traceFlags: parseInt(match[3], 16),
    isRemote: true,
  };
  return isSpanContextValid(spanContext) ? spanContext : null;
}
