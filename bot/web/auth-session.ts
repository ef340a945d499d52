/**
 * Web sessions, kept in this process's memory: the cookie carries only a random id, signed with
 * SESSION_SECRET, so signing out (or a restart) ends a session for good, where a self-contained cookie would
 * stay valid until it expired. One process serves the web page, so no shared store is needed.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { CookieOptions, Request, Response } from "express";

/** A working day: practitioners sign in once per shift, and a forgotten shared PC is not signed in overnight. */
const SESSION_MAX_AGE_MS = 8 * 60 * 60 * 1000;
/** Long enough to type a password and approve a prompt on the provider's page, short enough to be useless later. */
const SIGN_IN_MAX_AGE_MS = 10 * 60 * 1000;
/** Beyond this many unfinished sign-ins the oldest are dropped, so a flood of /auth/sign-in cannot fill memory. */
const MAX_PENDING_SIGN_INS = 10_000;

const SESSION_COOKIE = "sga_session";
const SIGN_IN_COOKIE = "sga_signin";

/** Who is signed in, as the provider said at sign-in. */
export interface WebSession {
  /** The provider's subject: stable per user, used as the web user id (the audit store hashes it). */
  subject: string;
  name?: string;
  admin: boolean;
  /** Sent back on every POST; a page on another site cannot read it. */
  csrfToken: string;
  /** For the provider's sign-out, which wants to know whose session to end. */
  idToken?: string;
  expiresAt: number;
}

/** What the sign-in keeps between sending the browser to the provider and its return. */
export interface PendingSignIn {
  codeVerifier: string;
  state: string;
  nonce: string;
  /** A path on this site to go back to after signing in. */
  returnTo: string;
  expiresAt: number;
}

/** A map whose entries expire; expired entries are dropped as they are met and whenever one is added. */
class ExpiringMap<T extends { expiresAt: number }> {
  private readonly entries = new Map<string, T>();
  constructor(private readonly limit: number) {}

  add(value: T): string {
    const now = Date.now();
    for (const [id, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(id);
    // Maps iterate in insertion order, so the first key is the oldest.
    while (this.entries.size >= this.limit) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    const id = randomBytes(32).toString("base64url");
    this.entries.set(id, value);
    return id;
  }

  get(id: string): T | undefined {
    const entry = this.entries.get(id);
    if (entry && entry.expiresAt <= Date.now()) {
      this.entries.delete(id);
      return undefined;
    }
    return entry;
  }

  delete(id: string): void {
    this.entries.delete(id);
  }
}

/** Reads one cookie from the request's Cookie header (express has no cookie parser built in). */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return decodeURIComponent(part.slice(at + 1).trim());
  }
  return undefined;
}

/** Equal strings compared in constant time, so a token cannot be guessed a character at a time. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The session and sign-in stores with their signed cookies. */
export class SessionCookies {
  private readonly sessions = new ExpiringMap<WebSession>(Number.POSITIVE_INFINITY);
  private readonly signIns = new ExpiringMap<PendingSignIn>(MAX_PENDING_SIGN_INS);
  private readonly cookie: CookieOptions;

  constructor(
    private readonly secret: string,
    options: { secure: boolean },
  ) {
    // Lax, not Strict: the provider sends the browser back with a cross-site redirect, and a Strict cookie
    // would be missing on that first request. POSTs are covered by the CSRF token instead.
    this.cookie = { httpOnly: true, secure: options.secure, sameSite: "lax", path: "/" };
  }

  startSession(res: Response, session: Omit<WebSession, "csrfToken" | "expiresAt">): WebSession {
    const full: WebSession = {
      ...session,
      csrfToken: randomBytes(32).toString("base64url"),
      expiresAt: Date.now() + SESSION_MAX_AGE_MS,
    };
    res.cookie(SESSION_COOKIE, this.sign(this.sessions.add(full)), {
      ...this.cookie,
      maxAge: SESSION_MAX_AGE_MS,
    });
    return full;
  }

  session(req: Request): WebSession | undefined {
    const id = this.verify(readCookie(req, SESSION_COOKIE));
    return id ? this.sessions.get(id) : undefined;
  }

  endSession(req: Request, res: Response): WebSession | undefined {
    const id = this.verify(readCookie(req, SESSION_COOKIE));
    const session = id ? this.sessions.get(id) : undefined;
    if (id) this.sessions.delete(id);
    res.clearCookie(SESSION_COOKIE, this.cookie);
    return session;
  }

  startSignIn(res: Response, pending: Omit<PendingSignIn, "expiresAt">): void {
    const id = this.signIns.add({ ...pending, expiresAt: Date.now() + SIGN_IN_MAX_AGE_MS });
    res.cookie(SIGN_IN_COOKIE, this.sign(id), { ...this.cookie, maxAge: SIGN_IN_MAX_AGE_MS });
  }

  /** The pending sign-in, which can be finished once only. */
  takeSignIn(req: Request, res: Response): PendingSignIn | undefined {
    const id = this.verify(readCookie(req, SIGN_IN_COOKIE));
    const pending = id ? this.signIns.get(id) : undefined;
    if (id) this.signIns.delete(id);
    res.clearCookie(SIGN_IN_COOKIE, this.cookie);
    return pending;
  }

  private sign(id: string): string {
    return `${id}.${createHmac("sha256", this.secret).update(id).digest("base64url")}`;
  }

  private verify(value: string | undefined): string | undefined {
    if (!value) return undefined;
    const dot = value.lastIndexOf(".");
    if (dot <= 0) return undefined;
    const id = value.slice(0, dot);
    return sameSecret(value, this.sign(id)) ? id : undefined;
  }
}
