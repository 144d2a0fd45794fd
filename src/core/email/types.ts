/** The public shapes of the email core: what callers send, and what they get back. */

export interface EmailAttachment {
  filename: string;
  content: string | Buffer;
  contentType?: string;
  /** iCalendar METHOD (REQUEST, CANCEL, …): the part is sent as text/calendar with it. */
  method?: string;
}

export interface EmailMessage {
  to: string;
  toName?: string;
  subject: string;
  bodyHtml: string;
  bodyText?: string;
  replyTo?: string;
  headers?: Record<string, string>;
  attachments?: EmailAttachment[];
}

export type ProviderName = "smtp" | "console" | "disabled";
export type FailureKind = "transient" | "permanent";
export type SmtpStep = "connect" | "tls" | "auth" | "send";

export interface SendResult {
  isSuccess: boolean;
  messageId: string | null;
  errorMessage: string | null;
  /** transient: try again later; permanent: the same send would fail again. */
  failure: FailureKind | null;
  smtpCode: number | null;
  provider: ProviderName;
  /** Where a failed SMTP send stopped (connect, tls, auth, send); absent otherwise. */
  step?: SmtpStep | null;
  /** The server refused the recipient's address for good (a hard bounce): its reply. */
  bounceReply?: string;
}

/** What an SMTP failure means: retry or not, where it stopped, and a sentence a clinic can act on. */
export interface SmtpErrorClass {
  kind: FailureKind;
  step: SmtpStep;
  smtpCode: number | null;
  message: string;
  /** Set when the reply says the recipient's address is bad (see recipient-bounce.ts): the reply. */
  bounceReply?: string;
}

export interface SmtpSettings {
  host: string;
  port: number;
  username: string;
  password: string | null;
  /** STARTTLS, required (the connection fails rather than continue unencrypted). */
  useTls: boolean;
  /** Implicit TLS from the first byte (port 465). */
  useSsl: boolean;
  fromEmail: string;
  fromName: string;
  /**
   * Certificate authorities (PEM) trusted for this server besides the system's: a relay
   * with a private CA works without turning verification off.
   */
  caCertificate?: string | null;
}

export interface ProviderSettings {
  provider: ProviderName;
  /** Connection and sender settings; for console only the sender is used. */
  smtp?: SmtpSettings;
  /** Where the settings came from: the clinic's own row, or the global EMAIL_* variables. */
  source?: "clinic" | "global";
}

/** Per-clinic settings; null means the clinic has none and the global EMAIL_* fallback applies. */
export interface ClinicEmailSettingsSource {
  get(clinicId: string): Promise<ProviderSettings | null>;
  invalidate?(clinicId: string): void;
}

export interface VerifyResult {
  success: boolean;
  /** Where it failed; null on success. */
  step: SmtpStep | null;
  message: string;
  smtpCode: number | null;
  messageId?: string;
}

export interface EmailLogger {
  info(obj: object, msg: string): void;
  warn?(obj: object, msg: string): void;
}

export interface EmailTimeouts {
  /** Waiting for the TCP connection; default 10 s. */
  connectionMs?: number;
  /** Waiting for the server's 220 greeting; default 10 s. */
  greetingMs?: number;
  /** Inactivity on an open connection; default 30 s. */
  socketMs?: number;
}

export interface EmailTlsOptions {
  /** Production keeps the default (true); tests pass false for a self-signed certificate. */
  rejectUnauthorized: boolean;
  /** Extra trusted certificate authority (tests trust their own certificate this way). */
  ca?: string | Buffer;
}
