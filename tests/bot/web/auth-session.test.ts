import type { CookieOptions, Request, Response } from "express";
import { describe, expect, it } from "vitest";
import { SessionCookies } from "../../../bot/web/auth-session.ts";

/** A response that keeps the cookies set on it, and a request that sends them back. */
function browser() {
  const jar = new Map<string, { value: string; options: CookieOptions }>();
  const res = {
    cookie(name: string, value: string, options: CookieOptions) {
      jar.set(name, { value, options });
      return res;
    },
    clearCookie(name: string) {
      jar.delete(name);
      return res;
    },
  } as unknown as Response;
  const req = () =>
    ({
      headers: { cookie: [...jar].map(([name, c]) => `${name}=${encodeURIComponent(c.value)}`).join("; ") },
    }) as unknown as Request;
  return { jar, res, req };
}

const SECRET = "a-session-secret-of-at-least-32-characters";

describe("SessionCookies", () => {
  it("sets an httpOnly, SameSite=Lax cookie, Secure on https, and finds the session from it", () => {
    const cookies = new SessionCookies(SECRET, { secure: true });
    const b = browser();
    const started = cookies.startSession(b.res, { subject: "user-1", admin: false });
    expect(b.jar.get("sga_session")?.options).toMatchObject({
      httpOnly: true,
      secure: true,
      sameSite: "lax",
    });
    expect(cookies.session(b.req())).toMatchObject({ subject: "user-1", csrfToken: started.csrfToken });
    expect(started.csrfToken.length).toBeGreaterThanOrEqual(40);
  });

  it("ends the session for good on sign-out: the old cookie finds nothing", () => {
    const cookies = new SessionCookies(SECRET, { secure: false });
    const b = browser();
    cookies.startSession(b.res, { subject: "user-1", admin: true });
    const old = b.req();
    expect(cookies.endSession(old, b.res)?.subject).toBe("user-1");
    expect(cookies.session(old)).toBeUndefined();
  });

  it("refuses a cookie whose signature does not match, or that another secret signed", () => {
    const cookies = new SessionCookies(SECRET, { secure: false });
    const b = browser();
    cookies.startSession(b.res, { subject: "user-1", admin: false });
    const value = b.jar.get("sga_session")?.value ?? "";
    const [id] = value.split(".");
    const forged = { headers: { cookie: `sga_session=${id}.AAAA` } } as unknown as Request;
    expect(cookies.session(forged)).toBeUndefined();
    expect(new SessionCookies(`${SECRET}-other`, { secure: false }).session(b.req())).toBeUndefined();
  });

  it("finishes a sign-in once only", () => {
    const cookies = new SessionCookies(SECRET, { secure: false });
    const b = browser();
    cookies.startSignIn(b.res, { codeVerifier: "v", state: "s", nonce: "n", returnTo: "/" });
    const request = b.req();
    expect(cookies.takeSignIn(request, b.res)?.codeVerifier).toBe("v");
    expect(cookies.takeSignIn(request, b.res)).toBeUndefined();
  });
});
