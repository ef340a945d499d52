import { z } from "zod";

/** The parts of Teams' channelData this adapter reads; everything else is ignored. */
const teamsChannelDataSchema = z.looseObject({
  channel: z.looseObject({ id: z.string() }).optional(),
  team: z.looseObject({ id: z.string() }).optional(),
  tenant: z.looseObject({ id: z.string() }).optional(),
});

interface ActivityLike {
  channelData?: unknown;
  conversation?: { id?: string; tenantId?: string };
}

/** Where an activity was sent, from the most specific (channel) to the least (tenant). */
export interface TeamsLocation {
  /** The Teams channel id; a channel thread's conversation id without its ";messageid=…" suffix otherwise. */
  channelId?: string;
  teamId?: string;
  tenantId?: string;
}

/** A channel thread's conversation id is the channel id followed by ";messageid=…". */
export function baseConversationId(conversationId: string): string {
  return conversationId.split(";")[0] ?? conversationId;
}

/** Reads the channel, team and tenant an activity came from (Teams puts them in channelData). */
export function teamsLocationOf(activity: ActivityLike): TeamsLocation {
  const parsed = teamsChannelDataSchema.safeParse(activity.channelData ?? {});
  const data = parsed.success ? parsed.data : {};
  const conversationId = activity.conversation?.id;
  const channelId = data.channel?.id ?? (conversationId ? baseConversationId(conversationId) : undefined);
  const tenantId = data.tenant?.id ?? activity.conversation?.tenantId;
  return {
    ...(channelId ? { channelId } : {}),
    ...(data.team?.id ? { teamId: data.team.id } : {}),
    ...(tenantId ? { tenantId } : {}),
  };
}

/**
 * The escalation-route area for an activity from TEAMS_AREA_MAP: a channel's entry wins over its team's,
 * and a team's over its tenant's. Undefined when nothing matches, so the core uses its default area.
 */
export function resolveArea(
  activity: ActivityLike,
  areaMap: Readonly<Record<string, string>>,
): string | undefined {
  const { channelId, teamId, tenantId } = teamsLocationOf(activity);
  for (const id of [channelId, teamId, tenantId]) {
    const area = id ? areaMap[id] : undefined;
    if (area) return area;
  }
  return undefined;
}
