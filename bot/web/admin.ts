/**
 * The admin pages, for safeguarding administrators only (OIDC_ADMIN_GROUPS, or this machine's own user with
 * sign-in off): the guidance sources with a re-index button, and the trainer report with its charts. The
 * pages are rendered here, so they need no script; the re-index form carries the CSRF token.
 */
import express, { type RequestHandler, type Router } from "express";
import type { AuditReport } from "../core/audit/audit-report.ts";
import type { Assistant } from "../core/types.ts";
import { barChart, columnChart } from "./admin-charts.ts";
import { escapeHtml, htmlPage } from "./admin-html.ts";
import { accessOf } from "./auth.ts";
import { methodNotAllowed } from "./http-errors.ts";

/** A month is what trainers plan sessions around; the CLI report (`npm run report`) covers other windows. */
export const WEB_REPORT_DAYS = 30;

export interface AdminDeps {
  assistant: Pick<Assistant, "sources" | "reindex">;
  /** The trainer report over the last `days` days, from the audit store. */
  readReport(days: number): Promise<AuditReport>;
  /** The gate's checks, applied by the caller before these routes: admin only, CSRF on POST. */
  requireAdmin: RequestHandler;
  csrf: RequestHandler;
}

const NAV = `<nav aria-label="Sections"><ul class="nav-list">
  <li><a class="nav-link" href="/">Ask a question</a></li>
  <li><a class="nav-link" href="/admin/sources">Sources and re-index</a></li>
  <li><a class="nav-link" href="/admin/report">Trainer report</a></li>
</ul></nav>`;

const page = (title: string, body: string) => htmlPage(title, body, { nav: NAV });

const table = (headings: string[], rows: (string | number)[][], caption: string) =>
  `<table class="admin-table"><caption>${escapeHtml(caption)}</caption><thead><tr>${headings
    .map((h) => `<th scope="col">${escapeHtml(h)}</th>`)
    .join("")}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;

/** The admin routes, mounted at /admin behind the gate. */
export function createAdminRouter(deps: AdminDeps): Router {
  const router = express.Router();
  router.use(deps.requireAdmin, (_req, res, next) => {
    res.set("Cache-Control", "no-store");
    next();
  });

  router.get("/", (_req, res) => res.redirect(303, "/admin/report"));

  router
    .route("/sources")
    .get((_req, res) => {
      res.type("html").send(page("Sources", sourcesBody(deps.assistant.sources(), accessOf(res).csrfToken)));
    })
    .all(methodNotAllowed(["GET", "HEAD"]));

  router
    .route("/reindex")
    .post(express.urlencoded({ extended: false, limit: "4kb" }), deps.csrf, async (_req, res) => {
      const report = await deps.assistant.reindex();
      const failed = report.failed
        .map((f) => `<li>${escapeHtml(f.file)}: ${escapeHtml(f.reason)}</li>`)
        .join("");
      res.type("html").send(
        page(
          "Re-indexed",
          `<h1>Guidance re-indexed</h1>
<p class="reindex-result">${report.added.length} added, ${report.updated.length} updated, ${report.removed.length} removed, ${report.unchanged.length} unchanged; ${report.chunks} passages in ${report.seconds} s.</p>
${failed ? `<h2>Could not be read</h2><ul>${failed}</ul>` : ""}
<p><a href="/admin/sources">Back to the sources</a></p>`,
        ),
      );
    })
    .all(methodNotAllowed(["POST"]));

  router
    .route("/report")
    .get(async (_req, res) => {
      res.type("html").send(page("Trainer report", reportBody(await deps.readReport(WEB_REPORT_DAYS))));
    })
    .all(methodNotAllowed(["GET", "HEAD"]));

  return router;
}

function sourcesBody(sources: ReturnType<Assistant["sources"]>, csrfToken: string | undefined): string {
  const rows = sources.map((s) => [s.title, s.source, s.date ?? "", s.chunks, s.stale ?? ""]);
  return `<h1>Guidance sources</h1>
<p>${sources.length} documents are indexed. Re-index after adding, changing or removing documents in the library folder; questions are answered from the old index until the new one is complete.</p>
<form method="post" action="/admin/reindex" class="reindex-form">
  ${csrfToken ? `<input type="hidden" name="_csrf" value="${escapeHtml(csrfToken)}">` : ""}
  <button type="submit" class="button">Re-index the library</button>
</form>
${table(["Title", "File", "Date", "Passages", "Needs review"], rows, "Indexed documents")}`;
}

function reportBody(report: AuditReport): string {
  const { totals } = report;
  const perDay = report.questionsPerDay.map((d) => ({ label: d.date, value: d.count }));
  const escalations = report.escalations.flatMap((e) => [
    { label: `${e.level}: answers`, value: e.answers },
    { label: `${e.level}: hand-offs`, value: e.handoffs },
  ]);
  const feedback = [
    { label: "Helpful", value: report.feedback.helpful },
    { label: "Not helpful", value: report.feedback.notHelpful },
  ];
  const unanswered =
    report.unanswered.length === 0
      ? "<p>None: every question in this period was answered from the guidance.</p>"
      : table(
          ["Times asked", "Last asked", "Question (personal details removed)"],
          report.unanswered.map((u) => [u.count, u.lastAsked.slice(0, 16).replace("T", " "), u.question]),
          "Questions the guidance could not answer, most frequent first",
        );
  const comments =
    report.feedback.latestComments.length === 0
      ? ""
      : table(
          ["When", "Helpful", "Comment"],
          report.feedback.latestComments.map((c) => [
            c.at.slice(0, 16).replace("T", " "),
            c.helpful ? "Yes" : "No",
            c.comment,
          ]),
          "Latest comments",
        );
  return `<h1>Trainer report</h1>
<p>${escapeHtml(report.from)} to ${escapeHtml(report.to)} (UTC): ${totals.questions} questions, ${totals.answered} answered from the guidance, ${totals.unanswered} not answered, ${totals.escalated} escalated, ${totals.handoffs} hand-offs, ${totals.feedback} feedback.</p>
<h2>Questions per day</h2>
${columnChart("Questions per day", perDay)}
<h2>Unanswered questions</h2>
${unanswered}
<h2>Escalations</h2>
${barChart("Escalations by level", escalations)}
<h2>Feedback</h2>
${barChart("Feedback on answers", feedback)}
${comments}`;
}
