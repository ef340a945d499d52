import { describe, expect, it } from "vitest";
import { RecentEvents } from "../../../bot/core/delivery-claims.ts";

describe("RecentEvents", () => {
  it("lets each event through once, matched on any of its keys", () => {
    const recent = new RecentEvents();
    expect(recent.claim("Ev1", "message:C1:1.0")).toBe(true);
    expect(recent.claim("Ev1", "message:C1:1.0")).toBe(false);
    // The same message delivered as another event type (a mention in a direct message).
    expect(recent.claim("Ev2", "message:C1:1.0")).toBe(false);
    expect(recent.claim("Ev3", undefined)).toBe(true);
  });

  it("forgets keys after their time to live", () => {
    let now = 0;
    const recent = new RecentEvents(100, 1000, () => now);
    recent.claim("Ev1");
    now = 999;
    expect(recent.claim("Ev1")).toBe(false);
    now = 1000;
    expect(recent.claim("Ev1")).toBe(true);
  });

  it("never holds more than its capacity, dropping the oldest", () => {
    const recent = new RecentEvents(3);
    for (const key of ["a", "b", "c", "d"]) recent.claim(key);
    expect(recent.size).toBe(3);
    expect(recent.claim("a")).toBe(true);
    expect(recent.claim("d")).toBe(false);
  });
});
