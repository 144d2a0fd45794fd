import { Counter, Histogram, type Registry } from "prom-client";

/** What became of an email a worker took: recorded once its outcome is written. */
export type EmailOutcome = "sent" | "failed" | "skipped" | "retry";
/** What became of one webhook delivery attempt. */
export type WebhookOutcome = "delivered" | "retry" | "failed";

/**
 * What the pipeline records as it works, counted in this process (each process of a
 * deployment counts its own; Prometheus adds them up). Labels are bounded sets: never a
 * clinic, a patient or an address.
 */
export interface Metrics {
  /** An email's outcome, by its notification type (a registered type: a bounded set). */
  emailOutcome(notificationType: string, outcome: EmailOutcome): void;
  /** How long one call to the email provider took, and whether it accepted the email. */
  emailSend(seconds: number, accepted: boolean): void;
  /** A bounce was recorded: the receiving server rejected the recipient's address for good. */
  bounce(): void;
  webhookDelivery(outcome: WebhookOutcome): void;
}

/** Metric names, one place: the alert rules in docs/alerts.yml are checked against them. */
export const METRIC_NAMES = {
  emailOutcomes: "dentalpin_email_outcomes_total",
  emailSendDuration: "dentalpin_email_send_duration_seconds",
  bounces: "dentalpin_email_bounces_total",
  webhookDeliveries: "dentalpin_webhook_deliveries_total",
} as const;

/** The counters and the send-time histogram, registered in the registry the caller owns. */
export class RegistryMetrics implements Metrics {
  private readonly outcomes: Counter<"type" | "outcome">;
  private readonly sendDuration: Histogram<"result">;
  private readonly bounces: Counter;
  private readonly webhooks: Counter<"outcome">;

  constructor(registry: Registry) {
    this.outcomes = new Counter({
      name: METRIC_NAMES.emailOutcomes,
      help: "Emails a worker of this process finished with, by notification type and outcome (retry: a temporary failure, tried again later)",
      labelNames: ["type", "outcome"],
      registers: [registry],
    });
    this.sendDuration = new Histogram({
      name: METRIC_NAMES.emailSendDuration,
      help: "Time of one call to the email provider (SMTP or console), by whether it accepted the email",
      labelNames: ["result"],
      // A pooled SMTP connection answers in milliseconds; a new one (TLS, greeting) takes
      // hundreds; a relay that hangs runs into nodemailer's timeouts (tens of seconds).
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    });
    this.bounces = new Counter({
      name: METRIC_NAMES.bounces,
      help: "Bounces this process recorded: a recipient's address rejected for good (it is then suppressed)",
      registers: [registry],
    });
    this.webhooks = new Counter({
      name: METRIC_NAMES.webhookDeliveries,
      help: "Webhook delivery attempts of this process, by outcome",
      labelNames: ["outcome"],
      registers: [registry],
    });
    // Known outcomes show as 0 from the start, so rate() and ratios have a series to read.
    for (const outcome of ["delivered", "retry", "failed"] satisfies WebhookOutcome[]) {
      this.webhooks.inc({ outcome }, 0);
    }
  }

  emailOutcome(notificationType: string, outcome: EmailOutcome): void {
    this.outcomes.inc({ type: notificationType, outcome });
  }

  emailSend(seconds: number, accepted: boolean): void {
    this.sendDuration.observe({ result: accepted ? "accepted" : "refused" }, seconds);
  }

  bounce(): void {
    this.bounces.inc();
  }

  webhookDelivery(outcome: WebhookOutcome): void {
    this.webhooks.inc({ outcome });
  }
}
