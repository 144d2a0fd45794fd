-- The event bus wakes the dispatchers itself when it stores an event (core/db/notify.ts), the
-- same way the outbox wakes the email workers: one visible mechanism instead of a trigger.
DROP TRIGGER IF EXISTS "event_inbox_notify" ON "event_inbox";--> statement-breakpoint
DROP FUNCTION IF EXISTS "dentalpin_notify_events"();
