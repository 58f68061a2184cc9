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

export interface Tracer {
  /**
   * Runs `work` inside a span named `name`, the current span its parent; the span ends when the
   * work does, marked as an error (with the error's `code` when it has one) when the work throws.
   */
  inSpan<T>(name: string, attributes: SpanAttributes, work: (span: ActiveSpan) => Promise<T>): Promise<T>;
}

/**
 * Traces nothing: for components built without a tracer (unit tests of one component).
 *
 * @example
 * ```ts
 * await NO_TRACING.inSpan("job", {}, () => Promise.resolve(1)); // 1
 * ```
 */
export const NO_TRACING: Tracer = Object.freeze({
  inSpan: <T>(_name: string, _attributes: SpanAttributes, work: (span: ActiveSpan) => Promise<T>) =>
    work({ setAttributes: () => {} }),
});
