import { randomUUID } from "node:crypto";
import type { DbOrTx } from "../../core/db/client.js";
import type { FactSink, ReportedFact } from "../../core/events/reports.js";
import { insertDeliveries, type NewDelivery } from "./deliveries-repo.js";
import { isWebhookEventType } from "./event-types.js";
import type { Subscriptions } from "./subscriptions.js";

/** The body every endpoint receives (Standard Webhooks' recommended envelope). */
export function envelope(type: string, occurredAt: Date, data: Record<string, unknown>) {
  return { type, timestamp: occurredAt.toISOString(), data };
}

/** A `webhook-id`: the same on every attempt and every resend of one delivery. */
export const newMessageId = () => `msg_${randomUUID().replaceAll("-", "")}`;

/**
 * Facts become deliveries, one per subscribed endpoint (the clinic's and the installation's),
 * in the transaction that recorded the fact: a fact is delivered if and only if it happened.
 */
export class WebhookFanOut implements FactSink {
  constructor(private readonly subscriptions: Subscriptions) {}

  async wants(name: string, clinicId?: string, db?: DbOrTx): Promise<boolean> {
    return isWebhookEventType(name) && (await this.subscriptions.matching(name, clinicId, db)).length > 0;
  }

  async write(tx: DbOrTx, facts: readonly ReportedFact[]): Promise<void> {
    const rows: NewDelivery[] = [];
    for (const fact of facts) {
      for (const endpoint of await this.subscriptions.matching(fact.name, fact.clinicId, tx)) {
        rows.push({
          endpointId: endpoint.id,
          clinicId: fact.clinicId,
          eventType: fact.name,
          eventKey: fact.key,
          messageId: newMessageId(),
          payload: envelope(fact.name, fact.occurredAt, fact.payload),
          nextAttemptAt: fact.occurredAt,
        });
      }
    }
    await insertDeliveries(tx, rows);
  }
}
