/**
 * A small structured logger: one JSON line per event on stderr. Only redacted text may be passed to it;
 * the core redacts questions before anything reaches here.
 */

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

/** Where log lines go; tests pass an array-backed sink to read what was logged. */
export type LogSink = (line: string) => void;

const stderrSink: LogSink = (line) => process.stderr.write(`${line}\n`);

/** Creates a logger that drops events below `level`. */
export function createLogger(level: LogLevel = "info", sink: LogSink = stderrSink): Logger {
  const emit =
    (at: Exclude<LogLevel, "silent">) =>
    (event: string, fields: Record<string, unknown> = {}) => {
      if (ORDER[at] < ORDER[level]) return;
      // The record's own fields come last so a caller's field of the same name cannot overwrite them.
      sink(JSON.stringify({ ...serialise(fields), time: new Date().toISOString(), level: at, event }));
    };
  return { debug: emit("debug"), info: emit("info"), warn: emit("warn"), error: emit("error") };
}

/** The fields every record sets itself. */
const OWN_FIELDS: ReadonlySet<string> = new Set(["time", "level", "event"]);

/**
 * Errors do not survive JSON.stringify; keep their name, message, code and cause chain. A field named like
 * one of the record's own (a caller's `level`) is kept as `field_level` rather than lost or let through.
 */
function serialise(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields))
    out[OWN_FIELDS.has(key) ? `field_${key}` : key] = value instanceof Error ? describe(value) : value;
  return out;
}

function describe(error: Error): Record<string, unknown> {
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: error.message,
    ...(code === undefined ? {} : { code }),
    ...(error.cause instanceof Error ? { cause: describe(error.cause) } : {}),
  };
}
