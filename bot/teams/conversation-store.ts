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

/** Conversation references for proactive messages, keyed by Teams channel id. */
export interface ConversationStore {
  get(key: string): Promise<Partial<ConversationReference> | undefined>;
  /** Stores the reference under `key`, dropping the user it came with. */
  remember(key: string, reference: Partial<ConversationReference>): Promise<void>;
}

/** The store's table of references as JSON text, one row per key (see bot/store for the engines). */
export interface ConversationTable {
  read(key: string): Promise<string | undefined>;
  /** Inserts or replaces the row under `key`. */
  write(key: string, json: string): Promise<void>;
}

/**
 * A ConversationStore over the store's table, shared by every replica: a hand-off from any of them posts
 * into the channel whichever replica last saw it.
 */
export function createConversationStore(table: ConversationTable, log: Logger): ConversationStore {
  return {
    async get(key) {
      const json = await table.read(key);
      if (json === undefined) return undefined;
      const stored = storedReferenceSchema.safeParse(parseJson(json));
      if (!stored.success) {
        // A damaged row only loses where to post hand-offs; the bot learns it again when next used there.
        log.warn("teams.conversation_reference_unreadable", { key });
        return undefined;
      }
      // The connector wrote these fields and reads them back; ConversationAccount's other members
      // (isGroup, name…) are optional on the wire although botbuilder's type lists them as required.
      return stored.data as unknown as Partial<ConversationReference>;
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
      await table.write(key, JSON.stringify(parsed.data));
    },
  };
}

/** The stored text as JSON, or undefined when it is not JSON (the schema check then reports it). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
