/**
 * Who may use the web page and its API, by WEB_AUTH:
 *   off  – this machine only (the socket is loopback and no proxy relayed the request);
 *   oidc – signed in with OpenID Connect (authorisation code flow with PKCE, by openid-client), optionally
 *          limited to groups, with admins named by group;
 *   open – everyone, on purpose (e.g. behind a proxy that authenticates).
 * The bot endpoints (/slack/events, /api/messages) are mounted before any of this: they check each request.
 */
import express, { type Request, type RequestHandler, type Response, type Router } from "express";
import * as oidc from "openid-client";
import type { Logger } from "../../foundation/log.ts";
import type { Config } from "../config.ts";
import { isLocalRequest, isLoopbackServiceUrl } from "../loopback.ts";
import { escapeHtml, htmlPage } from "./admin-html.ts";
import { SessionCookies, sameSecret, type WebSession } from "./auth-session.ts";
import { methodNotAllowed, sendError } from "./http-errors.ts";

/** What a request to the page or the API may do, set by the gate for the handlers after it. */
export interface WebAccess {
  /** The signed-in user; none with sign-in off or open. */
  user?: { subject: string; name?: string };
  /** May re-index and read the trainer report. */
  admin: boolean;
  /** The token POSTs must carry; none without a session. */
  csrfToken?: string;
}

export interface WebAuth {
  mode: Config["WEB_AUTH"];
  /** Sign-in, the provider's return, sign-out and the session's description for the page; at /auth. */
  router: Router;
  /** Lets a request through to the page, /api/* or /admin, or refuses it. */
  gate: RequestHandler;
  /** Refuses a state-changing request that did not come from this site's own page. */
  csrf: RequestHandler;
  requireAdmin: RequestHandler;
}

/** The access the gate granted this request. */
export const accessOf = (res: Response): WebAccess =>
  (res.locals.webAccess as WebAccess | undefined) ?? { admin: false };

const LOCAL_ONLY =
  "This page only answers on the computer it runs on. To use it from elsewhere, turn sign-in on: set " +
  "WEB_AUTH=oidc with your organisation's sign-in provider (see the README's Deployment section).";
const SIGN_IN_FIRST = "Sign in first: reload the page to sign in.";
const NOT_FROM_THIS_PAGE =
  "This request was refused because it did not come from this site's page. Reload the page and try again.";
const ADMINS_ONLY = "Only safeguarding administrators can open this page.";

/** Headers a reverse proxy adds: a request that carries one came from somewhere else, whatever the socket says. */
/** A path on this site to return to; anything else (another site, "//evil") goes to the start page. */
function safeReturnPath(value: unknown): string {
  return typeof value === "string" && /^\/(?![/\\])/.test(value) ? value : "/";
}

const wantsPage = (req: Request) => req.method === "GET" && req.accepts(["json", "html"]) === "html";

/** Builds the gate, CSRF check and /auth routes for the configured mode. */
export function createWebAuth(config: Config, log: Logger): WebAuth {
  if (config.WEB_AUTH === "oidc") return createOidcAuth(config, log);
  const local = config.WEB_AUTH === "off";
  const router = express.Router();
  router
    .route("/session")
    .get((req, res) => {
      const admin = local && isLocalRequest(req);
      res.set("Cache-Control", "no-store").json({ mode: config.WEB_AUTH, signedIn: false, admin });
    })
    .all(methodNotAllowed(["GET", "HEAD"]));
  return {
    mode: config.WEB_AUTH,
    router,
    gate: (req, res, next) => {
      if (local && !isLocalRequest(req)) {
        sendError(res, 403, LOCAL_ONLY);
        return;
      }
      // With sign-in off only this machine's own user is here: the same person who could run `npm run ingest`.
      res.locals.webAccess = { admin: local } satisfies WebAccess;
      next();
    },
    csrf: sameSiteOnly,
    requireAdmin,
  };
}

/**
 * A browser marks where a request came from (Sec-Fetch-Site, Origin); another site's page cannot hide it.
 * Clients that are not browsers send neither and are let through here; sign-in, when on, still needs the
 * token as well.
 */
const sameSiteOnly: RequestHandler = (req, res, next) => {
  if (["GET", "HEAD", "OPTIONS"].includes(req.method)) {
    next();
    return;
  }
  const site = req.headers["sec-fetch-site"];
  const origin = req.headers.origin;
  // Fetch metadata first: with the page's no-referrer policy a same-site form post says Origin: null.
  let crossOrigin = false;
  if (site !== undefined) crossOrigin = site !== "same-origin" && site !== "none";
  else if (origin !== undefined) {
    try {
      crossOrigin = new URL(origin).host !== req.headers.host;
    } catch {
      crossOrigin = true;
    }
  }
  if (crossOrigin) {
    sendError(res, 403, NOT_FROM_THIS_PAGE);
    return;
  }
  next();
};

const requireAdmin: RequestHandler = (_req, res, next) => {
  if (!accessOf(res).admin) {
    sendError(res, 403, ADMINS_ONLY);
    return;
  }
  next();
};

/** The ID token's groups claim (Entra ID sends it when the app registration asks for group claims). */
function groupsOf(claims: oidc.IDToken | undefined): string[] {
  const groups = claims?.groups;
  return Array.isArray(groups) ? groups.filter((g): g is string => typeof g === "string") : [];
}

function createOidcAuth(config: Config, log: Logger): WebAuth {
  // loadConfig makes sure all of these are set when WEB_AUTH is oidc.
  const issuer = new URL(config.OIDC_ISSUER ?? "");
  const clientId = config.OIDC_CLIENT_ID ?? "";
  const clientSecret = config.OIDC_CLIENT_SECRET ?? "";
  const publicUrl = new URL(config.PUBLIC_URL ?? "");
  const base = publicUrl.href.endsWith("/") ? publicUrl.href : `${publicUrl.href}/`;
  const redirectUri = new URL("auth/callback", base).href;
  const signedOutUri = new URL("auth/signed-out", base).href;
  const cookies = new SessionCookies(config.SESSION_SECRET ?? "", {
    // Browsers keep Secure cookies from plain-http localhost only sometimes; only https needs the flag to matter.
    secure: publicUrl.protocol === "https:",
  });
  const allowedGroups = config.OIDC_ALLOWED_GROUPS;
  const adminGroups = config.OIDC_ADMIN_GROUPS;

  // Discovered on first use, so a provider that is down delays sign-in rather than stopping the bots.
  let discovered: Promise<oidc.Configuration> | undefined;
  const provider = () => {
    discovered ??= oidc
      .discovery(issuer, clientId, clientSecret, undefined, {
        // Config only accepts http for a provider on this machine (the tests' provider).
        ...(issuer.protocol === "http:" && isLoopbackServiceUrl(issuer.href)
          ? { execute: [oidc.allowInsecureRequests] }
          : {}),
      })
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  };

  const startSignIn = async (req: Request, res: Response, returnTo: string) => {
    const server = await provider();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    cookies.startSignIn(res, { codeVerifier, state, nonce, returnTo: safeReturnPath(returnTo) });
    const url = oidc.buildAuthorizationUrl(server, {
      redirect_uri: redirectUri,
      scope: "openid profile",
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: "S256",
      state,
      nonce,
    });
    log.debug("auth.sign_in_started", { path: req.path });
    res.redirect(303, url.href);
  };

  const signInProblem = (res: Response, status: number, sentence: string) => {
    res
      .status(status)
      .type("html")
      .send(
        htmlPage(
          "Sign-in",
          `<h1>Sign-in did not work</h1><p>${escapeHtml(sentence)}</p><p><a href="/auth/sign-in">Try signing in again</a></p>`,
        ),
      );
  };

  const router = express.Router();
  router
    .route("/sign-in")
    .get(async (req, res) => startSignIn(req, res, safeReturnPath(req.query.returnTo)))
    .all(methodNotAllowed(["GET", "HEAD"]));

  router
    .route("/callback")
    .get(async (req, res) => {
      const pending = cookies.takeSignIn(req, res);
      if (!pending) {
        signInProblem(res, 400, "The sign-in took too long or was started in another window.");
        return;
      }
      const current = new URL(redirectUri);
      current.search = new URL(req.originalUrl, base).search;
      let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
      try {
        tokens = await oidc.authorizationCodeGrant(await provider(), current, {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
      } catch (error) {
        log.warn("auth.sign_in_failed", { error });
        signInProblem(res, 400, "Your organisation's sign-in service did not confirm who you are.");
        return;
      }
      const claims = tokens.claims();
      if (!claims) {
        signInProblem(res, 400, "Your organisation's sign-in service did not say who you are.");
        return;
      }
      const groups = groupsOf(claims);
      const admin = adminGroups.some((g) => groups.includes(g));
      if (!admin && allowedGroups.length > 0 && !allowedGroups.some((g) => groups.includes(g))) {
        // The subject is not logged: it identifies a person.
        log.info("auth.sign_in_refused", { reason: "not in an allowed group" });
        signInProblem(res, 403, "Your account is not in a group allowed to use this assistant.");
        return;
      }
      const name = typeof claims.name === "string" ? claims.name : undefined;
      cookies.startSession(res, {
        subject: claims.sub,
        admin,
        ...(name ? { name } : {}),
        ...(tokens.id_token ? { idToken: tokens.id_token } : {}),
      });
      log.info("auth.signed_in", { admin });
      res.redirect(303, pending.returnTo);
    })
    .all(methodNotAllowed(["GET", "HEAD"]));

  const formBody = express.urlencoded({ extended: false, limit: "4kb" });
  const csrf: RequestHandler = (req, res, next) =>
    sameSiteOnly(req, res, () => {
      if (["GET", "HEAD", "OPTIONS"].includes(req.method)) {
        next();
        return;
      }
      const expected = accessOf(res).csrfToken ?? cookies.session(req)?.csrfToken;
      const header = req.headers["x-csrf-token"];
      const sent = typeof header === "string" ? header : (req.body as { _csrf?: unknown } | undefined)?._csrf;
      if (!expected || typeof sent !== "string" || !sameSecret(sent, expected)) {
        sendError(res, 403, NOT_FROM_THIS_PAGE);
        return;
      }
      next();
    });

  router
    .route("/sign-out")
    .post(formBody, csrf, async (req, res) => {
      const ended = cookies.endSession(req, res);
      log.info("auth.signed_out", {});
      const server = await provider().catch(() => undefined);
      // Ending the provider's session too, where it offers that, stops the next sign-in being silent.
      if (server?.serverMetadata().end_session_endpoint) {
        const url = oidc.buildEndSessionUrl(server, {
          post_logout_redirect_uri: signedOutUri,
          ...(ended?.idToken ? { id_token_hint: ended.idToken } : {}),
        });
        res.redirect(303, url.href);
        return;
      }
      res.redirect(303, signedOutUri);
    })
    .all(methodNotAllowed(["POST"]));

  router
    .route("/signed-out")
    .get((_req, res) => {
      res
        .type("html")
        .send(
          htmlPage(
            "Signed out",
            '<h1>You have signed out</h1><p><a href="/auth/sign-in">Sign in again</a></p>',
          ),
        );
    })
    .all(methodNotAllowed(["GET", "HEAD"]));

  router
    .route("/session")
    .get((req, res) => {
      const session = cookies.session(req);
      res.set("Cache-Control", "no-store").json({
        mode: "oidc",
        signedIn: Boolean(session),
        admin: session?.admin ?? false,
        ...(session?.name ? { name: session.name } : {}),
        ...(session ? { csrfToken: session.csrfToken } : {}),
      });
    })
    .all(methodNotAllowed(["GET", "HEAD"]));

  const gate: RequestHandler = async (req, res, next) => {
    const session: WebSession | undefined = cookies.session(req);
    if (session) {
      res.locals.webAccess = {
        user: { subject: session.subject, ...(session.name ? { name: session.name } : {}) },
        admin: session.admin,
        csrfToken: session.csrfToken,
      } satisfies WebAccess;
      next();
      return;
    }
    // A person opening the page goes straight to the provider; a script gets a sentence and a 401.
    if (wantsPage(req)) await startSignIn(req, res, req.originalUrl);
    else sendError(res, 401, SIGN_IN_FIRST);
  };

  return { mode: "oidc", router, gate, csrf, requireAdmin };
}
