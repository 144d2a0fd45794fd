/** The public face of modules/notifications/: what code outside this folder may import. */
export { type CustomTypeDefinition, registerCustomType } from "./custom-types.js";
export { Delivery, EmailWorker } from "./delivery/index.js";
export {
  DispatchBatch,
  type NotificationResult,
  NotificationService,
  type QueuedNotification,
  ReminderPlanner,
  registerNotificationHandlers,
} from "./dispatch/index.js";
export { EMAIL_EVENT_NAMES, EmailReports, emailEventSchema, outboxBacklogCheck } from "./outbox/index.js";
export {
  DbClinicEmailSettingsSource,
  deleteSystemTemplate,
  findStoredPasswords,
  listSystemTemplates,
  PREFERENCE_EVENT_NAMES,
  PreferenceReports,
  preferenceEventSchema,
  replaceStoredPassword,
  saveSystemTemplate,
  systemTemplateView,
} from "./settings/index.js";
export { NotificationTypeRegistry } from "./type-registry.js";
export { typesCatalogue } from "./types-catalogue.js";
