import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import Database from "better-sqlite3";
import Provider from "oidc-provider";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../../bot/config.ts";
import type { RunningAssistant } from "../../../bot/create-assistant.ts";
import { createHttpApp, type RunningHttpServer, startHttpServer } from "../../../bot/server.ts";
import { createTestAssistant } from "../../helpers/test-assistant.ts";
import { recordingLogger } from "./fakes.ts";

const CHROMIUM = "/usr/bin/chromium";
const chromiumMissing = !fs.existsSync(CHROMIUM);
if (chromiumMissing)
  process.stderr.write(`${CHROMIUM} not found (apt-get install chromium); skipping the sign-in tests.\n`);

const SCREENSHOTS = path.join(PROJECT_ROOT, "test-output");
const CLIENT_ID = "guidance-web";
const CLIENT_SECRET = "a-test-client-secret-that-is-long-enough";
const ADMIN_GROUP = "safeguarding-admins";
const STAFF_GROUP = "safeguarding-staff";
/** The provider's accounts: the login typed on its page is the subject. */
const ACCOUNTS: Record<string, { name: string; groups: string[] }> = {
  "alice-admin": { name: "Alice Admin", groups: [STAFF_GROUP, ADMIN_GROUP] },
  "bob-staff": { name: "Bob Staff", groups: [STAFF_GROUP] },
  "eve-outsider": { name: "Eve Outsider", groups: ["finance"] },
};

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.skipIf(chromiumMissing)("sign-in with OpenID Connect (oidc-provider on loopback)", () => {
  let assistant: RunningAssistant;
  let dataDir: string;
  let app: RunningHttpServer;
  let providerServer: net.Server;
  let browser: Browser;
  let appUrl: string;

  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    const providerPort = await freePort();
    const appPort = await freePort();
    const issuer = `http://127.0.0.1:${providerPort}`;
    appUrl = `http://127.0.0.1:${appPort}`;
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
          redirect_uris: [`${appUrl}/auth/callback`],
          post_logout_redirect_uris: [`${appUrl}/auth/signed-out`],
          response_types: ["code"],
          grant_types: ["authorization_code"],
          token_endpoint_auth_method: "client_secret_post",
        },
      ],
      // Entra ID puts group ids in the ID token; this provider does the same for the test accounts.
      claims: { openid: ["sub", "groups"], profile: ["name"] },
      conformIdTokenClaims: false,
      findAccount: (_ctx, id) => {
        const account = ACCOUNTS[id];
        if (!account) return undefined;
        return { accountId: id, claims: () => ({ sub: id, name: account.name, groups: account.groups }) };
      },
      pkce: { required: () => true },
      cookies: { keys: ["a-test-cookie-key-for-the-provider"] },
      features: { devInteractions: { enabled: true } },
    });
    providerServer = provider.listen(providerPort);
    await new Promise<void>((resolve) => providerServer.once("listening", () => resolve()));

    const created = await createTestAssistant({
      library: "sample",
      env: {
        WEB_AUTH: "oidc",
        OIDC_ISSUER: issuer,
        OIDC_CLIENT_ID: CLIENT_ID,
        OIDC_CLIENT_SECRET: CLIENT_SECRET,
        PUBLIC_URL: appUrl,
        SESSION_SECRET: "a-session-secret-of-at-least-32-characters",
        OIDC_ALLOWED_GROUPS: STAFF_GROUP,
        OIDC_ADMIN_GROUPS: ADMIN_GROUP,
      },
    });
    assistant = created.assistant;
    dataDir = created.config.DATA_DIR;
    const http = createHttpApp({ config: created.config, assistant, log: recordingLogger().log });
    app = await startHttpServer(http, { port: appPort, host: "127.0.0.1" });
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
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close(2000);
    await new Promise((resolve) => providerServer?.close(resolve));
    await assistant?.close();
  });

  /** Opens the page in a fresh browser and signs in on the provider's own page as `login`. */
  async function signIn(login: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${appUrl}/`);
    // The provider's development login page: any password is accepted for a known login.
    await page.fill('input[name="login"]', login);
    await page.fill('input[name="password"]', "any password");
    await page.click('button[type="submit"]');
    // First sign-in for this account: the provider asks to share the profile with the app.
    await page.waitForURL((url) => url.href.startsWith(appUrl) || url.pathname.includes("/interaction/"));
    if (!page.url().startsWith(appUrl)) await page.click('button:has-text("Continue")');
    await page.waitForURL((url) => url.href.startsWith(appUrl));
    return { context, page };
  }

  it("refuses /api/ask without a session and sends / to the provider", async () => {
    const ask = await fetch(`${appUrl}/api/ask`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ question: "What room temperature is right for a sleeping baby?" }),
    });
    expect(ask.status).toBe(401);
    expect((await ask.json()).error).toMatch(/sign in/i);

    const page = await fetch(`${appUrl}/`, { headers: { accept: "text/html" }, redirect: "manual" });
    expect(page.status).toBe(303);
    const location = new URL(page.headers.get("location") ?? "");
    expect(location.origin).toBe(`http://127.0.0.1:${(providerServer.address() as net.AddressInfo).port}`);
    expect(location.searchParams.get("code_challenge_method")).toBe("S256");
    expect(location.searchParams.get("client_id")).toBe(CLIENT_ID);
    // The sign-in cookie that keeps the PKCE verifier is httpOnly and SameSite; not Secure on loopback http.
    const cookie = page.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    // The page's script and markup wait for sign-in; only styles and the icon do not.
    expect((await fetch(`${appUrl}/app.js`)).status).toBe(401);
    expect((await fetch(`${appUrl}/styles.css`)).status).toBe(200);
  });

  it("signs in through the provider's page in Chromium, asks a question and sees the answer", async () => {
    const { context, page } = await signIn("bob-staff");
    try {
      expect(await page.textContent("#account-name")).toBe("Bob Staff");
      // Not an admin: no admin link.
      expect(await page.isHidden("#admin-nav")).toBe(true);
      await page.fill("#question", "What room temperature is right for a sleeping baby?");
      await page.click("#ask-button");
      await page.waitForSelector("#result:not([hidden]) #answer-heading");
      expect(await page.textContent("#result")).toMatch(/1[68]/);
      await page.screenshot({ path: path.join(SCREENSHOTS, "web-signed-in-answer.png") });

      // The signed-in subject is the web user id, stored hashed like every other.
      const db = new Database(path.join(dataDir, "audit.sqlite"), { readonly: true });
      try {
        const row = db
          .prepare<[], { user_hash: string | null }>(
            "SELECT user_hash FROM answers WHERE platform = 'web' ORDER BY at DESC LIMIT 1",
          )
          .get();
        expect(row?.user_hash).toMatch(/^[0-9a-f]{16,}$/);
        expect(row?.user_hash).not.toContain("bob");
      } finally {
        db.close();
      }
    } finally {
      await context.close();
    }
  });

  it("refuses a POST without the CSRF token, even with the session cookie", async () => {
    const { context, page } = await signIn("bob-staff");
    try {
      const body = { question: "What room temperature is right for a sleeping baby?" };
      // context.request carries the browser's cookies but not the page's token.
      const bare = await context.request.post(`${appUrl}/api/ask`, { data: body });
      expect(bare.status()).toBe(403);
      const wrong = await context.request.post(`${appUrl}/api/ask`, {
        data: body,
        headers: { "x-csrf-token": "not-the-token" },
      });
      expect(wrong.status()).toBe(403);
      const token = (await (await context.request.get(`${appUrl}/auth/session`)).json()).csrfToken as string;
      const good = await context.request.post(`${appUrl}/api/ask`, {
        data: body,
        headers: { "x-csrf-token": token },
      });
      expect(good.status()).toBe(200);
      // Sign-out is a POST too.
      expect((await context.request.post(`${appUrl}/auth/sign-out`, { maxRedirects: 0 })).status()).toBe(403);
      expect((await page.textContent("#account-name")) ?? "").toBe("Bob Staff");
    } finally {
      await context.close();
    }
  });

  it("ends the session on sign-out: the old cookie no longer works", async () => {
    const { context, page } = await signIn("bob-staff");
    try {
      const cookies = await context.cookies(appUrl);
      const session = cookies.find((c) => c.name === "sga_session");
      expect(session?.httpOnly).toBe(true);
      expect(session?.sameSite).toBe("Lax");
      const cookieHeader = `sga_session=${session?.value}`;
      expect((await fetch(`${appUrl}/api/sources`, { headers: { cookie: cookieHeader } })).status).toBe(200);

      await page.click("button.sign-out-button");
      // The provider asks whether to end its own session as well, then sends the browser back here.
      await page.click('button:has-text("Yes, sign me out")');
      await page.waitForURL(`${appUrl}/auth/signed-out`);
      expect(await page.textContent("main")).toMatch(/You have signed out/);
      expect((await fetch(`${appUrl}/api/sources`, { headers: { cookie: cookieHeader } })).status).toBe(401);
      expect((await context.cookies(appUrl)).some((c) => c.name === "sga_session")).toBe(false);
    } finally {
      await context.close();
    }
  });

  it("keeps re-index and the report from a non-admin, and shows them to an admin", async () => {
    const staff = await signIn("bob-staff");
    try {
      for (const url of ["/admin/report", "/admin/sources"]) {
        expect((await staff.context.request.get(`${appUrl}${url}`)).status(), url).toBe(403);
      }
      const token = (await (await staff.context.request.get(`${appUrl}/auth/session`)).json()).csrfToken;
      const reindex = await staff.context.request.post(`${appUrl}/admin/reindex`, {
        form: { _csrf: token },
      });
      expect(reindex.status()).toBe(403);
    } finally {
      await staff.context.close();
    }

    const admin = await signIn("alice-admin");
    try {
      expect(await admin.page.isVisible("#admin-nav")).toBe(true);
      await admin.page.click("#admin-nav a");
      await admin.page.waitForURL(`${appUrl}/admin/report`);
      expect(await admin.page.locator("svg.chart").count()).toBe(3);
      expect(await admin.page.textContent("main")).toMatch(/Questions per day/);
      await admin.page.screenshot({ path: path.join(SCREENSHOTS, "web-admin-report.png"), fullPage: true });
      await admin.page.goto(`${appUrl}/admin/sources`);
      await admin.page.click('button:has-text("Re-index the library")');
      await admin.page.waitForSelector(".reindex-result");
      expect(await admin.page.textContent(".reindex-result")).toMatch(/unchanged/);
    } finally {
      await admin.context.close();
    }
  });

  it("refuses an account outside the allowed groups", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${appUrl}/`);
      await page.fill('input[name="login"]', "eve-outsider");
      await page.fill('input[name="password"]', "any password");
      await page.click('button[type="submit"]');
      await page.waitForURL((url) => url.href.startsWith(appUrl) || url.pathname.includes("/interaction/"));
      if (!page.url().startsWith(appUrl)) await page.click('button:has-text("Continue")');
      await page.waitForURL((url) => url.href.startsWith(`${appUrl}/auth/callback`));
      expect(await page.textContent("main")).toMatch(/not in a group allowed/);
      expect((await context.cookies(appUrl)).some((c) => c.name === "sga_session")).toBe(false);
    } finally {
      await context.close();
    }
  });
});
