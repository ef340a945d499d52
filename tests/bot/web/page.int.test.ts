import fs from "node:fs";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../../bot/config.ts";
import type { RunningAssistant } from "../../../bot/create-assistant.ts";
import { createHttpApp, type RunningHttpServer, startHttpServer } from "../../../bot/server.ts";
import { createTestAssistant } from "../../helpers/test-assistant.ts";
import { recordingLogger } from "./fakes.ts";

const CHROMIUM = "/usr/bin/chromium";
const chromiumMissing = !fs.existsSync(CHROMIUM);
if (chromiumMissing)
  process.stderr.write(`${CHROMIUM} not found (apt-get install chromium); skipping the browser tests.\n`);

const SCREENSHOTS = path.join(PROJECT_ROOT, "test-output");
const SAFER_SLEEP_QUESTION = "Is it safe for a baby to sleep on a sofa with a parent?";
// d17 of the dev questions: an emergency.
const EMERGENCY_QUESTION =
  "A child has just told me her stepdad hit her with a belt and he is outside waiting to take her home.";

/** What the element with focus is, in words a failing assertion can show. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const active = document.activeElement;
    return active
      ? `${active.tagName.toLowerCase()}#${active.id}:${(active.textContent ?? "").trim().slice(0, 40)}`
      : "";
  });

/**
 * Every visible piece of text against the background it is drawn on: the WCAG contrast ratio must be at least
 * 4.5:1. The background is the nearest ancestor with an opaque background colour.
 */
const lowContrastText = (page: Page) =>
  page.evaluate(() => {
    const channels = (colour: string) => (colour.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r = 0, g = 0, b = 0]: number[]) => {
      const linear = [r, g, b].map((v) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * (linear[0] ?? 0) + 0.7152 * (linear[1] ?? 0) + 0.0722 * (linear[2] ?? 0);
    };
    const background = (element: Element | null): number[] => {
      for (let node = element; node; node = node.parentElement) {
        const colour = channels(getComputedStyle(node).backgroundColor);
        if (colour.length === 3 || (colour[3] ?? 0) >= 1) return colour.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const problems: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      const element = text.parentElement;
      if (!element || !text.textContent?.trim()) continue;
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      if (box.width <= 1 || box.height <= 1 || style.visibility === "hidden" || element.closest("[hidden]"))
        continue;
      const fore = luminance(channels(style.color));
      const back = luminance(background(element));
      const ratio = (Math.max(fore, back) + 0.05) / (Math.min(fore, back) + 0.05);
      if (ratio < 4.5) problems.push(`${ratio.toFixed(2)} "${text.textContent.trim().slice(0, 30)}"`);
    }
    return problems;
  });

describe.skipIf(chromiumMissing)("the web page in a real browser", () => {
  let assistant: RunningAssistant;
  let running: RunningHttpServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    const created = await createTestAssistant({ library: "sample" });
    assistant = created.assistant;
    const app = createHttpApp({ config: created.config, assistant, log: recordingLogger().log });
    running = await startHttpServer(app, { port: 0, host: "127.0.0.1" });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    // A blocked inline script or style (CSP), a missing file or a script error shows up here.
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${running.url}/`);
  });

  afterAll(async () => {
    await browser?.close();
    await running?.close(2000);
    await assistant?.close();
  });

  it("is usable from the keyboard: skip link, then Tab to the question, type, Enter", async () => {
    expect(await page.getAttribute("html", "lang")).toBe("en-GB");
    await page.keyboard.press("Tab");
    expect(await focused(page)).toBe("a#:Skip to main content");
    await page.screenshot({ path: path.join(SCREENSHOTS, "web-1-skip-link.png") });
    await page.keyboard.press("Enter");
    expect(await focused(page)).toMatch(/^main#main/);

    for (let presses = 0; presses < 5 && !(await focused(page)).startsWith("textarea#question"); presses++) {
      await page.keyboard.press("Tab");
    }
    expect(await focused(page)).toBe("textarea#question:");
    // The label and hint belong to the box, so a screen reader reads them with it.
    expect(await page.getByLabel("Your question").getAttribute("id")).toBe("question");
    const outline = await page.$eval("#question", (box) => getComputedStyle(box).outlineColor);
    expect(outline).toBe("rgb(255, 235, 59)");

    await page.keyboard.type(SAFER_SLEEP_QUESTION);
    await page.keyboard.press("Enter");
    await page.waitForSelector("#answer-heading");
    expect(await focused(page)).toBe("h2#answer-heading:Answer");
    expect(await page.textContent("#status")).toMatch(/Answer ready/);
  });

  it("shows the answer with numbered citations that open on the quoted passage", async () => {
    const marker = page.locator(".answer-text .citation-ref").first();
    expect(await marker.textContent()).toBe("[source 1]");
    expect(await marker.getAttribute("href")).toBe("#citation-1");
    const citations = page.locator(".citation");
    expect(await citations.count()).toBeGreaterThan(0);
    expect(await citations.first().locator("details").getAttribute("open")).toBeNull();

    await page.locator(".citation-ref").first().focus();
    await page.keyboard.press("Enter");
    const first = page.locator("#citation-1 details");
    expect(await first.getAttribute("open")).toBe("");
    expect(await focused(page)).toMatch(/^summary#:\[1\]/);
    const facts = await first.locator(".citation-facts").textContent();
    expect(facts).toContain("Document");
    expect(facts).toContain("safer-sleep-sample.md");
    expect(facts).toMatch(/Section/);
    expect(facts).toContain("1 November 2026");
    expect((await first.locator(".passage").textContent())?.length).toBeGreaterThan(20);
    expect(await page.locator(".disclaimer").textContent()).toMatch(/professional judgement/);
    await page.screenshot({ path: path.join(SCREENSHOTS, "web-2-answer.png"), fullPage: true });
  });

  it("records feedback and says whom to contact when the user asks for the team", async () => {
    await page.getByRole("button", { name: "Helpful", exact: true }).click();
    await expect
      .poll(() => page.locator(".next-steps [role=status]").textContent())
      .toMatch(/feedback.*recorded/);
    await page.getByRole("button", { name: "Talk to the safeguarding team" }).click();
    await page.waitForSelector(".handoff-reply h3");
    expect(await page.locator(".handoff-reply").textContent()).toMatch(/Nobody has been contacted/);
    expect(await page.locator(".handoff-reply .contact").count()).toBeGreaterThan(0);
    // Headings nest: the contacts sit under the reply's own heading.
    expect(await page.locator(".handoff-reply h4").textContent()).toBe("Who to contact");
    expect(await focused(page)).toMatch(/^h3#:Contact the safeguarding team/);
    await page.screenshot({ path: path.join(SCREENSHOTS, "web-3-handoff-requested.png"), fullPage: true });
  });

  it("puts 'What to do now' first, as an alert, when the question describes an emergency", async () => {
    await page.fill("#question", EMERGENCY_QUESTION);
    await page.getByRole("button", { name: "Ask" }).click();
    await page.waitForSelector(".handoff--pressing");
    const order = await page.$$eval("#result > *", (sections) =>
      sections.map((section) => section.className),
    );
    expect(order[0]).toBe("handoff handoff--pressing");
    expect(order.indexOf("answer")).toBeGreaterThan(0);
    const panel = page.getByRole("alert").filter({ hasText: "What to do now" });
    expect(await panel.count()).toBe(1);
    // The level is said in words, not only shown in red.
    expect(await panel.locator(".level-tag").textContent()).toBe("Emergency");
    expect(await panel.textContent()).toContain("999");
    expect(await focused(page)).toBe("h2#handoff-heading:Emergency: what to do now");
    const border = await panel.evaluate((node) => getComputedStyle(node).borderTopColor);
    expect(border).toBe("rgb(213, 40, 27)");
    expect(await lowContrastText(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, "web-4-emergency.png"), fullPage: true });
  });

  it("lists the guidance documents with their dates and whether they need review", async () => {
    await page.getByRole("link", { name: "Guidance sources" }).click();
    await page.waitForSelector(".sources-table tbody tr");
    expect(await focused(page)).toBe("h1#sources-heading:Guidance sources");
    expect(await page.isHidden("#ask-view")).toBe(true);
    const rows = await page.$$eval(".sources-table tbody tr", (trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent?.trim() ?? "")),
    );
    expect(rows).toHaveLength(4);
    for (const [document, dated, , status] of rows) {
      expect(document).toMatch(/\.md$/);
      expect(dated).toBe("1 November 2026");
      expect(status).toMatch(/^(Current|Needs review.+)$/);
    }
    expect(await lowContrastText(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, "web-5-sources.png"), fullPage: true });

    await page.getByRole("link", { name: "Ask a question" }).click();
    expect(await page.isVisible("#ask-view")).toBe(true);
  });

  it("shows a problem with the question next to the box, and nothing broke on the way", async () => {
    await page.fill("#question", "   ");
    await page.press("#question", "Enter");
    expect(await page.textContent("#question-error")).toContain("Type a question before asking.");
    expect(await page.getAttribute("#question", "aria-invalid")).toBe("true");
    expect(await focused(page)).toBe("textarea#question:");
    expect(pageErrors).toEqual([]);
  });
});
