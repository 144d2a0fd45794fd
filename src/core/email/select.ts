import type { GlobalEmailConfig } from "../../config.js";
import { isValidEmail, type Sender } from "./message.js";
import type { ProviderSettings, SmtpSettings } from "./types.js";

/** The global EMAIL_* fallback as provider settings; EMAIL_ENABLED=false means disabled. */
export function globalProviderSettings(g: GlobalEmailConfig): ProviderSettings {
  if (!g.enabled) return { provider: "disabled", source: "global" };
  const smtp: SmtpSettings = {
    host: g.host,
    port: g.port,
    username: g.username,
    password: g.password === "" ? null : g.password,
    useTls: g.useTls,
    useSsl: g.useSsl,
    fromEmail: g.fromEmail,
    fromName: g.fromName,
    caCertificate: g.caCertificate,
  };
  return { provider: g.provider, smtp, source: "global" };
}

/** A clinic with its own settings row uses it (whatever it says); any other clinic uses the global fallback. */
export function selectProvider(clinic: ProviderSettings | null, g: GlobalEmailConfig): ProviderSettings {
  return clinic ? { ...clinic, source: "clinic" } : globalProviderSettings(g);
}

/** From: the settings' sender, else a username that is an address, else the global sender. */
export function senderFor(settings: ProviderSettings, g: GlobalEmailConfig): Sender {
  const s = settings.smtp;
  const username = s?.username?.trim() ?? "";
  const email = s?.fromEmail?.trim() || (isValidEmail(username) ? username : "") || g.fromEmail;
  return { email, name: s?.fromName?.trim() || g.fromName };
}
