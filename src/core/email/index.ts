export { classifySmtpError, type SmtpErrorContext } from "./classify-smtp-error.js";
export { EmailService, type EmailServiceOptions } from "./email-service.js";
export {
  type AllowedHost,
  assertAllowedSmtpHost,
  classifyIp,
  type HostLookup,
  type IpKind,
  isRefusedKind,
  SmtpHostRefusedError,
} from "./host-guard.js";
export {
  buildMailOptions,
  cleanHeaderText,
  EmailMessageError,
  formatAddress,
  isValidEmail,
  type Sender,
} from "./message.js";
export { type ConsoleOutput, formatConsoleEmail } from "./providers/console.js";
export { enhancedCode, isRecipientBounce } from "./recipient-bounce.js";
export { globalProviderSettings, selectProvider, senderFor } from "./select.js";
export { DEFAULT_TIMEOUTS, SmtpSettingsError, validateSmtpSettings } from "./smtp-options.js";
export type {
  ClinicEmailSettingsSource,
  EmailAttachment,
  EmailLogger,
  EmailMessage,
  EmailTimeouts,
  EmailTlsOptions,
  FailureKind,
  ProviderName,
  ProviderSettings,
  SendResult,
  SmtpErrorClass,
  SmtpSettings,
  SmtpStep,
  VerifyResult,
} from "./types.js";
