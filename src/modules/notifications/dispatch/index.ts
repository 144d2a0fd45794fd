/** The public face of modules/notifications/dispatch/: what code outside this folder may import. */
export { preloadForEvents } from "./batch-preload.js";
export { eventContext, registerNotificationHandlers } from "./handlers.js";
export { type Deliverer, EMAILS_CHANNEL, NotificationService } from "./notification-service.js";
export { ReminderPlanner } from "./reminders.js";
