import type { EventBatch, EventBus } from "../../core/events/event-bus.js";
import { BUS_EVENT_TYPES } from "./event-types.js";
import type { WebhookFanOut } from "./fan-out.js";

/**
 * The patients' answers reach webhooks from the event bus: a handler of the durable event
 * writes the deliveries in the dispatcher's transaction, keyed by the event's id, so a
 * replayed event is delivered once.
 */
export function registerWebhookBusHandlers<B extends EventBatch>(
  bus: EventBus<B>,
  fanOut: WebhookFanOut,
): void {
  for (const name of BUS_EVENT_TYPES) {
    bus.on(name, async (event, batch) => {
      if (!(await fanOut.wants(name, event.clinicId, batch.tx))) return;
      const respondedAt = event.payload.responded_at;
      await fanOut.write(batch.tx, [
        {
          name,
          clinicId: event.clinicId,
          key: `event:${event.id}`,
          payload: event.payload,
          occurredAt: typeof respondedAt === "string" ? new Date(respondedAt) : new Date(),
        },
      ]);
    });
  }
}
