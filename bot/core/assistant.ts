import { CodedError, ErrorCode } from "../../foundation/errors.ts";
import type { Logger } from "../../foundation/log.ts";
import type { KnowledgeIndex } from "../../knowledge/knowledge-index.ts";
import type { Glossary } from "../../knowledge/search/glossary.ts";
import { weighTerms } from "../../knowledge/search/query-terms.ts";
import type { AuditStore } from "./audit/audit-store.ts";
import { SUPPORT_THRESHOLD, supportOf, toCitation } from "./compose/evidence.ts";
import { composeExtractive } from "./compose/extractive.ts";
import type { LanguageModelComposer } from "./compose/language-model.ts";
import { currencyWarnings, DISCLAIMER, stalenessOf } from "./guidance-currency.ts";
import { redact, redactionNotice, withoutTags } from "./safety/redact.ts";
import { assessRisk, type RiskRules } from "./safety/risk.ts";
import { type RiskExampleClassifier, strongerAssessment } from "./safety/risk-examples.ts";
import { escalationFor, fallbackContacts, type Routes } from "./safety/routes.ts";
import type { Assistant, Citation, Escalation, HealthInfo, IngestReport, SourceInfo } from "./types.ts";

/** Questions longer than this are refused: nobody types one, and it bounds the work per request. */
export const MAX_QUESTION_CHARS = 2000;
/** Passages retrieved and cited per answer. */
const CITED_PASSAGES = 5;

export interface AssistantDependencies {
  /** The index in service; `current` may change between questions when a new generation is switched in. */
  index: { readonly current: KnowledgeIndex; refresh(): Promise<boolean> };
  glossary: Glossary;
  routes: Routes;
  riskRules: RiskRules;
  /** The similarity check against labelled examples that backs up the rules. */
  riskExamples: RiskExampleClassifier;
  audit: AuditStore;
  /** The optional language model; without it answers are extractive. */
  composer?: LanguageModelComposer;
  reindexLibrary: () => Promise<IngestReport>;
  staleAfterYears: number;
  log: Logger;
  now?: () => Date;
}

/**
 * The core: redact, assess risk, retrieve, compose, record. It knows no platform; adapters call it through
 * the Assistant interface.
 */
export function createAssistantCore(deps: AssistantDependencies): Assistant {
  const { glossary, routes, riskRules, audit, log } = deps;
  const now = deps.now ?? (() => new Date());

  return {
    async ask(request) {
      const started = performance.now();
      const raw = request.question.trim();
      if (!raw) throw new CodedError(ErrorCode.BadRequest, "Please type a question.");
      if (raw.length > MAX_QUESTION_CHARS) {
        throw new CodedError(
          ErrorCode.QuestionTooLong,
          `Please keep questions under ${MAX_QUESTION_CHARS} characters.`,
        );
      }
      // Nothing after this line sees the original text: retrieval, the model, the audit and the log all
      // work from the redacted question.
      const redaction = redact(raw);
      const question = redaction.text;
      const at = now();
      const area = request.area;

      const index = deps.index.current;
      const searchText = withoutTags(question);
      const risk = strongerAssessment(
        assessRisk(question, riskRules),
        await deps.riskExamples.classify(searchText),
      );
      let escalation = escalationFor(risk, routes, area, at);

      const { expansions } = glossary.expand(searchText);
      const hits = await index.search(searchText, { expansions, limit: CITED_PASSAGES, area });
      const questionTerms = weighTerms(searchText, expansions, (t) => index.termWeight(t));
      const supported = supportOf(questionTerms, hits) >= SUPPORT_THRESHOLD;

      let citations: Citation[] = supported
        ? hits.map((hit, i) => toCitation(hit, i + 1, index.manifest.files[hit.chunk.source]?.url))
        : [];
      let answer = supported ? await compose(question, questionTerms, citations) : "";
      if (!answer) citations = [];
      const found = answer !== "";
      if (!found) {
        answer =
          escalation && escalation.level !== "advice"
            ? "Act on the steps above first. The indexed guidance has no passage that answers this question directly."
            : "The indexed guidance does not answer this question. Please ask your designated safeguarding lead or safeguarding team.";
        escalation ??= {
          level: "advice",
          reason: "The guidance does not answer this question.",
          contacts: fallbackContacts(routes, area, at),
        } satisfies Escalation;
      }

      const warnings: string[] = [];
      const notice = redactionNotice(redaction.removed);
      if (notice) warnings.push(notice);
      warnings.push(
        ...currencyWarnings(
          citations.flatMap((c) => {
            const entry = index.manifest.files[c.source];
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
        citedChunks: found ? hits.map((h) => h.chunk.id) : [],
        found,
        level: escalation?.level ?? null,
        latencyMs,
      });
      log.info("question.answered", {
        answerId,
        platform: request.platform,
        found,
        level: escalation?.level ?? null,
        citations: citations.length,
        redacted: redaction.removed,
        latencyMs,
      });
      return { answerId, question, answer, found, citations, escalation, warnings, disclaimer: DISCLAIMER };
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
        ...(event.comment ? { comment: redact(event.comment.slice(0, MAX_QUESTION_CHARS)).text } : {}),
      });
    },

    async handoff(request) {
      const question = redact(request.question.slice(0, MAX_QUESTION_CHARS)).text;
      const area = request.area ?? "default";
      const at = now();
      const similar = await deps.riskExamples.classify(withoutTags(question));
      const escalation = escalationFor(
        strongerAssessment(assessRisk(question, riskRules), similar),
        routes,
        request.area,
        at,
      );
      const level = escalation?.level ?? null;
      audit.recordHandoff({
        ...(request.answerId ? { answerId: request.answerId } : {}),
        platform: request.platform,
        ...(request.userId ? { userId: request.userId } : {}),
        area,
        level,
        question,
      });
      return {
        ...(request.answerId ? { answerId: request.answerId } : {}),
        platform: request.platform,
        question,
        ...(request.userId ? { userId: request.userId } : {}),
        ...(request.asker ? { asker: request.asker } : {}),
        area,
        level,
        contacts: escalation?.contacts ?? fallbackContacts(routes, request.area, at),
      };
    },

    async reindex() {
      const report = await deps.reindexLibrary();
      await deps.index.refresh();
      return report;
    },

    health(): HealthInfo {
      const { manifest, chunks } = deps.index.current;
      return {
        indexLoaded: true,
        documents: Object.keys(manifest.files).length,
        chunks: chunks.length,
        builtAt: manifest.builtAt,
        embeddingModel: manifest.embeddingModel,
      };
    },
  } satisfies Assistant;

  /** The model's answer when it is configured and its answer passes the checks; the extractive one otherwise. */
  async function compose(
    question: string,
    questionTerms: ReturnType<typeof weighTerms>,
    citations: Citation[],
  ): Promise<string> {
    if (deps.composer) {
      try {
        const result = await deps.composer.compose(question, citations);
        if (result.kind === "answer") return result.text;
        if (result.kind === "not-found") return "";
        log.warn("language_model.rejected", { why: result.why });
      } catch (error) {
        log.warn("language_model.failed", { code: ErrorCode.LanguageModelFailed, error });
      }
    }
    return composeExtractive(questionTerms, citations);
  }
}
