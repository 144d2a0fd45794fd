import type { Clock } from "../../core/clock.js";
import type { PasswordCipher } from "../../core/crypto/password-cipher.js";
import type { Database } from "../../core/db/client.js";
import type { HostLookup } from "../../core/email/index.js";
import type { Logger } from "../../core/logger.js";
import type { Metrics } from "../../core/metrics/index.js";
import { WebhookEndpoints } from "./endpoints-service.js";
import { WebhookFanOut } from "./fan-out.js";
import { Subscriptions } from "./subscriptions.js";
import { WebhookWorker } from "./worker.js";

export interface WebhooksConfig {
  timeoutSeconds: number;
  maxAttempts: number;
  retryBaseSeconds: number;
  concurrency: number;
}

/** The webhooks module's services, built once by the composition root. */
export function createWebhooks(deps: {
  database: Database;
  cipher: PasswordCipher;
  clock: Clock;
  logger: Logger;
  metrics?: Metrics;
  config: WebhooksConfig;
  allowPrivateHosts: boolean;
  lookup?: HostLookup;
}) {
  const { database, cipher, clock, logger, metrics, config, allowPrivateHosts, lookup } = deps;
  const subscriptions = new Subscriptions(database.db);
  const fanOut = new WebhookFanOut(subscriptions);
  const endpoints = new WebhookEndpoints({
    database,
    cipher,
    clock,
    subscriptions,
    allowPrivateHosts,
    timeoutSeconds: config.timeoutSeconds,
    lookup,
  });
  const worker = new WebhookWorker(
    { database, cipher, clock, logger, metrics, onEndpointDisabled: () => subscriptions.invalidate() },
    { ...config, allowPrivateHosts, lookup },
  );
  return { subscriptions, fanOut, endpoints, worker };
}

export type Webhooks = ReturnType<typeof createWebhooks>;
