import { CodedError, ErrorCode } from "../../foundation/errors.ts";
import type { Logger } from "../../foundation/log.ts";
import type { KnowledgeIndex } from "../../knowledge/knowledge-index.ts";
import type { Retriever } from "../../knowledge/retrieval/retriever.ts";
import {
  type AnswerFinder,
  type AnswerFindings,
  createLocalFinder,
  RELATED_PASSAGES,
} from "./answer-finder.ts";
import { withLayout } from "./answer-layout.ts";
import type { AuditStore } from "./audit/audit-store.ts";
import type { ClosestQuote } from "./compose/extractive.ts";
import type { LanguageModelComposer } from "./compose/language-model.ts";
import { currencyWarnings, DISCLAIMER, stalenessOf } from "./guidance-currency.ts";
import { redactionKeepFor } from "./safety/library-vocabulary.ts";
import { redact, redactionNotice } from "./safety/redact.ts";
import { assessRisk, type RiskRules } from "./safety/risk.ts";
import { type RiskExampleClassifier, strongerAssessment } from "./safety/risk-examples.ts";
import { escalationFor, fallbackContacts, fallbackEscalation, type Routes } from "./safety/routes.ts";
import type { Assistant, Citation, HealthInfo, IngestReport, Outcome, SourceInfo } from "./types.ts";

/** Questions longer than this are refused: nobody types one, and it bounds the work per request. */
export const MAX_QUESTION_CHARS = 2000;
/** Passages retrieved and cited per answer. */
const CITED_PASSAGES = 5;

const NOT_DIRECTLY = "No passage in the indexed guidance answers this directly.";
/** Introduces the closest passages' own sentences, so they read as what those passages say, not as the answer. */
const CLOSEST_SAY = "What the closest passages say, which may not answer your question:";
const CHECK_OR_ASK =
  "Please check the passages listed below, or ask your designated safeguarding lead or safeguarding team.";
const RELATED_ANSWER = `${NOT_DIRECTLY} ${CHECK_OR_ASK}`;
const NO_ANSWER =
  "The indexed guidance does not cover this question. Please ask your designated safeguarding lead or safeguarding team.";

export type AssistantDependencies = {
  /** The index in service; `current` may change between questions when a new generation is switched in. */
  index: { readonly current: KnowledgeIndex; refresh(): Promise<boolean> };
  /** Retrieval over that index: the one way the core reads the guidance. */
  retriever: Retriever;
  routes: Routes;
  riskRules: RiskRules;
  audit: AuditStore;
  /** The optional language model; without it answers are extractive. */
  composer?: LanguageModelComposer;
  reindexLibrary: () => Promise<IngestReport>;
  staleAfterYears: number;
  log: Logger;
  now?: () => Date;
} & (
  | {
      /** Where the CPU work of answering runs (the answer workers), each with its own risk examples. */
      finder: AnswerFinder;
      riskExamples?: undefined;
    }
  | {
      finder?: undefined;
      /** Answers are found in this thread: the similarity check against labelled examples that backs up the rules. */
      riskExamples: RiskExampleClassifier;
    }
);

/**
 * The reply when no passage answers directly: that plain sentence first, then each closest passage's most
 * relevant sentence in quotation marks under its [n], then where to check and whom to ask. Paragraphs are
 * separated by a blank line, which every surface renders as it renders an answer's paragraphs.
 */
function relatedAnswer(quotes: ClosestQuote[]): string {
  if (quotes.length === 0) return RELATED_ANSWER;
  const quoted = quotes.map((q) => `“${q.text}” [${q.n}]`).join(" ");
  return `${NOT_DIRECTLY}\n\n${CLOSEST_SAY} ${quoted}\n\n${CHECK_OR_ASK}`;
}

/** A letter or a digit, in any script. */
const HAS_WORDS = /[\p{L}\p{N}]/u;

/**
 * The core: redact, assess risk, retrieve, compose, record. It knows no platform; adapters call it through
 * the Assistant interface.
 */
export function createAssistantCore(deps: AssistantDependencies): Assistant {
  const { retriever, routes, riskRules, audit, log } = deps;
  const now = deps.now ?? (() => new Date());
  const keepWords = () => redactionKeepFor(retriever.index, retriever.glossaryPhrases());
  const finder = deps.finder ?? createLocalFinder({ retriever, riskExamples: deps.riskExamples });

  return {
    async ask(request) {
      const started = performance.now();
      const raw = request.question.trim();
      if (!raw) throw new CodedError(ErrorCode.BadRequest, "Please type a question.");
      // No letter or digit in any script: nothing to search for, and a text the sentence encoder reads as no
      // words at all makes it throw (`npm run bench:fuzz` found a 500 with a private-use character).
      if (!HAS_WORDS.test(raw))
        throw new CodedError(ErrorCode.BadRequest, "Please type your question in words.");
      if (raw.length > MAX_QUESTION_CHARS) {
        throw new CodedError(
          ErrorCode.QuestionTooLong,
          `Please keep questions under ${MAX_QUESTION_CHARS} characters.`,
        );
      }
      // Nothing after this line sees the original text: retrieval, the model, the audit and the log all
      // work from the redacted question.
      const redaction = redact(raw, { keep: keepWords() });
      const question = redaction.text;
      const at = now();
      const area = request.area;

      const findings = await finder.find(question, { area, limit: CITED_PASSAGES });
      const risk = strongerAssessment(assessRisk(question, riskRules), findings.similarRisk);
      let escalation = escalationFor(risk, routes, area, at);

      let outcome: Outcome = findings.outcome;
      let citations: Citation[] = [];
      let answer = "";
      if (outcome === "answered") {
        const composed = await compose(question, findings);
        answer = composed.text;
        citations = composed.citations;
        if (!answer) outcome = "related";
      }
      if (outcome === "related") {
        citations = findings.citations.slice(0, RELATED_PASSAGES);
        answer = relatedAnswer(findings.closest ?? []);
      }
      if (outcome === "none") answer = NO_ANSWER;
      if (outcome !== "answered") {
        if (escalation && escalation.level !== "advice") answer = `Act on the steps above first. ${answer}`;
        escalation ??= fallbackEscalation(routes, area, at, "The guidance does not answer this question.");
      }
      const found = outcome === "answered";

      const warnings: string[] = [];
      const notice = redactionNotice(redaction.removed);
      if (notice) warnings.push(notice);
      warnings.push(
        ...currencyWarnings(
          citations.flatMap((c) => {
            const entry = findings.files[c.source];
            return entry ? [{ title: c.title, entry }] : [];
          }),
          at,
          deps.staleAfterYears,
        ),
      );

      const latencyMs = Math.round(performance.now() - started);
      const answerId = audit.recordAnswer({
        platform: request.platform,
        ...(request.userId ? { userId: request.userId } : {}),
        area: area ?? "default",
        question,
        citedChunks: found ? findings.chunkIds : [],
        found,
        level: escalation?.level ?? null,
        ...(risk.route && escalation ? { route: risk.route } : {}),
        latencyMs,
      });
      log.info("question.answered", {
        answerId,
        platform: request.platform,
        outcome,
        confidence: Math.round(findings.confidence * 1000) / 1000,
        escalation: escalation?.level ?? null,
        citations: citations.length,
        redacted: redaction.removed,
        latencyMs,
      });
      return withLayout({
        answerId,
        question,
        answer,
        found,
        outcome,
        citations,
        escalation,
        warnings,
        disclaimer: DISCLAIMER,
      });
    },

    sources() {
      const { manifest } = deps.index.current;
      const at = now();
      return Object.entries(manifest.files)
        .map(([source, entry]): SourceInfo => {
          const stale = entry.superseded
            ? "is marked superseded and is never cited"
            : stalenessOf(entry, at, deps.staleAfterYears);
          return {
            source,
            title: entry.title,
            ...(entry.date ? { date: entry.date } : {}),
            ...(entry.area ? { area: entry.area } : {}),
            chunks: entry.chunkIds.length,
            ...(stale ? { stale } : {}),
            ...(entry.url ? { url: entry.url } : {}),
          };
        })
        .sort((a, b) => a.title.localeCompare(b.title));
    },

    feedback(event) {
      audit.recordFeedback({
        ...(event.answerId ? { answerId: event.answerId } : {}),
        platform: event.platform,
        ...(event.userId ? { userId: event.userId } : {}),
        helpful: event.helpful,
        ...(event.comment
          ? { comment: redact(event.comment.slice(0, MAX_QUESTION_CHARS), { keep: keepWords() }).text }
          : {}),
      });
    },

    async handoff(request) {
      // The answer as recorded when it was given: nothing a client sends back is taken as the question, and
      // the level is the one the asker was shown rather than a fresh assessment.
      const answer = await audit.findAnswer(request.answerId);
      if (!answer) {
        throw new CodedError(
          ErrorCode.BadRequest,
          "I cannot find that answer any more, so please ask your question again or contact your designated safeguarding lead directly.",
        );
      }
      const area = request.area ?? answer.area;
      const at = now();
      const typed = request.note?.trim();
      const note = typed ? redact(typed.slice(0, MAX_QUESTION_CHARS), { keep: keepWords() }).text : undefined;
      // The stored level and route give the contacts escalationFor gave the answer itself.
      const escalation = escalationFor(
        { level: answer.level, route: answer.route, reason: "", rules: [] },
        routes,
        area,
        at,
      );
      audit.recordHandoff({
        answerId: answer.id,
        platform: request.platform,
        ...(request.userId ? { userId: request.userId } : {}),
        area,
        level: answer.level,
        question: answer.question,
        ...(note ? { note } : {}),
      });
      return {
        answerId: answer.id,
        platform: request.platform,
        question: answer.question,
        ...(request.userId ? { userId: request.userId } : {}),
        ...(request.asker ? { asker: request.asker } : {}),
        area,
        level: answer.level,
        actNow: answer.level === "emergency" || answer.level === "urgent",
        contacts: escalation?.contacts ?? fallbackContacts(routes, area, at),
      };
    },

    async reindex() {
      const report = await deps.reindexLibrary();
      await deps.index.refresh();
      return report;
    },

    report(days) {
      return audit.report({ ...(days ? { days } : {}), now: now() });
    },

    health(): HealthInfo {
      const { manifest, size } = deps.index.current;
      return {
        indexLoaded: true,
        documents: Object.keys(manifest.files).length,
        chunks: size,
        builtAt: manifest.builtAt,
        embeddingModel: manifest.embeddingModel,
      };
    },
  } satisfies Assistant;

  /**
   * The model's answer when it is configured and its answer passes the checks; the extractive one otherwise.
   * Returns the citations in the order the answer quotes them (quoted first, the others after).
   */
  async function compose(
    question: string,
    findings: AnswerFindings,
  ): Promise<{ text: string; citations: Citation[] }> {
    const { citations } = findings;
    if (deps.composer) {
      try {
        const result = await deps.composer.compose(question, citations);
        if (result.kind === "answer") {
          const quoted = (c: Citation) => result.text.includes(`[${c.n}]`);
          return { text: result.text, citations: citations.map((c) => ({ ...c, quoted: quoted(c) })) };
        }
        if (result.kind === "not-found") return { text: "", citations };
        log.warn("language_model.rejected", { why: result.why });
      } catch (error) {
        log.warn("language_model.failed", { code: ErrorCode.LanguageModelFailed, error });
      }
    }
    return findings.extractive ?? { text: "", citations };
  }
}
