/**
 * The web page: ask a question, read the answer with its sources, say whether it helped, ask for the
 * safeguarding team, and list the guidance documents. Text from the server is only ever set as text (text
 * nodes, textContent), never parsed as HTML.
 */

const MAX_QUESTION_CHARS = 2000;
const LEVEL_LABELS = { emergency: "Emergency", urgent: "Urgent" };

const byId = (id) => {
  const node = document.getElementById(id);
  if (!node) throw new Error(`The page is missing #${id}.`);
  return node;
};

const askView = byId("ask-view");
const sourcesView = byId("sources-view");
const form = byId("ask-form");
const questionBox = byId("question");
const questionError = byId("question-error");
const askButton = byId("ask-button");
const statusLine = byId("status");
const requestError = byId("request-error");
const result = byId("result");
const sourcesStatus = byId("sources-status");
const sourcesList = byId("sources-list");

/**
 * Creates an element. `text` sets textContent, `on*` adds listeners, anything else is an attribute; string
 * children become text nodes, so no server text can become markup.
 */
function h(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  appendAll(node, children);
  return node;
}

/** Replaces a node's children; nested arrays are flattened and empty parts (null, false, "") dropped. */
function fill(node, ...children) {
  node.replaceChildren();
  appendAll(node, children);
}

function appendAll(node, children) {
  for (const child of [children].flat(Infinity)) {
    if (child !== undefined && child !== null && child !== false && child !== "") node.append(child);
  }
}

/** Only web links are followed; anything else (javascript:, data:) is shown as text, not linked. */
function safeWebUrl(url) {
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** "2016-03-01" -> "1 March 2016", "2016-03" -> "March 2016", "2016" -> "2016". */
function formatDate(iso) {
  const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(String(iso));
  if (!match) return String(iso);
  const [, year, month, day] = match;
  if (!month) return year;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day ?? 1)));
  const options = { timeZone: "UTC", year: "numeric", month: "long", ...(day ? { day: "numeric" } : {}) };
  return new Intl.DateTimeFormat("en-GB", options).format(date);
}

async function readJson(response) {
  let data;
  try {
    data = await response.json();
  } catch {
    data = undefined;
  }
  if (!response.ok) {
    const sentence = typeof data?.error === "string" ? data.error : undefined;
    throw new Error(
      sentence ?? `The assistant could not answer (error ${response.status}). Please try again.`,
    );
  }
  return data;
}

async function request(url, init) {
  let response;
  try {
    response = await fetch(url, { ...init, headers: { Accept: "application/json", ...init?.headers } });
  } catch {
    throw new Error("The assistant could not be reached. Check your connection and try again.");
  }
  // The session ended (signed out elsewhere, or expired): signing in again brings the person back here.
  if (response.status === 401 && account.mode === "oidc") {
    window.location.assign(`/auth/sign-in?returnTo=${encodeURIComponent(window.location.pathname)}`);
  }
  return readJson(response);
}

/** Every POST carries the session's CSRF token, which a page on another site cannot read. */
const postJson = async (url, body) => {
  await accountLoaded;
  return request(url, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      ...(account.csrfToken ? { "X-CSRF-Token": account.csrfToken } : {}),
    },
    body: JSON.stringify(body),
  });
};

// ---- Signed-in account ------------------------------------------------------------------------------------

/** Who is signed in, the CSRF token and whether to show the admin pages; see GET /auth/session. */
let account = { mode: "off", signedIn: false, admin: false };

async function loadAccount() {
  try {
    const response = await fetch("/auth/session", { headers: { Accept: "application/json" } });
    if (response.ok) account = await response.json();
  } catch {
    // The page still works signed out of nothing (sign-in off); a POST will say if it cannot.
  }
  byId("admin-nav").hidden = !account.admin;
  if (account.signedIn) {
    byId("account-name").textContent = account.name ?? "Signed in";
    byId("sign-out-csrf").value = account.csrfToken ?? "";
    byId("account").hidden = false;
  }
}

const accountLoaded = loadAccount();

function setStatus(node, text) {
  node.textContent = text;
}

// ---- Asking ---------------------------------------------------------------------------------------------

let asking = false;

function showQuestionError(problem) {
  fill(questionError);
  if (problem) {
    questionError.append(h("span", { class: "visually-hidden", text: "Error: " }), problem);
    questionError.hidden = false;
    questionBox.setAttribute("aria-invalid", "true");
    questionBox.setAttribute("aria-describedby", "question-hint question-error");
  } else {
    questionError.hidden = true;
    questionBox.removeAttribute("aria-invalid");
    questionBox.setAttribute("aria-describedby", "question-hint");
  }
}

function showRequestError(message) {
  fill(
    requestError,
    h("h2", { class: "error-summary-title", text: "There is a problem" }),
    h("p", { text: message }),
  );
  requestError.hidden = false;
}

async function ask() {
  if (asking) return;
  const question = questionBox.value.trim();
  const problem = !question
    ? "Type a question before asking."
    : question.length > MAX_QUESTION_CHARS
      ? "Questions can be at most 2,000 characters. Shorten your question and ask again."
      : "";
  showQuestionError(problem);
  if (problem) {
    questionBox.focus();
    return;
  }
  asking = true;
  form.setAttribute("aria-busy", "true");
  askButton.textContent = "Asking…";
  requestError.hidden = true;
  result.hidden = true;
  setStatus(statusLine, "Searching your guidance. This can take a few seconds.");
  try {
    const answer = await postJson("/api/ask", { question });
    renderAnswer(answer);
    setStatus(
      statusLine,
      answer.layout?.[0]?.kind === "handoff"
        ? "Answer ready. It starts with what to do now."
        : "Answer ready.",
    );
  } catch (error) {
    setStatus(statusLine, "");
    showRequestError(error.message);
  } finally {
    asking = false;
    form.removeAttribute("aria-busy");
    askButton.textContent = "Ask";
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  void ask();
});

// Enter asks; Shift and Enter (or an input method composing text) still make a new line.
questionBox.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    form.requestSubmit();
  }
});

// ---- The answer -----------------------------------------------------------------------------------------

/**
 * Shows the answer's layout as the server sent it: the core decides which sections there are and their order
 * (what to do now before any guidance at emergency or urgent level); this only turns each into markup.
 */
function renderAnswer(answer) {
  const layout = Array.isArray(answer.layout) ? answer.layout : [];
  const citations = Array.isArray(answer.citations) ? answer.citations : [];
  fill(
    result,
    layout.map((section) => sectionNode(section, answer, citations)),
    nextStepsSection(answer),
  );
  result.hidden = false;
  // Focus goes to the first heading: what to do now when the hand-off leads, otherwise the answer.
  result.querySelector("h2")?.focus();
}

function sectionNode(section, answer, citations) {
  switch (section.kind) {
    case "handoff":
      return handoffPanel(section);
    case "warnings":
      return warningsSection(section);
    case "answer":
      return answerSection(section, answer.question, citations);
    case "sources":
    case "related":
      return citationList(section, citations);
    case "contacts":
      return contactsPanel(section);
    case "disclaimer":
      return h("p", { class: "disclaimer", text: section.text });
    default:
      return null;
  }
}

function handoffPanel(section) {
  const actions = Array.isArray(section.actions) ? section.actions : [];
  return h(
    "section",
    { class: "handoff handoff--pressing", role: "alert", "aria-labelledby": "handoff-heading" },
    [
      h("h2", { id: "handoff-heading", tabindex: "-1", text: section.heading }),
      h("p", { class: "handoff-reason" }, [
        h("strong", { class: "level-tag", text: LEVEL_LABELS[section.level] ?? section.level }),
        " ",
        section.reason,
      ]),
      actions.length > 0
        ? h(
            "ol",
            { class: "handoff-actions" },
            actions.map((action) => h("li", { text: action })),
          )
        : null,
      contactList(section.contacts, "Contacts"),
      noticeLine(section.notice),
    ],
  );
}

function contactsPanel(section) {
  return h("section", { class: "handoff handoff--advice", "aria-labelledby": "contacts-heading" }, [
    h("h2", { id: "contacts-heading", tabindex: "-1", text: section.heading }),
    h("p", { class: "handoff-reason", text: section.reason }),
    contactList(section.contacts, "Contacts"),
    noticeLine(section.notice),
  ]);
}

/** The line saying local contacts are not configured yet, when the server sends one. */
function noticeLine(notice) {
  return notice ? h("p", { class: "contacts-notice", text: notice }) : null;
}

function contactList(contacts, title, headingTag = "h3") {
  if (!Array.isArray(contacts) || contacts.length === 0) return null;
  return [
    h(headingTag, { class: "contacts-title", text: title }),
    h("ul", { class: "contacts" }, contacts.map(contactItem)),
  ];
}

function contactItem(contact) {
  const dialable = String(contact.phone ?? "").replace(/[^\d+]/g, "");
  const webUrl = contact.url ? safeWebUrl(contact.url) : undefined;
  const emailOk = /^[^\s@]+@[^\s@]+$/.test(String(contact.email ?? ""));
  const line = (label, value) => h("span", { class: "contact-line" }, [`${label}: `, value]);
  return h("li", { class: "contact" }, [
    h("strong", { class: "contact-name", text: contact.name }),
    contact.phone
      ? line(
          "Phone",
          dialable.length >= 3 ? h("a", { href: `tel:${dialable}`, text: contact.phone }) : contact.phone,
        )
      : null,
    contact.email
      ? line(
          "Email",
          emailOk ? h("a", { href: `mailto:${contact.email}`, text: contact.email }) : contact.email,
        )
      : null,
    contact.url
      ? line("Website", webUrl ? h("a", { href: webUrl, rel: "noreferrer", text: contact.url }) : contact.url)
      : null,
    contact.hours ? line("Hours", contact.hours) : null,
  ]);
}

function answerSection(section, question, citations) {
  return h("section", { class: "answer", "aria-labelledby": "answer-heading" }, [
    h("h2", { id: "answer-heading", tabindex: "-1", text: section.heading }),
    h("p", { class: "asked" }, [h("span", { class: "asked-label", text: "You asked: " }), question]),
    answerParagraphs(String(section.text ?? ""), citations),
  ]);
}

/** Paragraphs of the answer, with each [n] (or [n, m]) marker turned into links to the numbered sources. */
function answerParagraphs(text, citations) {
  const known = new Set(citations.map((citation) => citation.n));
  return text
    .split(/\n\s*\n/)
    .filter((paragraph) => paragraph.trim())
    .map((paragraph) => {
      const node = h("p", { class: "answer-text" });
      for (const piece of paragraph.trim().split(/(\[\d+(?:\s*,\s*\d+)*\])/)) {
        const numbers = /^\[[\d,\s]+\]$/.test(piece) ? piece.slice(1, -1).split(",").map(Number) : [];
        if (numbers.length > 0 && numbers.every((n) => known.has(n))) {
          numbers.forEach((n, i) => {
            if (i > 0) node.append(" ");
            node.append(citationLink(n));
          });
        } else if (piece) {
          node.append(piece);
        }
      }
      return node;
    });
}

function citationLink(n) {
  return h(
    "a",
    {
      href: `#citation-${n}`,
      class: "citation-ref",
      onclick: (event) => {
        event.preventDefault();
        openCitation(n);
      },
    },
    ["[", h("span", { class: "visually-hidden", text: "source " }), String(n), "]"],
  );
}

function openCitation(n) {
  const details = document.querySelector(`#citation-${n} details`);
  if (!details) return;
  details.open = true;
  const summary = details.querySelector("summary");
  summary?.focus();
  summary?.scrollIntoView({ block: "nearest" });
}

/**
 * One list of cited passages (the quoted sources, those also relevant, or the closest passages), numbered as
 * the answer's [n] markers number them.
 */
function citationList(section, citations) {
  const listed = Array.isArray(section.citations) ? section.citations : [];
  const first = listed[0]?.n;
  return h("section", { class: "sources", "aria-label": section.heading }, [
    h("h3", { class: "sources-title", text: section.heading }),
    // The hint once, above whichever list comes first.
    citations[0]?.n === first
      ? h("p", { class: "hint", text: "Open a source to read the passage and where it comes from." })
      : null,
    h(
      "ol",
      { class: "citations", start: first !== undefined && first !== 1 ? String(first) : undefined },
      listed.map(citationItem),
    ),
  ]);
}

function citationItem(citation) {
  const where = [
    citation.section ? `section: ${citation.section}` : "",
    citation.page !== undefined && citation.page !== null ? `page ${citation.page}` : "",
    citation.date ? `dated ${formatDate(citation.date)}` : "undated",
  ]
    .filter(Boolean)
    .join(", ");
  const documentUrl = citation.url ? safeWebUrl(citation.url) : undefined;
  const fact = (term, value) => (value ? [h("dt", { text: term }), h("dd", { text: value })] : null);
  return h("li", { id: `citation-${citation.n}`, class: "citation" }, [
    h("details", {}, [
      h("summary", {}, [
        h("span", { class: "citation-number", text: `[${citation.n}]` }),
        " ",
        h("span", { class: "citation-title", text: citation.title }),
        h("span", { class: "citation-where", text: ` (${where})` }),
      ]),
      h("div", { class: "citation-body" }, [
        h("blockquote", { class: "passage" }, h("p", { text: citation.text })),
        h("dl", { class: "citation-facts" }, [
          fact("Document", citation.title),
          fact("File", citation.source),
          fact("Section", citation.section),
          fact("Page", citation.page !== undefined && citation.page !== null ? String(citation.page) : ""),
          fact("Date", citation.date ? formatDate(citation.date) : "Not dated"),
        ]),
        documentUrl
          ? h("a", { href: documentUrl, rel: "noreferrer", text: "Open the whole document" })
          : null,
      ]),
    ]),
  ]);
}

function warningsSection(section) {
  const warnings = Array.isArray(section.warnings) ? section.warnings : [];
  return h("section", { class: "warnings", "aria-labelledby": "warnings-heading" }, [
    h("h2", { id: "warnings-heading", text: section.heading }),
    h(
      "ul",
      {},
      warnings.map((warning) => h("li", {}, [h("strong", { text: "Warning: " }), warning])),
    ),
  ]);
}

// ---- Feedback and hand-off ------------------------------------------------------------------------------

function nextStepsSection(answer) {
  const feedbackStatus = h("p", { class: "inline-status", role: "status" });
  let feedbackSent = false;
  const feedbackButton = (label, helpful) =>
    h("button", {
      type: "button",
      class: "button button--secondary",
      text: label,
      onclick: async () => {
        if (feedbackSent) return;
        feedbackSent = true;
        try {
          await postJson("/api/feedback", { answerId: answer.answerId, helpful });
          setStatus(feedbackStatus, `Thank you: your feedback (${label.toLowerCase()}) was recorded.`);
        } catch (error) {
          feedbackSent = false;
          setStatus(feedbackStatus, error.message);
        }
      },
    });

  const handoffReply = h("div", { class: "handoff-reply" });
  const talkButton = h("button", {
    type: "button",
    class: "button button--warning",
    text: "Talk to the safeguarding team",
    onclick: async () => {
      fill(handoffReply, h("p", { role: "status", text: "Finding who to contact…" }));
      try {
        // The answer id alone: the server looks up the question it was given for.
        const reply = await postJson("/api/handoff", { answerId: answer.answerId });
        const heading = h("h3", { tabindex: "-1", text: "Contact the safeguarding team" });
        fill(
          handoffReply,
          heading,
          h("p", { class: "handoff-reply-message", text: reply.message }),
          contactList(reply.contacts, "Who to contact", "h4"),
        );
        heading.focus();
      } catch (error) {
        fill(handoffReply, h("p", { class: "error-message", role: "alert", text: error.message }));
      }
    },
  });

  return h("section", { class: "next-steps", "aria-labelledby": "next-steps-heading" }, [
    h("h2", { id: "next-steps-heading", text: "Was this answer helpful?" }),
    h("div", { class: "button-row" }, [
      feedbackButton("Helpful", true),
      feedbackButton("Not helpful", false),
    ]),
    feedbackStatus,
    h("h3", { class: "talk-title", text: "Need to talk to someone?" }),
    talkButton,
    handoffReply,
  ]);
}

// ---- Sources --------------------------------------------------------------------------------------------

async function loadSources() {
  setStatus(sourcesStatus, "Loading the list of documents…");
  try {
    const sources = await request("/api/sources", { method: "GET" });
    fill(sourcesList, sourcesTable(Array.isArray(sources) ? sources : []));
    const stale = sources.filter((source) => source.stale).length;
    setStatus(
      sourcesStatus,
      `${sources.length} ${sources.length === 1 ? "document" : "documents"}${stale ? `, ${stale} needing review` : ""}.`,
    );
  } catch (error) {
    fill(sourcesList);
    setStatus(sourcesStatus, error.message);
  }
}

function sourcesTable(sources) {
  const row = (source) => {
    const url = source.url ? safeWebUrl(source.url) : undefined;
    return h("tr", {}, [
      h("td", { "data-label": "Document" }, [
        url
          ? h("a", { href: url, rel: "noreferrer", text: source.title })
          : h("span", { text: source.title }),
        h("span", { class: "file-name", text: source.source }),
      ]),
      h("td", { "data-label": "Dated", text: source.date ? formatDate(source.date) : "Not dated" }),
      h("td", { "data-label": "Passages", class: "numeric", text: String(source.chunks) }),
      h(
        "td",
        { "data-label": "Status" },
        source.stale
          ? [
              h("strong", { class: "tag tag--stale", text: "Needs review" }),
              h("span", { class: "stale-reason", text: source.stale }),
            ]
          : h("span", { class: "tag tag--current", text: "Current" }),
      ),
    ]);
  };
  return h("table", { class: "sources-table" }, [
    h("caption", {
      class: "visually-hidden",
      text: "Guidance documents, their dates and whether they need review",
    }),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["Document", "Dated", "Passages", "Status"].map((label) => h("th", { scope: "col", text: label })),
      ),
    ),
    h("tbody", {}, sources.map(row)),
  ]);
}

// ---- Views ----------------------------------------------------------------------------------------------

/** #sources shows the sources, #ask or no hash the question box; other fragments (the skip link) change nothing. */
function route(moveFocus) {
  const hash = window.location.hash;
  const view = hash === "#sources" ? "sources" : hash === "" || hash === "#ask" ? "ask" : undefined;
  if (!view) return;
  askView.hidden = view !== "ask";
  sourcesView.hidden = view !== "sources";
  for (const link of document.querySelectorAll("[data-view-link]")) {
    if (link.getAttribute("data-view-link") === view) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  document.title =
    view === "sources"
      ? "Guidance sources – Safeguarding guidance assistant"
      : "Safeguarding guidance assistant";
  if (view === "sources") void loadSources();
  if (moveFocus) byId(view === "sources" ? "sources-heading" : "ask-heading").focus();
}

window.addEventListener("hashchange", () => route(true));
route(false);
