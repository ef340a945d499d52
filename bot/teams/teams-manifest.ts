/**
 * The Teams app manifest for the bot, and its validation against the official JSON schema of the version it
 * declares, read offline from the @microsoft/app-manifest package.
 */
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import AjvDraft04Module, { type ValidateFunction } from "ajv-draft-04";
import addFormatsModule from "ajv-formats";
import { EXAMPLE_QUESTIONS, SOURCES_QUESTION } from "../core/commands.ts";
import { ACCENT_COLOR } from "./icons.ts";

/** The newest manifest schema bundled with @microsoft/app-manifest when this was written. */
export const MANIFEST_VERSION = "1.30";

/** Stands in for the bot id when MicrosoftAppId is not set: clearly not a real registration. */
export const PLACEHOLDER_BOT_ID = "00000000-0000-0000-0000-000000000000";

export const COLOR_ICON_FILE = "color.png";
export const OUTLINE_ICON_FILE = "outline.png";

export interface ManifestOptions {
  /** The Azure Bot's Microsoft App ID. */
  botId: string;
  /** The Teams app's own id; the bot id unless the organisation gives the app another. */
  appId?: string;
  /** The app version, semver x.y.z; raise it for every upload. */
  version: string;
  developerName: string;
  websiteUrl: string;
  privacyUrl: string;
  termsOfUseUrl: string;
  /** Domains the app may open links to (the bot's own host, a guidance site). */
  validDomains: string[];
}

/** The manifest object, as written to manifest.json. */
export type TeamsManifest = Record<string, unknown> & { manifestVersion: string };

/** Compiling a manifest schema takes about half a second, so each version is compiled once. */
const validators = new Map<string, ValidateFunction>();

const BOT_SCOPES = ["personal", "team"];

/** The commands every scope lists: help and sources, which the core reads as commands (bot/core/commands.ts). */
const COMMAND_MENU = [
  { title: "help", description: "What I can do and how to ask" },
  { title: "sources", description: "The guidance documents I answer from, with their dates" },
];

/**
 * Teams' prompt starters in personal chat: the example questions and the sources, each put into the compose
 * box as its prompt when chosen.
 */
const PROMPT_STARTERS = [
  ...EXAMPLE_QUESTIONS.map((example) => ({
    title: example.title,
    description: example.question,
    type: "prompt",
    prompt: example.question,
  })),
  {
    title: SOURCES_QUESTION,
    description: "The guidance documents I answer from, with their dates",
    type: "prompt",
    prompt: SOURCES_QUESTION,
  },
];

/**
 * Builds the manifest: one bot, in personal chat and teams; prompt starters and the command menu in personal
 * chat, the command menu in teams.
 */
export function buildTeamsManifest(options: ManifestOptions): TeamsManifest {
  return {
    $schema: `https://developer.microsoft.com/en-us/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`,
    manifestVersion: MANIFEST_VERSION,
    version: options.version,
    id: options.appId ?? options.botId,
    developer: {
      name: options.developerName,
      websiteUrl: options.websiteUrl,
      privacyUrl: options.privacyUrl,
      termsOfUseUrl: options.termsOfUseUrl,
    },
    name: { short: "Safeguarding guidance", full: "Safeguarding guidance assistant" },
    description: {
      short: "Answers safeguarding questions from your own guidance, citing sources.",
      full: "Answers health and social care practitioners' safeguarding questions from the organisation's own guidance documents, quoting and citing the passages it uses with their dates, and hands off to the safeguarding team when a question describes risk to a child. It supports, and does not replace, professional judgement and local safeguarding procedures.",
    },
    icons: { color: COLOR_ICON_FILE, outline: OUTLINE_ICON_FILE },
    accentColor: ACCENT_COLOR,
    bots: [
      {
        botId: options.botId,
        scopes: BOT_SCOPES,
        isNotificationOnly: false,
        supportsFiles: false,
        commandLists: [
          { scopes: ["personal"], commands: [...PROMPT_STARTERS, ...COMMAND_MENU] },
          { scopes: ["team"], commands: COMMAND_MENU },
        ],
      },
    ],
    validDomains: options.validDomains,
  };
}

/**
 * Validates a manifest against the schema of the manifestVersion it declares. Returns the problems, one
 * sentence each; an empty list means it is valid.
 */
export async function validateTeamsManifest(manifest: unknown): Promise<string[]> {
  const version =
    typeof manifest === "object" && manifest !== null
      ? (manifest as { manifestVersion?: unknown }).manifestVersion
      : "";
  if (typeof version !== "string" || !/^\d+\.\d+$/.test(version)) {
    return ["manifest.json declares no manifestVersion such as 1.30"];
  }
  let validate = validators.get(version);
  if (!validate) {
    let schema: Record<string, unknown>;
    try {
      schema = JSON.parse(await fs.readFile(schemaFile(version), "utf8"));
    } catch {
      return [`no schema for manifestVersion ${version} is bundled with @microsoft/app-manifest`];
    }
    const ajv = new AjvDraft04Module.default({ allErrors: true, strict: false });
    addFormatsModule.default(ajv);
    // The schema names itself by its public URL; it is compiled from the local copy, nothing is fetched.
    validate = ajv.compile(schema);
    validators.set(version, validate);
  }
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || "/"} ${error.message ?? "is invalid"}`,
  );
}

/** The bundled schema file for a manifest version. */
export function schemaFile(version: string): string {
  const packageJson = createRequire(import.meta.url).resolve("@microsoft/app-manifest/package.json");
  return path.join(
    path.dirname(packageJson),
    "build/json-schemas/teams",
    `v${version}`,
    "MicrosoftTeams.schema.json",
  );
}
