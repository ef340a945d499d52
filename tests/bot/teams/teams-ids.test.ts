import { describe, expect, it } from "vitest";
import { baseConversationId, resolveArea, teamsLocationOf } from "../../../bot/teams/teams-ids.ts";

const map = { "19:chan@thread.tacv2": "walsall", "19:team@thread.tacv2": "dudley", "tenant-1": "sandwell" };

describe("resolveArea", () => {
  it("prefers the channel, then the team, then the tenant", () => {
    const channelData = (channel: string) => ({
      channel: { id: channel },
      team: { id: "19:team@thread.tacv2" },
      tenant: { id: "tenant-1" },
    });
    expect(resolveArea({ channelData: channelData("19:chan@thread.tacv2") }, map)).toBe("walsall");
    expect(resolveArea({ channelData: channelData("19:other@thread.tacv2") }, map)).toBe("dudley");
    expect(resolveArea({ channelData: { tenant: { id: "tenant-1" } } }, map)).toBe("sandwell");
    expect(resolveArea({ conversation: { id: "a:personal", tenantId: "tenant-1" } }, map)).toBe("sandwell");
    expect(resolveArea({ channelData: { tenant: { id: "tenant-2" } } }, map)).toBeUndefined();
  });

  it("reads a channel thread's channel from its conversation id when channelData has none", () => {
    expect(resolveArea({ conversation: { id: "19:chan@thread.tacv2;messageid=17" } }, map)).toBe("walsall");
  });

  it("ignores channelData of the wrong shape", () => {
    expect(teamsLocationOf({ channelData: { channel: "oops" } })).toEqual({});
    expect(baseConversationId("19:x@thread.tacv2;messageid=1")).toBe("19:x@thread.tacv2");
  });
});
