/**
 * The answer object and the shapes that cross the boundary between the core and the adapters.
 * Adapters (Slack, Teams, web, CLI) only translate to and from these; the core decides.
 */

import type { IngestReport } from "../../ingest/types.ts";
import type { Section } from "./answer-layout.ts";
import type { AuditReport } from "./audit/audit-report.ts";

export type { AuditReport, IngestReport };

export type EscalationLevel = "emergency" | "urgent" | "advice";

/** Where a question came from; the audit trail and the hand-off record it. */
export type Platform = "slack" | "teams" | "web" | "cli";

export interface Contact {
  name: string;
  phone?: string;
  email?: string;
  url?: string;
  hours?: string;
}

export interface Escalation {
  level: EscalationLevel;
  /** Plain-language reason, naming the rule that matched. */
  reason: string;
  /** What to do now, one short sentence per step, shown before any guidance text. */
  actions?: string[];
  contacts: Contact[];
  /** One line when local contacts were left out because their details are not configured yet. */
  notice?: string;
}

export interface Citation {
  n: number;
  /** File path relative to the library. */
  source: string;
  title: string;
  section?: string;
  page?: number;
  /** ISO date (YYYY-MM-DD, YYYY-MM or YYYY) of the document. */
  date?: string;
  /** The quoted passage. */
  text: string;
  score: number;
  /** A link to the document when the library catalog gives one. */
  url?: string;
  /** False for a passage cited as "also relevant" rather than quoted in the answer. */
  quoted?: boolean;
}

/**
 * Whether the guidance answers: "answered" (quoted and cited), "related" (no passage answers directly; the
 * closest are cited under that sentence, with the hand-off) or "none" (nothing relevant).
 */
export type Outcome = "answered" | "related" | "none";

export interface Answer {
  id?: string;
  /** The question after personal data was removed: never the original. */
  question: string;
  answer: string;
  /** `outcome === "answered"`, kept for callers of the first release. */
  found: boolean;
  outcome: Outcome;
  citations: Citation[];
  escalation: Escalation | null;
  warnings: string[];
  /** The one-line reminder that the bot supports, not replaces, professional judgement. */
  disclaimer: string;
  /** What every surface shows, in the order it shows it (bot/core/answer-layout.ts decides both). */
  layout: Section[];
}

export interface AskRequest {
  question: string;
  platform: Platform;
  /** The platform's user id; only a keyed hash of it is ever stored. */
  userId?: string;
  /** Escalation-route area chosen by the adapter (workspace, channel, team) or the default. */
  area?: string;
}

/** An indexed document as listed to trainers and admins. */
export interface SourceInfo {
  source: string;
  title: string;
  date?: string;
  area?: string;
  chunks: number;
  /** Set when the document is older than the configured age or past its review date. */
  stale?: string;
  url?: string;
}

export interface FeedbackEvent {
  /** The audit id of the answer the feedback is about, when known. */
  answerId?: string;
  platform: Platform;
  userId?: string;
  helpful: boolean;
  comment?: string;
}

/** "Talk to the safeguarding team": the core builds it, each adapter delivers it. */
export interface HandoffEvent {
  answerId: string;
  platform: Platform;
  /** The answer's question as the core redacted and stored it; never text a client sent back. */
  question: string;
  userId?: string;
  /** Display name or mention of the asker, as the platform gives it. */
  asker?: string;
  area: string;
  level: EscalationLevel | null;
  /**
   * Emergency or urgent: the asker must not wait for the team to call back, so every surface gives the
   * contacts (and the 999 line) with its confirmation, and marks the request to the team as pressing.
   */
  actNow: boolean;
  contacts: Contact[];
}

/** The answer plus the audit id adapters attach to feedback and hand-off buttons. */
export interface AnsweredQuestion extends Answer {
  answerId: string;
}

export interface HealthInfo {
  indexLoaded: boolean;
  documents: number;
  chunks: number;
  builtAt?: string;
  embeddingModel?: string;
}

/**
 * The core as adapters see it. Every adapter (Slack, Teams, web, CLI) depends on this and nothing else
 * of the core, so each can be tested with a fake.
 */
export interface Assistant {
  /** Redact, assess risk, retrieve, compose; records the (redacted) exchange in the audit store. */
  ask(request: AskRequest): Promise<AnsweredQuestion>;
  /** The indexed documents with dates and staleness. */
  sources(): SourceInfo[];
  /** Records helpful / not helpful; the comment is redacted before it is stored. */
  feedback(event: FeedbackEvent): void;
  /**
   * Builds (and records) the hand-off event an adapter then delivers to people, from the answer `answerId`
   * names: its redacted question and level as stored when it was given. Adapters send the id, never the
   * question. A CodedError (bad_request) for an answer not on record.
   */
  handoff(request: {
    answerId: string;
    platform: Platform;
    userId?: string;
    /** Display name or mention of the asker, as the platform gives it. */
    asker?: string;
    /** The adapter's escalation-route area; the area the answer was given in when unset. */
    area?: string;
    /** Free text the asker adds; redacted before it is kept with the hand-off in the audit trail. */
    note?: string;
  }): Promise<HandoffEvent>;
  /** Re-ingests the library and switches the new index in; admins only (bot/core/commands.ts says who). */
  reindex(): Promise<IngestReport>;
  /** The usage report over the last `days` whole UTC days (30 by default); admins only, as reindex. */
  report(days?: number): Promise<AuditReport>;
  health(): HealthInfo;
}
