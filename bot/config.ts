import path from "node:path";
import { z } from "zod";
import { PROJECT_ROOT } from "../foundation/project-root.ts";
import { DEFAULT_EMBED_WORKERS } from "../knowledge/embeddings/embedding-pool-settings.ts";
import { DEFAULT_ANSWER_QUEUE, DEFAULT_ANSWER_WORKERS } from "./answer-workers/pool-settings.ts";
import { isLoopbackServiceUrl } from "./loopback.ts";

/** Defaults are resolved from the project root, so they work whatever directory a command starts in. */
export { PROJECT_ROOT };

const fromRoot = (p: string) => path.resolve(PROJECT_ROOT, p);

/** Comma-separated list, e.g. "U01,U02". */
const list = z
  .string()
  .transform((s) =>
    s
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .default([]);

/** "key=value" pairs separated by commas, e.g. "C0123=dudley,C0456=walsall". */
const keyValueMap = z
  .string()
  .transform((s, ctx) => {
    const map: Record<string, string> = {};
    for (const pair of s
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean)) {
      const parts = pair.split("=").map((x) => x.trim());
      const [key, value] = parts;
      if (!key || !value) {
        ctx.addIssue({ code: "custom", message: `"${pair}" is not of the form id=area` });
        continue;
      }
      // "a=b=c" is a missing comma or a stray "=": taking "b" and dropping "c" would route to the wrong area.
      if (parts.length > 2) {
        ctx.addIssue({
          code: "custom",
          message: `"${pair}" has more than one "=": write one id=area per pair`,
        });
        continue;
      }
      map[key] = value;
    }
    return map;
  })
  .default({});

/** Random bytes as text: 32 characters is 192 bits or more in any of the encodings an admin will reach for. */
const MIN_SESSION_SECRET_LENGTH = 32;

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3978),
  // Unset: this machine only while sign-in is off, every interface once it is on (see withDefaultHost).
  HOST: z.string().optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),

  LIBRARY_DIR: z.string().default(fromRoot("knowledge/library")).transform(fromRoot),
  INDEX_DIR: z.string().default(fromRoot(".data/index")).transform(fromRoot),
  DATA_DIR: z.string().default(fromRoot(".data")).transform(fromRoot),
  GLOSSARY_FILE: z.string().default(fromRoot("knowledge/glossary.yaml")).transform(fromRoot),
  ROUTES_FILE: z.string().default(fromRoot("knowledge/routes.yaml")).transform(fromRoot),
  RISK_RULES_FILE: z.string().default(fromRoot("knowledge/risk-rules.yaml")).transform(fromRoot),
  RISK_EXAMPLES_FILE: z.string().default(fromRoot("knowledge/risk-examples.jsonl")).transform(fromRoot),
  RISK_MODEL_FILE: z.string().default(fromRoot("knowledge/risk-model.json")).transform(fromRoot),
  STALE_AFTER_YEARS: z.coerce.number().positive().default(3),
  // Ingest refuses (and reports) files beyond these; the reasons are with the defaults in ingest/pipeline.ts.
  INGEST_MAX_FILE_MB: z.coerce.number().positive().default(25),
  INGEST_MAX_PASSAGES: z.coerce.number().int().positive().default(5000),
  // Worker threads embedding passages with the local model (0 or 1: the ingest's own thread); the reasons
  // for the default are in knowledge/embeddings/embedding-pool-settings.ts.
  EMBED_WORKERS: z.coerce.number().int().min(0).max(64).default(DEFAULT_EMBED_WORKERS),
  // Answer worker threads (0: answer in the server's own thread) and the questions that may wait for one;
  // the reasons for the defaults are in bot/answer-workers/pool-settings.ts.
  ANSWER_WORKERS: z.coerce.number().int().min(0).max(64).default(DEFAULT_ANSWER_WORKERS),
  ANSWER_QUEUE: z.coerce.number().int().min(1).max(10_000).default(DEFAULT_ANSWER_QUEUE),
  AUDIT_KEY: z.string().min(16, "must be at least 16 characters").optional(),
  // Set: the store is this PostgreSQL database, shared by every replica; unset: SQLite in DATA_DIR.
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),

  EMBEDDINGS: z.enum(["local", "openai"]).default("local"),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_MODEL: z.string().default("gpt-4o-mini"),
  OPENAI_EMBEDDINGS_MODEL: z.string().default("text-embedding-3-small"),
  OPENAI_API_VERSION: z.string().optional(),

  SLACK_BOT_TOKEN: z.string().optional(),
  SLACK_SIGNING_SECRET: z.string().optional(),
  SLACK_APP_TOKEN: z.string().optional(),
  SLACK_API_URL: z.url().optional(),
  SLACK_SLASH_COMMAND: z
    .string()
    .regex(/^\/[a-z0-9_-]+$/, "must look like /guidance")
    .default("/guidance"),
  SLACK_HANDOFF_CHANNEL: z.string().optional(),
  SLACK_ADMIN_USER_IDS: list,
  SLACK_AREA_MAP: keyValueMap,

  MicrosoftAppId: z.string().optional(),
  MicrosoftAppPassword: z.string().optional(),
  // Azure creates single-tenant bots now; MultiTenant with a single-tenant registration gets 401s.
  MicrosoftAppType: z.enum(["MultiTenant", "SingleTenant", "UserAssignedMSI"]).default("SingleTenant"),
  MicrosoftAppTenantId: z.string().optional(),
  TEAMS_ADMIN_IDS: list,
  TEAMS_AREA_MAP: keyValueMap,
  TEAMS_HANDOFF_CHANNEL_ID: z.string().optional(),
  // Local development mode authenticates nobody, so admin commands there need this explicit "true".
  TEAMS_DEV_ADMIN: z
    .enum(["true", "false"])
    .default("false")
    .transform((value) => value === "true"),

  WEB_AUTH: z.enum(["off", "oidc", "open"]).default("off"),
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  PUBLIC_URL: z.url().optional(),
  SESSION_SECRET: z
    .string()
    .min(MIN_SESSION_SECRET_LENGTH, `must be at least ${MIN_SESSION_SECRET_LENGTH} characters`)
    .optional(),
  OIDC_ALLOWED_GROUPS: list,
  OIDC_ADMIN_GROUPS: list,
});

type ConfigValues = Omit<z.infer<typeof schema>, "HOST"> & { HOST: string };

/** The validated config; read-only all the way down, as loadConfig freezes its lists and maps too. */
export type Config = {
  readonly [K in keyof ConfigValues]: ConfigValues[K] extends string[]
    ? readonly string[]
    : ConfigValues[K] extends Record<string, string>
      ? Readonly<Record<string, string>>
      : ConfigValues[K];
};

/** Every invalid variable at once, so an admin fixes them in one go. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/**
 * Reads the environment once, treating empty strings as unset, and returns a deeply frozen, validated
 * config. Throws ConfigError naming every bad variable and every missing companion variable together.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== "") present[name] = value;
  }
  const parsed = schema.safeParse(present);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  // On the raw values, so a bad PORT does not hide that EMBEDDINGS=openai also needs a key.
  problems.push(...companionProblems(present));
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(withDefaultHost(parsed.data));
}

/**
 * With sign-in off the page answers this machine only, so listening on every interface would just invite
 * refusals; with sign-in on (or open on purpose) the reverse proxy or the users must reach the port.
 */
function withDefaultHost(values: z.infer<typeof schema>): ConfigValues {
  return { ...values, HOST: values.HOST ?? (values.WEB_AUTH === "off" ? "127.0.0.1" : "0.0.0.0") };
}

/**
 * Variables that are each valid alone but need another one set. The fields read here are the same before
 * and after parsing (enums and optional strings), so the raw environment serves.
 */
function companionProblems(env: Record<string, string>): string[] {
  const problems: string[] = [];
  if (env.EMBEDDINGS === "openai" && !env.OPENAI_API_KEY) {
    problems.push("EMBEDDINGS: openai needs OPENAI_API_KEY");
  }
  if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
    problems.push(
      "SLACK_SIGNING_SECRET: needed with SLACK_BOT_TOKEN unless SLACK_APP_TOKEN selects Socket Mode",
    );
  }
  if (env.MicrosoftAppId && !env.MicrosoftAppPassword && env.MicrosoftAppType !== "UserAssignedMSI") {
    problems.push("MicrosoftAppPassword: needed with MicrosoftAppId");
  }
  // SingleTenant is also the default, so an unset type needs the tenant too.
  if (
    (env.MicrosoftAppType ?? "SingleTenant") === "SingleTenant" &&
    env.MicrosoftAppId &&
    !env.MicrosoftAppTenantId
  ) {
    problems.push("MicrosoftAppTenantId: needed when MicrosoftAppType is SingleTenant");
  }
  if (env.WEB_AUTH === "oidc") problems.push(...signInProblems(env));
  return problems;
}

/** What WEB_AUTH=oidc needs: the provider, this app's registration, where it is reached and a cookie key. */
function signInProblems(env: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const name of [
    "OIDC_ISSUER",
    "OIDC_CLIENT_ID",
    "OIDC_CLIENT_SECRET",
    "PUBLIC_URL",
    "SESSION_SECRET",
  ]) {
    if (!env[name]) problems.push(`${name}: needed when WEB_AUTH is oidc`);
  }
  // Plain http would send the session cookie and the sign-in codes in clear; only this machine is exempt.
  for (const name of ["OIDC_ISSUER", "PUBLIC_URL"]) {
    const value = env[name];
    if (value && /^http:/i.test(value) && !isLoopbackServiceUrl(value)) {
      problems.push(`${name}: must start with https:// (http is only accepted for localhost)`);
    }
  }
  return problems;
}

/** Freezes the config with its lists and maps, so no module can change what another one reads. */
function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) {
    if (typeof inner === "object" && inner !== null) deepFreeze(inner);
  }
  return Object.freeze(value);
}

/** Whether the optional language model is configured. */
export const llmEnabled = (config: Config): boolean => Boolean(config.OPENAI_API_KEY);
