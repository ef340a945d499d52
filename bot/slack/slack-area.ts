/**
 * The escalation-route area for a Slack conversation from SLACK_AREA_MAP: the channel's own entry wins over
 * the workspace's; undefined lets the core use its default area.
 */
export function areaFor(
  areaMap: Readonly<Record<string, string>>,
  where: { channelId?: string | undefined; teamId?: string | undefined },
): string | undefined {
  if (where.channelId && Object.hasOwn(areaMap, where.channelId)) return areaMap[where.channelId];
  if (where.teamId && Object.hasOwn(areaMap, where.teamId)) return areaMap[where.teamId];
  return undefined;
}
