ALTER TABLE "notification_preferences" ADD COLUMN "unsubscribed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD COLUMN "unsubscribed_via" text;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD COLUMN "resubscribed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD COLUMN "resubscribed_by" uuid;--> statement-breakpoint
CREATE INDEX "email_logs_clinic_event_idx" ON "email_logs" USING btree ("clinic_id","event_id") WHERE "email_logs"."event_id" IS NOT NULL;