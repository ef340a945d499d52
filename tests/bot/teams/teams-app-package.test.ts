import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inflateSync } from "node:zlib";
import JSZip from "jszip";
import { afterEach, describe, expect, it } from "vitest";
import { EXAMPLE_QUESTIONS, SOURCES_QUESTION } from "../../../bot/core/commands.ts";
import { packageTeamsApp, TEAMS_APP_ZIP } from "../../../bot/teams/teams-app-package.ts";
import {
  MANIFEST_VERSION,
  PLACEHOLDER_BOT_ID,
  schemaFile,
  validateTeamsManifest,
} from "../../../bot/teams/teams-manifest.ts";
import { CodedError } from "../../../foundation/errors.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "teams-package-"));
  dirs.push(dir);
  return dir;
}

function entry(zip: JSZip, name: string): JSZip.JSZipObject {
  const file = zip.file(name);
  if (!file) throw new Error(`${name} is missing from the package`);
  return file;
}

/** Decodes an 8-bit RGBA, unfiltered PNG (what the packager writes) independently of its encoder. */
function decodePng(png: Buffer): { width: number; height: number; colourType: number; pixels: Buffer } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let at = 8;
  let width = 0;
  let height = 0;
  let colourType = -1;
  const data: Buffer[] = [];
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString("ascii", at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + length);
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      colourType = body[9] ?? -1;
    }
    if (type === "IDAT") data.push(body);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0);
    raw.copy(pixels, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, colourType, pixels };
}

describe("packageTeamsApp", () => {
  it("zips a manifest that validates against the schema it declares, with both icons", async () => {
    const outDir = tempDir();
    const result = await packageTeamsApp({
      config: { DATA_DIR: tempDir(), MicrosoftAppId: undefined },
      outDir,
      version: "1.2.3",
    });
    expect(result.zipPath).toBe(path.join(outDir, TEAMS_APP_ZIP));
    expect(result.warnings.join("\n")).toContain(PLACEHOLDER_BOT_ID);

    const zip = await JSZip.loadAsync(fs.readFileSync(result.zipPath));
    expect(Object.keys(zip.files).sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
    const manifest = JSON.parse(await entry(zip, "manifest.json").async("string"));
    expect(await validateTeamsManifest(manifest)).toEqual([]);
    expect(manifest.manifestVersion).toBe(MANIFEST_VERSION);
    expect(manifest.version).toBe("1.2.3");
    expect(manifest.bots[0].botId).toBe(PLACEHOLDER_BOT_ID);
    expect(manifest.bots[0].scopes).toEqual(["personal", "team"]);
    const [personal, team] = manifest.bots[0].commandLists as {
      scopes: string[];
      commands: { title: string; type?: string; prompt?: string }[];
    }[];
    // Personal chat: prompt starters that put a real question (or the sources) into the compose box.
    expect(personal?.scopes).toEqual(["personal"]);
    expect(personal?.commands.filter((c) => c.type === "prompt").map((c) => c.prompt)).toEqual([
      ...EXAMPLE_QUESTIONS.map((e) => e.question),
      SOURCES_QUESTION,
    ]);
    expect(personal?.commands.slice(-2).map((c) => c.title)).toEqual(["help", "sources"]);
    expect(team).toEqual({ scopes: ["team"], commands: personal?.commands.slice(-2) });
    expect(manifest.icons).toEqual({ color: "color.png", outline: "outline.png" });

    const colour = decodePng(await entry(zip, "color.png").async("nodebuffer"));
    expect([colour.width, colour.height, colour.colourType]).toEqual([192, 192, 6]);
    const outline = decodePng(await entry(zip, "outline.png").async("nodebuffer"));
    expect([outline.width, outline.height, outline.colourType]).toEqual([32, 32, 6]);
    const alphas: number[] = [];
    for (let i = 0; i < outline.pixels.length; i += 4) {
      expect([outline.pixels[i], outline.pixels[i + 1], outline.pixels[i + 2]]).toEqual([255, 255, 255]);
      alphas.push(outline.pixels[i + 3] ?? 0);
    }
    expect(alphas[0]).toBe(0); // transparent corner
    expect(alphas.filter((a) => a === 255).length).toBeGreaterThan(50); // a visible white outline
    expect(alphas.filter((a) => a === 0).length).toBeGreaterThan(600); // mostly transparent
  });

  it("uses the configured bot id and the website's domain, writing to DATA_DIR/teams-app by default", async () => {
    const dataDir = tempDir();
    const botId = "4f1c2b7e-8a9d-4c3e-9b2a-1d2e3f4a5b6c";
    const result = await packageTeamsApp({
      config: { DATA_DIR: dataDir, MicrosoftAppId: botId },
      version: "0.1.0",
      websiteUrl: "https://safeguarding.example.org/assistant",
      domains: ["bot.example.org"],
    });
    expect(result.zipPath).toBe(path.join(dataDir, "teams-app", TEAMS_APP_ZIP));
    expect(result.warnings).toEqual([]);
    expect(result.manifest).toMatchObject({
      id: botId,
      bots: [{ botId }],
      validDomains: ["bot.example.org", "safeguarding.example.org"],
    });
  });

  it("fails, writing nothing, when the manifest does not validate", async () => {
    const outDir = tempDir();
    const attempt = packageTeamsApp({
      config: { DATA_DIR: outDir, MicrosoftAppId: undefined },
      outDir,
      version: "1.0.0",
      developerName: "A developer name far longer than the schema allows",
    });
    await expect(attempt).rejects.toBeInstanceOf(CodedError);
    await expect(attempt).rejects.toThrow(/developer\/name/);
    expect(fs.existsSync(path.join(outDir, TEAMS_APP_ZIP))).toBe(false);
  });
});

describe("validateTeamsManifest", () => {
  it("reports each problem, and an unknown manifest version", async () => {
    const problems = await validateTeamsManifest({ manifestVersion: MANIFEST_VERSION, id: "not-a-guid" });
    expect(problems).toContain(
      '/id must match pattern "^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$"',
    );
    expect(problems.some((p) => p.includes("must have required property 'developer'"))).toBe(true);
    expect(await validateTeamsManifest({ manifestVersion: "9.99" })).toEqual([
      "no schema for manifestVersion 9.99 is bundled with @microsoft/app-manifest",
    ]);
  });

  it("declares the newest manifest schema bundled with @microsoft/app-manifest", () => {
    const teamsSchemas = path.dirname(path.dirname(schemaFile(MANIFEST_VERSION)));
    const versions = fs
      .readdirSync(teamsSchemas)
      .filter((name) => /^v1\.\d+$/.test(name))
      .map((name) => Number(name.slice(3)));
    expect(`1.${Math.max(...versions)}`).toBe(MANIFEST_VERSION);
  });
});
