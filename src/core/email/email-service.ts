import type { GlobalEmailConfig } from "../../config.js";
import { classifySmtpError } from "./classify-smtp-error.js";
import { assertAllowedSmtpHost, type HostLookup, SmtpHostRefusedError } from "./host-guard.js";
import { buildMailOptions, EmailMessageError } from "./message.js";
import { type ConsoleOutput, ConsoleProvider } from "./providers/console.js";
import { disabledResult } from "./providers/disabled.js";
import { failedResult, SmtpProvider } from "./providers/smtp.js";
import { selectProvider, senderFor } from "./select.js";
import { SmtpSettingsError } from "./smtp-options.js";
import type {
  ClinicEmailSettingsSource,
  EmailLogger,
  EmailMessage,
  EmailTimeouts,
  EmailTlsOptions,
  ProviderSettings,
  SendResult,
  SmtpSettings,
  VerifyResult,
} from "./types.js";

export interface EmailServiceOptions {
  settingsSource: ClinicEmailSettingsSource;
  global: GlobalEmailConfig;
  logger: EmailLogger;
  /** Default verifies certificates; tests pass { rejectUnauthorized: false } for a self-signed one. */
  tls?: EmailTlsOptions;
  timeouts?: EmailTimeouts;
  /**
   * SMTP_ALLOW_PRIVATE_HOSTS: let clinic settings (and verify) reach loopback/private
   * addresses. Default false. The global EMAIL_* relay is the operator's and is never checked.
   */
  allowPrivateHosts?: boolean;
  pool?: { maxConnections?: number; maxMessages?: number; idleTimeoutMs?: number };
  /** DNS lookup for the host guard (tests); default: the system resolver. */
  lookup?: HostLookup;
  /** Where the console provider writes the emails it "sends"; default process.stdout. */
  consoleOutput?: ConsoleOutput;
}

const TEST_MESSAGE: Omit<EmailMessage, "to"> = {
  subject: "DentalPin: test email / correo de prueba",
  bodyHtml:
    "<p>This is a test email from DentalPin. If you can read it, your clinic's email settings work.</p>" +
    "<p>Este es un correo de prueba de DentalPin. Si puede leerlo, la configuración de correo de su clínica funciona.</p>",
  bodyText:
    "This is a test email from DentalPin. If you can read it, your clinic's email settings work.\n\n" +
    "Este es un correo de prueba de DentalPin. Si puede leerlo, la configuración de correo de su clínica funciona.",
};

/** The seed's EmailService (Option 3): provider selection and sending for one message. */
export class EmailService {
  private readonly smtp: SmtpProvider;
  private readonly console: ConsoleProvider;

  constructor(private readonly opts: EmailServiceOptions) {
    this.smtp = new SmtpProvider({
      allowPrivateHosts: opts.allowPrivateHosts ?? false,
      tls: opts.tls,
      timeouts: opts.timeouts,
      pool: opts.pool,
      lookup: opts.lookup,
    });
    this.console = new ConsoleProvider(opts.consoleOutput ?? process.stdout);
  }

  /** The clinic's own settings when it has a row, else the global EMAIL_* fallback. */
  async resolveProvider(clinicId?: string): Promise<ProviderSettings> {
    const clinic = clinicId ? await this.opts.settingsSource.get(clinicId) : null;
    return selectProvider(clinic, this.opts.global);
  }

  /** Sends one message; every failure (settings, message, SMTP) comes back as a result. */
  async send(message: EmailMessage, opts: { clinicId?: string } = {}): Promise<SendResult> {
    let settings: ProviderSettings;
    try {
      settings = await this.resolveProvider(opts.clinicId);
    } catch (err) {
      const why = (err as Error)?.message ?? String(err);
      // Retried like a connection failure: the settings store is down, not the message wrong.
      const message = `could not read the clinic's email settings: ${why}`;
      return failedResult({ kind: "transient", step: "connect", smtpCode: null, message });
    }
    const source = settings.source ?? "global";
    if (settings.provider === "disabled") return disabledResult(source);
    let mail: ReturnType<typeof buildMailOptions>;
    try {
      mail = buildMailOptions(message, senderFor(settings, this.opts.global));
    } catch (err) {
      if (!(err instanceof EmailMessageError)) throw err;
      return {
        ...failedResult({ kind: "permanent", step: "send", smtpCode: null, message: err.message }),
        provider: settings.provider,
      };
    }
    if (settings.provider === "console") return this.console.send(mail);
    if (!settings.smtp) {
      return failedResult(
        classifySmtpError(new SmtpSettingsError("host", "no SMTP settings are configured", "connect")),
      );
    }
    const scope = source === "clinic" && opts.clinicId ? `clinic:${opts.clinicId}` : "global";
    return this.smtp.send(scope, settings.smtp, mail, { guarded: source === "clinic" });
  }

  /**
   * For the SMTP test endpoints: connect, TLS, sign in and, with `sendTestTo`, send a test
   * email (or `message`). Throws SmtpSettingsError / SmtpHostRefusedError / EmailMessageError
   * (all ValidationError, 422); whatever the server says comes back as a VerifyResult.
   */
  async verify(
    settings: SmtpSettings,
    opts: { sendTestTo?: string; message?: EmailMessage } = {},
  ): Promise<VerifyResult> {
    const to = opts.sendTestTo ?? opts.message?.to;
    const mail = to
      ? buildMailOptions(
          { ...TEST_MESSAGE, ...opts.message, to },
          senderFor({ provider: "smtp", smtp: settings }, this.opts.global),
        )
      : undefined;
    return this.smtp.verify(settings, { guarded: true, mail });
  }

  /**
   * Refuses (SmtpHostRefusedError, 422 on `host`) a clinic host that resolves to a
   * loopback, private, link-local or metadata address, so such settings are never saved.
   * A name that does not resolve now is let through: DNS may be down for a moment, and the
   * send-time guard checks again anyway.
   */
  async assertAllowedHost(host: string): Promise<void> {
    try {
      await assertAllowedSmtpHost(host, {
        allowPrivate: this.opts.allowPrivateHosts ?? false,
        lookup: this.opts.lookup,
      });
    } catch (err) {
      if (err instanceof SmtpHostRefusedError) throw err;
    }
  }

  /** The clinic's settings changed: forget cached settings and retire its transport. */
  invalidate(clinicId: string): void {
    this.opts.settingsSource.invalidate?.(clinicId);
    this.smtp.invalidate(`clinic:${clinicId}`);
  }

  async close(): Promise<void> {
    await this.smtp.close();
  }
}
