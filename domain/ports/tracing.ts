/**
 * Spans around units of work (a QuickBooks call, a job run), in the service's own terms: the
 * adapter (adapters/telemetry/otel_tracer.ts) backs it with OpenTelemetry, which is a no-op unless
 * the runtime's telemetry is on (`OTEL_DENO=true`). Attribute values are plain scalars; never a
 * token or a payload.
 */
export type SpanAttributes = Readonly<Record<string, string | number | boolean>>;

/** The span of the work in progress: attributes learnt while it runs (Intuit's transaction id). */
export interface ActiveSpan {
  setAttributes(attributes: SpanAttributes): void;
}

/**
 * The payload key under which a queued job carries the trace of the call that queued it, so its
 * run continues that trace (the API call, then the job, then each QuickBooks batch).
 */
export const TRACE_PARENT_KEY = "trace_parent";

export interface Tracer {
  /**
   * Runs `work` inside a span named `name`; the span ends when the work does, marked as an error
   * (with the error's `code` when it has one) when the work throws. Its parent is `parent` (a W3C
   * `traceparent`, from {@link Tracer.traceParent} of another process or moment) when given and
   * well-formed, else the current span.
   */
  inSpan<T>(
    name: string,
    attributes: SpanAttributes,
    work: (span: ActiveSpan) => Promise<T>,
    parent?: string | null,
  ): Promise<T>;
  /** The current span as a W3C `traceparent` (`00-<trace id>-<span id>-<flags>`), or null outside one. */
  traceParent(): string | null;
}

/**
 * Traces nothing: for components built without a tracer (unit tests of one component).
 *
 * @example
 * ```ts
 * await NO_TRACING.inSpan("job", {}, () => Promise.resolve(1)); // 1
 * NO_TRACING.traceParent(); // null
 * ```
 */
export const NO_TRACING: Tracer = Object.freeze({
  inSpan: <T>(_name: string, _attributes: SpanAttributes, work: (span: ActiveSpan) => Promise<T>) =>
    work({ setAttributes: () => {} }),
  traceParent: () => null,
});
