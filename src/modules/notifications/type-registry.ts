import type { NotificationTypeSettings } from "../../core/db/schema.js";
import { type FieldError, ValidationError } from "../../core/errors.js";

export interface NotificationTypeDefinition {
  key: string;
  /**
   * The clinic's starting settings for this type. A type whose defaults name `hours_before` or
   * `patient_links` has that setting; the others do not.
   */
  defaults: NotificationTypeSettings;
  /** Appointment emails carry an iCalendar invitation. */
  calendar?: "request" | "cancel";
  /**
   * Not time-critical: sent automatically, it waits for the clinic's sending window (see
   * send-window.ts). Answers to what was just done (a booking, a cancellation, a budget sent or
   * accepted) go at once.
   */
  quietHours?: boolean;
  custom: boolean;
}

export const BUILT_IN_TYPES: NotificationTypeDefinition[] = [
  {
    key: "appointment_confirmation",
    defaults: { enabled: true, auto_send: true, patient_links: true },
    calendar: "request",
    custom: false,
  },
  {
    key: "appointment_cancelled",
    defaults: { enabled: true, auto_send: true },
    calendar: "cancel",
    custom: false,
  },
  {
    key: "appointment_reminder",
    defaults: { enabled: true, auto_send: true, hours_before: 24, patient_links: true },
    calendar: "request",
    quietHours: true,
    custom: false,
  },
  { key: "budget_sent", defaults: { enabled: true, auto_send: false }, custom: false },
  { key: "budget_accepted", defaults: { enabled: true, auto_send: true }, custom: false },
  { key: "welcome", defaults: { enabled: true, auto_send: false }, quietHours: true, custom: false },
];

export const HOURS_BEFORE_MIN = 1;
export const HOURS_BEFORE_MAX = 168;

/** The types this process knows: the seed's six plus any a module registered (seed pattern 3). */
export class NotificationTypeRegistry {
  private readonly types = new Map<string, NotificationTypeDefinition>();

  constructor(initial: NotificationTypeDefinition[] = BUILT_IN_TYPES) {
    for (const t of initial) this.types.set(t.key, t);
  }

  register(definition: Omit<NotificationTypeDefinition, "custom"> & { custom?: boolean }): void {
    if (!/^[a-z][a-z0-9_]{1,63}$/.test(definition.key)) {
      throw new Error(`notification type "${definition.key}" must be snake_case`);
    }
    this.types.set(definition.key, { custom: true, ...definition });
  }

  get(key: string): NotificationTypeDefinition | undefined {
    return this.types.get(key);
  }

  has(key: string): boolean {
    return this.types.has(key);
  }

  /** The field error for a key this registry does not know (`hint` names what else the field takes), or null. */
  unknownField(key: string, field: string, hint?: string): FieldError | null {
    if (this.types.has(key)) return null;
    const known = `unknown notification type; known: ${this.keys().join(", ")}`;
    return { field, message: hint ? `${known} (${hint})` : known, code: "unknown_notification_type" };
  }

  /** Throws a ValidationError naming `field` unless `key` is a known notification type. */
  assertKnown(key: string, field: string, hint?: string): void {
    const error = this.unknownField(key, field, hint);
    if (error) throw new ValidationError([error]);
  }

  keys(): string[] {
    return [...this.types.keys()];
  }

  all(): NotificationTypeDefinition[] {
    return [...this.types.values()];
  }

  defaultSettings(): Record<string, NotificationTypeSettings> {
    return Object.fromEntries(this.all().map((t) => [t.key, { ...t.defaults }]));
  }
}
