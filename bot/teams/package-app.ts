/**
 * `npm run teams:package -- [--website-url URL] [--privacy-url URL] [--terms-url URL] [--developer NAME]
 * [--domain HOST]... [--app-version X.Y.Z] [--out DIR]`: builds the Teams app package (manifest and icons,
 * validated against the manifest schema) and prints the zip's path.
 */
import fs from "node:fs";
import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { asCodedError } from "../../foundation/errors.ts";
import { loadConfig, PROJECT_ROOT } from "../config.ts";
import { packageTeamsApp } from "./teams-app-package.ts";

const SEMVER = /^\d+\.\d+\.\d+$/;

function webAddress(value: string): string {
  if (!/^https?:\/\/\S+$/i.test(value)) throw new InvalidArgumentError("must start with https://");
  return value;
}

function projectVersion(): string {
  const { version } = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as {
    version?: string;
  };
  return version && SEMVER.test(version) ? version : "1.0.0";
}

async function main(argv: string[]): Promise<void> {
  const options = new Command()
    .name("teams:package")
    .description("Build the Microsoft Teams app package for the safeguarding guidance bot.")
    .option("--website-url <url>", "your organisation's page about the assistant", webAddress)
    .option("--privacy-url <url>", "privacy notice (default: the website)", webAddress)
    .option("--terms-url <url>", "terms of use (default: the website)", webAddress)
    .option("--developer <name>", "organisation named as the app's developer (32 characters at most)")
    .option(
      "--domain <host>",
      "a domain for validDomains (repeatable)",
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .option("--app-version <x.y.z>", "app version; raise it for every upload (default: package.json's)")
    .option("--out <dir>", "output folder (default: DATA_DIR/teams-app)")
    .parse(argv)
    .opts<{
      websiteUrl?: string;
      privacyUrl?: string;
      termsUrl?: string;
      developer?: string;
      domain: string[];
      appVersion?: string;
      out?: string;
    }>();

  const version = options.appVersion ?? projectVersion();
  if (!SEMVER.test(version))
    throw new InvalidArgumentError(`--app-version must look like 1.0.0, not "${version}"`);
  const result = await packageTeamsApp({
    config: loadConfig(),
    version,
    domains: options.domain,
    ...(options.out ? { outDir: path.resolve(options.out) } : {}),
    ...(options.developer ? { developerName: options.developer } : {}),
    ...(options.websiteUrl ? { websiteUrl: options.websiteUrl } : {}),
    ...(options.privacyUrl ? { privacyUrl: options.privacyUrl } : {}),
    ...(options.termsUrl ? { termsOfUseUrl: options.termsUrl } : {}),
  });
  for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
  process.stdout.write(
    `Teams app package (manifest v${result.manifest.manifestVersion}, validated): ${result.zipPath}\n`,
  );
}

main(process.argv).catch((error: unknown) => {
  const coded = asCodedError(error);
  process.stderr.write(
    `${coded.code === "internal" && error instanceof Error ? error.message : coded.userMessage}\n`,
  );
  process.exitCode = 1;
});
