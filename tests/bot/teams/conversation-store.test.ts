import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createFileConversationStore } from "../../../bot/teams/conversation-store.ts";
import { createLogger } from "../../../foundation/log.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "teams-store-"));
  dirs.push(dir);
  return path.join(dir, "nested", "teams-conversations.json");
}

const reference = (id: string) => ({
  channelId: "msteams",
  serviceUrl: "https://smba.trafficmanager.net/uk/",
  conversation: { id, isGroup: true, conversationType: "channel", name: "", tenantId: "t1" },
  bot: { id: "28:bot", name: "Guidance" },
  user: { id: "29:someone", name: "Someone Private" },
});

describe("createFileConversationStore", () => {
  it("keeps references across restarts, without the user they came with", async () => {
    const file = tempFile();
    await createFileConversationStore(file, createLogger("silent")).remember("19:a", reference("19:a"));
    const reopened = createFileConversationStore(file, createLogger("silent"));
    expect(await reopened.get("19:a")).toMatchObject({
      serviceUrl: "https://smba.trafficmanager.net/uk/",
      conversation: { id: "19:a" },
    });
    expect(await reopened.get("19:b")).toBeUndefined();
    expect(fs.readFileSync(file, "utf8")).not.toContain("Someone Private");
  });

  it("writes concurrent updates one after another, leaving a complete file and no temporary files", async () => {
    const file = tempFile();
    const store = createFileConversationStore(file, createLogger("silent"));
    await Promise.all(["19:a", "19:b", "19:c"].map((id) => store.remember(id, reference(id))));
    const onDisk = JSON.parse(fs.readFileSync(file, "utf8"));
    expect(Object.keys(onDisk.conversations).sort()).toEqual(["19:a", "19:b", "19:c"]);
    expect(fs.readdirSync(path.dirname(file))).toEqual(["teams-conversations.json"]);
  });

  it("starts empty and logs when the file is damaged, then repairs it on the next write", async () => {
    const file = tempFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, "{ not json");
    const lines: string[] = [];
    const store = createFileConversationStore(
      file,
      createLogger("debug", (l) => lines.push(l)),
    );
    expect(await store.get("19:a")).toBeUndefined();
    expect(lines.some((l) => l.includes("teams.conversation_store_unreadable"))).toBe(true);
    await store.remember("19:a", reference("19:a"));
    expect(JSON.parse(fs.readFileSync(file, "utf8")).conversations["19:a"].channelId).toBe("msteams");
  });

  it("ignores a reference without a serviceUrl", async () => {
    const file = tempFile();
    const store = createFileConversationStore(file, createLogger("silent"));
    await store.remember("19:a", { channelId: "msteams", conversation: reference("19:a").conversation });
    expect(await store.get("19:a")).toBeUndefined();
    expect(fs.existsSync(file)).toBe(false);
  });
});
