import { randomUUID } from "node:crypto";
import type { Clock } from "../../core/clock.js";
import type { PasswordCipher } from "../../core/crypto/password-cipher.js";
import type { Database } from "../../core/db/client.js";
import { msUntilNextDue } from "../../core/db/next-due.js";
import { webhookDeliveries } from "../../core/db/schema.js";
import type { HostLookup } from "../../core/email/index.js";
import { stringifyJson } from "../../core/json-floats.js";
import type { Logger } from "../../core/logger.js";
import type { Metrics } from "../../core/metrics/index.js";
import { BackgroundLoop, PollingLoop } from "../../core/polling-loop.js";
import { attemptDelivery } from "./attempt.js";
import {
  claimDueDeliveries,
  completeDelivery,
  type DeliveryRow,
  WEBHOOKS_CHANNEL,
} from "./deliveries-repo.js";
import { disableEndpoint, type EndpointRow, findEndpointById } from "./endpoints-repo.js";
import { deliveryOutcome } from "./outcome.js";

export interface WebhookWorkerOptions {
  concurrency: number;
  timeoutSeconds: number;
  maxAttempts: number;
  retryBaseSeconds: number;
  allowPrivateHosts: boolean;
  pollMs?: number;
  /** For tests: how host names resolve. */
  lookup?: HostLookup;
}

export interface WebhookWorkerDeps {
  database: Database;
  cipher: PasswordCipher;
  clock: Clock;
  logger: Logger;
  /** Where attempts are counted; the CLI's endpoint commands, which deliver nothing, pass none. */
  metrics?: Metrics;
  /** Told when a receiver's 410 disabled an endpoint. */
  onEndpointDisabled?: () => void;
}

/**
 * Delivers what is due from `webhook_deliveries`, like the email worker sends from its outbox:
 * claimed under a lease with SKIP LOCKED (any number of workers side by side), woken by NOTIFY
 * or its poll, each delivery signed afresh (a new timestamp) on every attempt.
 */
export class WebhookWorker extends BackgroundLoop {
  readonly owner = `webhooks-${randomUUID()}`;
  protected readonly loop: PollingLoop;

  constructor(
    private readonly deps: WebhookWorkerDeps,
    private readonly options: WebhookWorkerOptions,
  ) {
    super();
    this.loop = new PollingLoop("webhooks", () => this.runOnce(), {
      pollMs: options.pollMs ?? 1000,
      nextDue: () => msUntilNextDue(deps.database.db, webhookDeliveries, webhookDeliveries, deps.clock.now()),
      wakeOn: { database: deps.database, channel: WEBHOOKS_CHANNEL },
      logger: deps.logger,
    });
  }

  /** A lease outlives the longest attempt: the timeout, plus time to record the outcome. */
  private get leaseSeconds(): number {
    return this.options.timeoutSeconds + 30;
  }

  /** Claims and delivers one batch; returns how many deliveries it took. */
  async runOnce(): Promise<number> {
    const { database, clock, logger } = this.deps;
    const rows = await claimDueDeliveries(database.db, {
      owner: this.owner,
      now: clock.now(),
      leaseSeconds: this.leaseSeconds,
      limit: this.options.concurrency * 2,
    });
    if (rows.length === 0) return 0;
    const endpoints = new Map<string, Promise<EndpointRow | undefined>>();
    const endpointOf = (id: string) => {
      if (!endpoints.has(id)) endpoints.set(id, findEndpointById(database.db, id));
      return endpoints.get(id)!;
    };
    let next = 0;
    const lane = async () => {
      while (next < rows.length) {
        const row = rows[next++]!;
        try {
          await this.deliver(row, await endpointOf(row.endpointId));
        } catch (err) {
          // Left leased: tried again when the lease runs out.
          logger.error({ err, deliveryId: row.id }, "webhook delivery crashed");
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, rows.length) }, lane));
    return rows.length;
  }

  private async deliver(row: DeliveryRow, endpoint: EndpointRow | undefined): Promise<void> {
    const { database, clock, cipher, logger } = this.deps;
    const policy = { maxAttempts: this.options.maxAttempts, baseSeconds: this.options.retryBaseSeconds };
    const record = async (result: Parameters<typeof deliveryOutcome>[0]) => {
      const now = clock.now();
      const { disableEndpoint: disable, ...outcome } = deliveryOutcome(result, row.attempts, now, policy);
      const held = await completeDelivery(database.db, this.owner, row.id, outcome, now);
      if (!held) logger.warn({ deliveryId: row.id }, "lease lost before the webhook outcome was recorded");
      else this.deps.metrics?.webhookDelivery(outcome.status === "pending" ? "retry" : outcome.status);
      if (disable) {
        await disableEndpoint(database.db, row.endpointId, now);
        this.deps.onEndpointDisabled?.();
        logger.warn({ endpointId: row.endpointId }, "webhook endpoint answered 410 Gone; disabled");
      }
      logger.debug(
        { deliveryId: row.id, event: row.eventType, status: outcome.status, code: outcome.lastStatusCode },
        "webhook attempt",
      );
    };

    if (!endpoint?.enabled)
      return record({ kind: "refused", reason: "endpoint_disabled", message: "the endpoint is disabled" });
    const message = { id: row.messageId, at: clock.now(), body: stringifyJson(row.payload) };
    return record(await attemptDelivery(endpoint, message, { cipher, ...this.options }));
  }
}
