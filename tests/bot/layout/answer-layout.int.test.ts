/**
 * The web page's renderer against the same answers as answer-layout.test.ts: the page, served by the real
 * HTTP app, asks a fake core that returns each answer, and the sections must appear in the layout's order.
 */
import fs from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../bot/config.ts";
import { createHttpApp, type RunningHttpServer, startHttpServer } from "../../../bot/server.ts";
import { createLogger } from "../../../foundation/log.ts";
import { FakeAssistant } from "../../helpers/fake-assistant.ts";
import { expectLayoutOrder, LAYOUT_CASES } from "./layout-cases.ts";

const CHROMIUM = "/usr/bin/chromium";
const chromiumMissing = !fs.existsSync(CHROMIUM);
if (chromiumMissing)
  process.stderr.write(
    `${CHROMIUM} not found (apt-get install chromium); skipping the layout browser test.\n`,
  );

describe.skipIf(chromiumMissing)("the web page shows every answer in the layout's order", () => {
  let running: RunningHttpServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const assistant = new FakeAssistant({
      answerWith: (request) => {
        const found = LAYOUT_CASES.find((c) => c.answer.question === request.question);
        if (!found) throw new Error(`no layout case for ${request.question}`);
        return found.answer;
      },
    });
    const app = createHttpApp({ config: loadConfig({}), assistant, log: createLogger("silent") });
    running = await startHttpServer(app, { port: 0, host: "127.0.0.1" });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    page = await browser.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${running.url}/`);
  });

  afterAll(async () => {
    await browser?.close();
    await running?.close(2000);
  });

  it.each(LAYOUT_CASES)("the $name answer", async ({ answer }) => {
    await page.fill("#question", answer.question);
    await page.getByRole("button", { name: "Ask" }).click();
    await page.waitForFunction(
      (question) => document.querySelector("#result .asked")?.textContent?.includes(question),
      answer.question,
    );
    const text = (await page.textContent("#result")) ?? "";
    expectLayoutOrder(text, answer, "web");
    // Focus lands on the first section's heading, so a screen reader starts where the layout does.
    const first = answer.layout[0];
    const focusedHeading = await page.evaluate(() => document.activeElement?.textContent ?? "");
    expect(focusedHeading).toBe(first && "heading" in first ? first.heading : "");
    expect(pageErrors).toEqual([]);
  });
});
