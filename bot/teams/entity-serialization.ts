import { createRequire } from "node:module";

/**
 * botbuilder 4.23.3 sends activities through @azure/core-client, whose serializer looks up the "Entity"
 * model by name and drops every property the model does not declare, so Teams' AI label and citations
 * (additionalType, citation, @type…) and the progress update's streaminfo (streamType, streamSequence) would
 * leave as a bare { type }. Upstream fixed this by declaring
 * additional properties on the Entity model (microsoft/botbuilder-js#4903); this applies the same change to
 * the copy of botframework-connector that botbuilder uses. Remove it once botbuilder includes that fix.
 *
 * Returns whether entities now keep their properties.
 */
export function keepEntityProperties(): boolean {
  try {
    const fromBotbuilder = createRequire(createRequire(import.meta.url).resolve("botbuilder"));
    const connector = fromBotbuilder("botframework-connector/lib/connectorApi/connectorClient.js") as {
      ConnectorMappers?: { Entity?: { type?: { additionalProperties?: unknown } } };
    };
    const entityType = connector.ConnectorMappers?.Entity?.type;
    if (!entityType) return false;
    entityType.additionalProperties ??= { type: { name: "Object" } };
    return true;
  } catch {
    return false;
  }
}
