import { describe, expect, it } from "vitest";
import { areaFor } from "../../../bot/slack/slack-area.ts";

describe("areaFor", () => {
  const map = { C1: "dudley", T1: "walsall" };

  it("prefers the channel's area to the workspace's", () => {
    expect(areaFor(map, { channelId: "C1", teamId: "T1" })).toBe("dudley");
    expect(areaFor(map, { channelId: "C2", teamId: "T1" })).toBe("walsall");
  });

  it("leaves the area to the core's default when neither is mapped", () => {
    expect(areaFor(map, { channelId: "C2", teamId: "T2" })).toBeUndefined();
    expect(areaFor(map, { channelId: "toString" })).toBeUndefined();
  });
});
