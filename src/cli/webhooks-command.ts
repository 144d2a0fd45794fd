import type { Config } from "../config.js";
import { systemClock } from "../core/clock.js";
import { PasswordCipher } from "../core/crypto/password-cipher.js";
import type { Database } from "../core/db/client.js";
import type { Logger } from "../core/logger.js";
import { resolveSecretKey } from "../core/secret-key.js";
import { createWebhooks, isWebhookEventType, WEBHOOK_EVENT_TYPES } from "../modules/webhooks/index.js";

type Flags = Record<string, string | boolean | undefined>;

export class WebhooksUsageError extends Error {}

function flag(flags: Flags, name: string): string {
  const v = flags[name];
  if (typeof v !== "string" || v.trim() === "") throw new WebhooksUsageError(`--${name} is required`);
  return v.trim();
}

function eventTypes(flags: Flags): string[] | undefined {
  if (typeof flags.events !== "string") return undefined;
  const names = flags.events
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = names.filter((n) => !isWebhookEventType(n));
  if (bad.length) {
    throw new WebhooksUsageError(
      `unknown --events ${bad.join(", ")}; known: ${WEBHOOK_EVENT_TYPES.join(", ")}`,
    );
  }
  return names;
}

const view = (e: {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
}) => ({
  id: e.id,
  url: e.url,
  description: e.description,
  event_types: e.eventTypes,
  enabled: e.enabled,
});

/**
 * `webhooks system list|add|delete|rotate`: the installation's endpoints, which hear every
 * clinic, with the same checks as the API (SSRF guard, known events). `add` and `rotate`
 * print the secret, once. Prints JSON.
 */
export async function webhooksCommand(
  action: string | undefined,
  flags: Flags,
  database: Database,
  config: Config,
  logger: Logger,
): Promise<unknown> {
  const { endpoints } = createWebhooks({
    database,
    cipher: new PasswordCipher(resolveSecretKey(config), config.secretKeyFallbacks, logger),
    clock: systemClock,
    logger,
    config: config.webhooks,
    allowPrivateHosts: config.smtpAllowPrivateHosts,
  });
  switch (action) {
    case "list":
      return (await endpoints.list(null)).map(view);
    case "add": {
      const { endpoint, secret } = await endpoints.create(null, {
        url: flag(flags, "url"),
        description: typeof flags.description === "string" ? flags.description : undefined,
        eventTypes: eventTypes(flags),
      });
      return { ...view(endpoint), secret };
    }
    case "rotate": {
      const { endpoint, secret } = await endpoints.rotateSecret(null, flag(flags, "id"));
      return { ...view(endpoint), secret };
    }
    case "delete":
      await endpoints.remove(null, flag(flags, "id"));
      return { deleted: true };
    default:
      throw new WebhooksUsageError(
        "webhooks system list | add --url U [--description D] [--events a,b] | rotate --id ID | delete --id ID",
      );
  }
}
