/** The public face of modules/notifications/outbox/: what code outside this folder may import. */
export { outboxBacklogCheck } from "./backlog.js";
export { EMAIL_EVENT_NAMES, EmailReports, emailEventSchema } from "./email-events.js";
export {
  type ClaimOutcome,
  claimDue,
  type EmailLogRow,
  getLog,
  insertLogOnce,
  insertLogs,
  type LogFilters,
  lastSequence,
  lastSequencesOf,
  listLogs,
  type NewEmailLog,
  rescheduleWaiting,
  retryFailed,
} from "./email-logs-repo.js";
export { type Completions, DirectCompletions, GroupedCompletions } from "./outcome-writer.js";
export {
  findPendingReminders,
  moveReminder,
  REMINDER,
  replanReminders,
  skipPendingReminders,
} from "./reminders-repo.js";
export { EMAILS_CHANNEL, wakeWorkers } from "./wake.js";
