/**
 * The commands every chat surface understands (help, sources, reindex, report), read and authorised here
 * once, so Slack, Teams and the command line agree on what a message asks for and on who may ask it.
 */
import type { Platform } from "./types.ts";

export const COMMAND_NAMES = ["help", "sources", "reindex", "report"] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/**
 * The questions every surface offers a newcomer (Slack's suggested prompts, Teams' prompt starters and
 * welcome): ones the indexed guidance answers, each with a short title for the surfaces that show one.
 */
export const EXAMPLE_QUESTIONS = [
  { title: "Co-sleeping risks", question: "What are the risk factors for co-sleeping with a baby?" },
  { title: "When to contact the LADO", question: "When should I contact the LADO?" },
  { title: "Neglect", question: "What does the guidance say about neglect?" },
] as const;

/** The sources command as a newcomer would ask for it; offered beside the example questions. */
export const SOURCES_QUESTION = "What documents do you use?";

/** What a message asks for: one of the commands, or a question for the guidance. */
export type ParsedMessage =
  | { kind: "command"; command: CommandName }
  | { kind: "question"; question: string };

/** Commands that change the index or read the audit trail: the configured administrators only. */
type AdminCommand = Extract<CommandName, "reindex" | "report">;
const isAdminOnly = (command: CommandName): command is AdminCommand =>
  command === "reindex" || command === "report";

/**
 * Reads a message whose mentions and markup the surface has already removed: a lone command word (in any
 * case, with or without a leading "/" and closing punctuation) is that command, as is SOURCES_QUESTION;
 * nothing at all is help, and anything else is a question.
 */
export function parseMessage(text: string): ParsedMessage {
  const question = text.trim();
  const word = question
    .toLowerCase()
    .replace(/^\//, "")
    .replace(/[.!?]+$/, "")
    .trim();
  if (word === "") return { kind: "command", command: "help" };
  if (word === SOURCES_QUESTION.toLowerCase().replace(/\?$/, ""))
    return { kind: "command", command: "sources" };
  const command = COMMAND_NAMES.find((name) => name === word);
  return command ? { kind: "command", command } : { kind: "question", question };
}

/** Who asks, as the surface knows them. */
export interface Requester {
  platform: Platform;
  /** The id the platform's administrator list is written in (Slack user id, Entra object id). */
  userId?: string;
}

export type Authorisation = { allowed: true } | { allowed: false; refusal: string };

/** What someone who is not an administrator is told, per command. */
export const ADMIN_REFUSALS: Record<AdminCommand, string> = {
  reindex:
    "Sorry, only the assistant's administrators can reindex the library. If guidance documents have changed, please let them know.",
  report:
    "Sorry, only the assistant's administrators can see the usage report. Please ask one of them for it.",
};

/**
 * Whether `who` may run `command`. Help and sources are for everyone; reindex and report need an id on
 * `admins`. The command line is run by whoever operates the server, who is an administrator by definition.
 */
export function authorise(command: CommandName, who: Requester, admins: readonly string[]): Authorisation {
  if (!isAdminOnly(command) || who.platform === "cli") return { allowed: true };
  if (who.userId && admins.includes(who.userId)) return { allowed: true };
  return { allowed: false, refusal: ADMIN_REFUSALS[command] };
}
