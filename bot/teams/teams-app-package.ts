import fs from "node:fs/promises";
import path from "node:path";
import JSZip from "jszip";
import { CodedError, ErrorCode } from "../../foundation/errors.ts";
import type { Config } from "../config.ts";
import { colorIconPng, outlineIconPng } from "./icons.ts";
import {
  buildTeamsManifest,
  COLOR_ICON_FILE,
  OUTLINE_ICON_FILE,
  PLACEHOLDER_BOT_ID,
  type TeamsManifest,
  validateTeamsManifest,
} from "./teams-manifest.ts";

/** The package's file name inside the output folder. */
export const TEAMS_APP_ZIP = "safeguarding-guidance.zip";

/** Shown when no website is given; the warning says to replace it before publishing. */
const PLACEHOLDER_WEBSITE = "https://www.example.org/safeguarding-guidance";

export interface PackageTeamsAppOptions {
  config: Pick<Config, "MicrosoftAppId" | "DATA_DIR">;
  /** Where the zip goes; DATA_DIR/teams-app by default. */
  outDir?: string;
  /** The app version, x.y.z. */
  version: string;
  developerName?: string;
  /** The organisation's page about the assistant; also the default privacy and terms pages. */
  websiteUrl?: string;
  privacyUrl?: string;
  termsOfUseUrl?: string;
  /** Extra domains for validDomains; the website's host is always included unless it is the placeholder. */
  domains?: string[];
}

export interface PackagedTeamsApp {
  zipPath: string;
  manifest: TeamsManifest;
  /** Things to fix before uploading to a real tenant (placeholder ids and pages). */
  warnings: string[];
}

/**
 * Builds the Teams app package: manifest.json, a 192x192 colour icon and a 32x32 outline icon, zipped.
 * The manifest is validated against the schema of the version it declares before anything is written;
 * an invalid manifest throws a CodedError listing the problems.
 */
export async function packageTeamsApp(options: PackageTeamsAppOptions): Promise<PackagedTeamsApp> {
  const warnings: string[] = [];
  const botId = options.config.MicrosoftAppId ?? PLACEHOLDER_BOT_ID;
  if (!options.config.MicrosoftAppId) {
    warnings.push(
      `MicrosoftAppId is not set, so the bot id is the placeholder ${PLACEHOLDER_BOT_ID}; set it to the Azure Bot's Microsoft App ID and package again before uploading.`,
    );
  }
  const websiteUrl = options.websiteUrl ?? PLACEHOLDER_WEBSITE;
  if (!options.websiteUrl) {
    warnings.push(
      `No --website-url given, so the developer pages are the placeholder ${PLACEHOLDER_WEBSITE}; give your organisation's pages before publishing.`,
    );
  }
  const validDomains = [
    ...new Set([...(options.domains ?? []), ...(options.websiteUrl ? [hostOf(websiteUrl)] : [])]),
  ];

  const manifest = buildTeamsManifest({
    botId,
    version: options.version,
    developerName: options.developerName ?? "Safeguarding guidance team",
    websiteUrl,
    privacyUrl: options.privacyUrl ?? websiteUrl,
    termsOfUseUrl: options.termsOfUseUrl ?? websiteUrl,
    validDomains,
  });
  const problems = await validateTeamsManifest(manifest);
  if (problems.length > 0) {
    throw new CodedError(
      ErrorCode.ConfigInvalid,
      `The Teams manifest does not match schema v${manifest.manifestVersion}: ${problems.join("; ")}`,
    );
  }

  const zip = new JSZip();
  zip.file("manifest.json", `${JSON.stringify(manifest, null, 2)}\n`);
  zip.file(COLOR_ICON_FILE, colorIconPng());
  zip.file(OUTLINE_ICON_FILE, outlineIconPng());
  const contents = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });

  const outDir = options.outDir ?? path.join(options.config.DATA_DIR, "teams-app");
  await fs.mkdir(outDir, { recursive: true });
  const zipPath = path.join(outDir, TEAMS_APP_ZIP);
  await fs.writeFile(zipPath, contents);
  return { zipPath, manifest, warnings };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    throw new CodedError(ErrorCode.BadRequest, `"${url}" is not a web address.`);
  }
}
