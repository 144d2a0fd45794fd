/** The public face of modules/notifications/dispatch/: what code outside this folder may import. */
export { DispatchBatch } from "./batch.js";
export { eventContext, registerNotificationHandlers } from "./handlers.js";
export {
  type Deliverer,
  type NotificationResult,
  NotificationService,
  type QueuedNotification,
} from "./notification-service.js";
export { ReminderPlanner } from "./reminders.js";
export { refitWaitingEmails } from "./waiting-emails.js";
