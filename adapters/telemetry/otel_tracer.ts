import { type Span, SpanStatusCode, trace, type TracerProvider } from "@opentelemetry/api";
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

  inSpan<T>(name: string, attributes: SpanAttributes, work: (span: ActiveSpan) => Promise<T>): Promise<T> {
    const tracer = this.#provider().getTracer(TRACER_NAME);
    return tracer.startActiveSpan(name, { attributes }, async (span: Span) => {
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
}
