import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadConfig } from "../../../bot/config.ts";
import { SLACK_EVENTS_PATH } from "../../../bot/slack/slack-surface.ts";

const manifestFile = new URL("../../../bot/slack/manifest.yaml", import.meta.url);

interface Manifest {
  features: {
    slash_commands: { command: string; url: string }[];
    app_home: { messages_tab_enabled: boolean };
    assistant_view?: { assistant_description: string };
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
    socket_mode_enabled: boolean;
  };
}

describe("Slack app manifest", () => {
  const manifest = parse(fs.readFileSync(manifestFile, "utf8")) as Manifest;

  it("asks for exactly the scopes and events the adapter uses", () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([
      "app_mentions:read",
      "assistant:write",
      "chat:write",
      "commands",
      "im:history",
    ]);
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([
      "app_mention",
      "assistant_thread_context_changed",
      "assistant_thread_started",
      "message.im",
    ]);
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    // The assistant thread (Agents & AI Apps) is switched on.
    expect(manifest.features.assistant_view?.assistant_description).toMatch(/guidance/);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it("sends everything to the one events path, with placeholders for the host, over HTTP by default", () => {
    const urls = [
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
      ...manifest.features.slash_commands.map((c) => c.url),
    ];
    for (const url of urls) expect(url).toBe(`https://YOUR-HOST${SLACK_EVENTS_PATH}`);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it("declares the default slash command", () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([
      loadConfig({}).SLACK_SLASH_COMMAND,
    ]);
  });
});
