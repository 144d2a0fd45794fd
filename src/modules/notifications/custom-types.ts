import type { NotificationTypeSettings } from "../../core/db/schema.js";
import type { EventBus } from "../../core/events/event-bus.js";
import type { TemplateService } from "../../core/templates/index.js";
import { type DispatchBatch, eventContext, type NotificationService } from "./dispatch/index.js";
import type { NotificationTypeRegistry } from "./type-registry.js";

export interface CustomTypeDefinition {
  /** snake_case, e.g. prescription_created */
  key: string;
  defaults: NotificationTypeSettings;
  /** The event that triggers it, e.g. prescription.created; its payload names the patient. */
  event?: string;
  /** A folder with {es,en,default}/<key>.html (and .subject.txt, .txt). */
  templatesDir?: string;
  /** Not time-critical: sent automatically, it waits for the clinic's sending window. */
  quietHours?: boolean;
}

/**
 * Seed pattern 3 in one call: the type gets clinic settings with its defaults, patient
 * preferences, templates, an idempotent event handler and log entries, like a built-in one.
 */
export function registerCustomType(
  deps: {
    registry: NotificationTypeRegistry;
    bus: EventBus<DispatchBatch>;
    templates: TemplateService;
    notifications: NotificationService;
  },
  def: CustomTypeDefinition,
): void {
  deps.registry.register({ key: def.key, defaults: def.defaults, quietHours: def.quietHours });
  if (def.templatesDir) deps.templates.addTemplateDir(def.templatesDir);
  if (def.event) {
    deps.bus.on(def.event, async (event, batch) => {
      const p = event.payload;
      await deps.notifications.queueNotification(batch, {
        clinicId: event.clinicId,
        notificationType: def.key,
        toEmail: p.patient_email,
        toName: p.patient_name,
        patientId: p.patient_id,
        context: eventContext(event),
        triggeredByEvent: event.name,
        eventId: event.id,
        dedupeKey: `event:${event.id}`,
        locale: p.preferred_locale ?? null,
      });
    });
  }
}
