import type { LogFields, Logger, LogLevel } from "../../domain/ports/logger.ts";
import { redact, redactString } from "./redaction.ts";

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Where a JSON line goes; stdout by default, an array in tests. */
export type LineSink = (line: string) => void;

const stdoutSink: LineSink = (line) => console.log(line);

/**
 * JSON-lines logger: one object per event with `time`, `level`, `msg` and the redacted fields.
 * The clock is injected so tests get stable output.
 */
export class JsonLogger implements Logger {
  readonly #level: LogLevel;
  readonly #sink: LineSink;
  readonly #base: LogFields;
  readonly #now: () => Date;

  constructor(options: { level?: LogLevel; sink?: LineSink; base?: LogFields; now?: () => Date } = {}) {
    this.#level = options.level ?? "info";
    this.#sink = options.sink ?? stdoutSink;
    this.#base = options.base ?? {};
    this.#now = options.now ?? (() => new Date());
  }

  debug(message: string, fields?: LogFields): void {
    this.#write("debug", message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.#write("info", message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.#write("warn", message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.#write("error", message, fields);
  }

  child(fields: LogFields): Logger {
    return new JsonLogger({ level: this.#level, sink: this.#sink, base: { ...this.#base, ...fields }, now: this.#now });
  }

  #write(level: LogLevel, message: string, fields?: LogFields): void {
    if (ORDER[level] < ORDER[this.#level]) return;
    const event = {
      time: this.#now().toISOString(),
      level,
      msg: redactString(message),
      ...(redact({ ...this.#base, ...fields }) as Record<string, unknown>),
    };
    let line: string;
    try {
      line = JSON.stringify(event);
    } catch {
      line = JSON.stringify({ time: event.time, level, msg: event.msg, note: "fields not serializable" });
    }
    this.#sink(line);
  }
}
