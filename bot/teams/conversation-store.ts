import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { ConversationReference } from "botbuilder";
import { z } from "zod";
import type { Logger } from "../../foundation/log.ts";

/**
 * What the bot keeps to post into a channel later: where the channel's connector is and which conversation
 * it is. Never the user who happened to be speaking when it was stored.
 */
const storedReferenceSchema = z.object({
  channelId: z.string(),
  serviceUrl: z.string(),
  conversation: z.looseObject({ id: z.string() }),
  bot: z.looseObject({ id: z.string() }).optional(),
  locale: z.string().optional(),
});

export type StoredConversationReference = z.infer<typeof storedReferenceSchema>;

const storeFileSchema = z.object({ conversations: z.record(z.string(), storedReferenceSchema) });

/** Conversation references for proactive messages, keyed by Teams channel id. */
export interface ConversationStore {
  get(key: string): Promise<Partial<ConversationReference> | undefined>;
  /** Stores the reference under `key`, dropping the user it came with. */
  remember(key: string, reference: Partial<ConversationReference>): Promise<void>;
}

/**
 * A ConversationStore in a small JSON file (teams-conversations.json in DATA_DIR). Writes go to a temporary
 * file that is then renamed over the old one, so a crash mid-write never leaves half a file.
 */
export function createFileConversationStore(file: string, log: Logger): ConversationStore {
  let loaded: Promise<Record<string, StoredConversationReference>> | undefined;
  let writes: Promise<void> = Promise.resolve();

  const load = () => {
    loaded ??= readStore(file, log);
    return loaded;
  };

  return {
    async get(key) {
      const stored = (await load())[key];
      // The connector wrote these fields and reads them back; ConversationAccount's other members
      // (isGroup, name…) are optional on the wire although botbuilder's type lists them as required.
      return stored as Partial<ConversationReference> | undefined;
    },
    async remember(key, reference) {
      const parsed = storedReferenceSchema.safeParse({
        channelId: reference.channelId,
        serviceUrl: reference.serviceUrl,
        conversation: reference.conversation,
        ...(reference.bot ? { bot: reference.bot } : {}),
        ...(reference.locale ? { locale: reference.locale } : {}),
      });
      if (!parsed.success) {
        log.warn("teams.conversation_reference_incomplete", { key });
        return;
      }
      const conversations = await load();
      if (JSON.stringify(conversations[key]) === JSON.stringify(parsed.data)) return;
      conversations[key] = parsed.data;
      // One write at a time, each with everything known by then, so the last write on disk is the newest.
      const write = writes
        .catch(() => undefined)
        .then(() => writeAtomically(file, `${JSON.stringify({ conversations }, null, 2)}\n`));
      writes = write;
      await write;
    },
  };
}

async function readStore(file: string, log: Logger): Promise<Record<string, StoredConversationReference>> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
  try {
    return storeFileSchema.parse(JSON.parse(text)).conversations;
  } catch (error) {
    // A damaged file only loses where to post hand-offs; the bot learns it again when next used there.
    log.warn("teams.conversation_store_unreadable", { file, error });
    return {};
  }
}

async function writeAtomically(file: string, contents: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await fs.writeFile(temporary, contents, { encoding: "utf8", mode: 0o600 });
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}
