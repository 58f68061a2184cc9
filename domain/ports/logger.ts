/** Structured log fields. Adapters redact secrets; callers still never pass raw tokens on purpose. */
export type LogFields = Readonly<Record<string, unknown>>;

export type LogLevel = "debug" | "info" | "warn" | "error";

/** Structured logging port: one JSON object per event in production. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every event (e.g. request id, org id). */
  child(fields: LogFields): Logger;
}
