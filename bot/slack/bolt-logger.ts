import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import type { Logger } from "../../foundation/log.ts";

/**
 * Bolt's logger interface over ours. Only warnings and errors are forwarded: Bolt's debug and info lines
 * can carry request bodies, which hold the question before the core has redacted it.
 */
export function createBoltLogger(log: Logger): BoltLogger {
  const forward =
    (level: "warn" | "error") =>
    (...parts: unknown[]) =>
      log[level]("slack.bolt", { message: parts.map(describe).join(" ") });
  return {
    debug: () => {},
    info: () => {},
    warn: forward("warn"),
    error: forward("error"),
    // Bolt sets its level at start-up; the level stays at warn whatever it asks for.
    setLevel: () => {},
    getLevel: () => LogLevel.WARN,
    setName: () => {},
  };
}

function describe(part: unknown): string {
  if (part instanceof Error) {
    const code = (part as { code?: unknown }).code;
    return code === undefined
      ? `${part.name}: ${part.message}`
      : `${part.name} (${String(code)}): ${part.message}`;
  }
  return typeof part === "string" ? part : String(part);
}
