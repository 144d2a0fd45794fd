CREATE INDEX "email_logs_clinic_appointment_idx" ON "email_logs" USING btree ("clinic_id","appointment_id") WHERE "email_logs"."appointment_id" IS NOT NULL;--> statement-breakpoint
-- Wakes dispatchers when events are stored, whoever stores them, in the storing statement
-- itself (no extra round trip). Delivered at commit; PostgreSQL folds repeats in one transaction.
CREATE FUNCTION "dentalpin_notify_events"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('dentalpin_events', '');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "event_inbox_notify" AFTER INSERT ON "event_inbox"
  FOR EACH STATEMENT EXECUTE FUNCTION "dentalpin_notify_events"();
--> statement-breakpoint
-- Room on each page for the worker's lease update to stay on the page (a HOT update, which
-- writes none of the table's nine indexes). The final status update cannot: status is indexed.
ALTER TABLE "email_logs" SET (fillfactor = 70);
