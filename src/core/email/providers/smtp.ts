import { createHash } from "node:crypto";
import nodemailer, { type Transporter } from "nodemailer";
import { classifySmtpError } from "../classify-smtp-error.js";
import { assertAllowedSmtpHost, type HostLookup, SmtpHostRefusedError } from "../host-guard.js";
import type { MailOptions } from "../message.js";
import {
  DEFAULT_TIMEOUTS,
  probeImplicitTls,
  transportOptions,
  validateSmtpSettings,
} from "../smtp-options.js";
import type {
  EmailTimeouts,
  EmailTlsOptions,
  SendResult,
  SmtpErrorClass,
  SmtpSettings,
  VerifyResult,
} from "../types.js";

export interface SmtpProviderOptions {
  /** Refuse clinic hosts on private networks (SSRF guard) unless this is true. */
  allowPrivateHosts: boolean;
  tls?: EmailTlsOptions;
  timeouts?: EmailTimeouts;
  pool?: { maxConnections?: number; maxMessages?: number; idleTimeoutMs?: number };
  lookup?: HostLookup;
}

interface Connected {
  transport: Transporter;
  /** Where we actually connect (the guard's address) and the name TLS checks. */
  address: string;
  servername?: string;
}

interface Entry {
  key: string;
  ready: Promise<Connected>;
  inflight: number;
  retired: boolean;
}

/** Which connection-affecting settings a transport was built from; the password only as a hash. */
export function settingsKey(s: SmtpSettings, guarded: boolean): string {
  const pass = createHash("sha256")
    .update(s.password ?? "")
    .digest("hex");
  const parts = [
    s.host.trim().toLowerCase(),
    s.port,
    s.username,
    pass,
    s.useTls,
    s.useSsl,
    s.caCertificate ?? "",
    guarded,
  ];
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

export function failedResult(c: SmtpErrorClass): SendResult {
  return {
    isSuccess: false,
    messageId: null,
    errorMessage: c.message,
    failure: c.kind,
    smtpCode: c.smtpCode,
    provider: "smtp",
    step: c.step,
    ...(c.bounceReply ? { bounceReply: c.bounceReply } : {}),
  };
}

/**
 * SMTP through nodemailer: one pooled transport per scope (a clinic, or "global"), reused
 * while its settings stay the same and replaced when they change. A transport is retired
 * after a connection or TLS failure too, so the next attempt looks the host up again.
 */
export class SmtpProvider {
  private readonly entries = new Map<string, Entry>();
  private readonly timeouts: Required<EmailTimeouts>;

  constructor(private readonly opts: SmtpProviderOptions) {
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
  }

  private async connect(s: SmtpSettings, guarded: boolean, pooled: boolean): Promise<Connected> {
    const host = s.host.trim();
    const pinned = guarded
      ? await assertAllowedSmtpHost(host, {
          allowPrivate: this.opts.allowPrivateHosts,
          lookup: this.opts.lookup,
        })
      : undefined;
    const options = transportOptions(s, {
      address: pinned?.address,
      tls: this.opts.tls,
      timeouts: this.timeouts,
    });
    const pool = this.opts.pool ?? {};
    const transport = pooled
      ? nodemailer.createTransport({
          ...options,
          pool: true,
          maxConnections: pool.maxConnections ?? 5,
          maxMessages: pool.maxMessages ?? 100,
          idleTimeout: pool.idleTimeoutMs ?? 60_000,
          // One quiet retry when a pooled connection the server closed is picked up; the
          // email pipeline owns every other retry.
          maxRequeues: 1,
        })
      : nodemailer.createTransport(options);
    return { transport, address: pinned?.address ?? host, servername: options.servername };
  }

  private entryFor(scope: string, s: SmtpSettings, guarded: boolean): Entry {
    const key = settingsKey(s, guarded);
    const current = this.entries.get(scope);
    if (current && current.key === key) return current;
    if (current) this.retire(scope, current);
    const entry: Entry = { key, ready: this.connect(s, guarded, true), inflight: 0, retired: false };
    entry.ready.catch(() => this.retire(scope, entry));
    this.entries.set(scope, entry);
    return entry;
  }

  /** Stop handing out this transport; close it once the sends already using it finish. */
  private retire(scope: string, entry: Entry): void {
    if (this.entries.get(scope) === entry) this.entries.delete(scope);
    entry.retired = true;
    if (entry.inflight === 0) this.closeEntry(entry);
  }

  private closeEntry(entry: Entry): void {
    entry.ready.then(
      (c) => c.transport.close(),
      () => {},
    );
  }

  private async explain(err: unknown, s: SmtpSettings, c: Connected | undefined): Promise<SmtpErrorClass> {
    const ctx = {
      host: s.host.trim(),
      port: s.port,
      useTls: s.useTls,
      useSsl: s.useSsl,
      connectionTimeoutMs: this.timeouts.connectionMs,
      implicitTlsDetected: false,
    };
    const e = err as { code?: string; timeoutType?: string };
    if (e?.code === "ETIMEDOUT" && e.timeoutType === "GREETING_TIMEOUT" && !s.useSsl) {
      const probeMs = Math.min(3000, this.timeouts.connectionMs);
      ctx.implicitTlsDetected = await probeImplicitTls(
        c?.address ?? ctx.host,
        s.port,
        c?.servername,
        probeMs,
      );
    }
    return classifySmtpError(err, ctx);
  }

  /** Never throws: every failure comes back classified. */
  async send(
    scope: string,
    s: SmtpSettings,
    mail: MailOptions,
    opts: { guarded: boolean },
  ): Promise<SendResult> {
    try {
      validateSmtpSettings(s);
    } catch (err) {
      return failedResult(classifySmtpError(err));
    }
    const entry = this.entryFor(scope, s, opts.guarded);
    entry.inflight++;
    let connected: Connected | undefined;
    try {
      connected = await entry.ready;
      const info = await connected.transport.sendMail(mail);
      return {
        isSuccess: true,
        messageId: info.messageId ?? null,
        errorMessage: null,
        failure: null,
        smtpCode: null,
        provider: "smtp",
      };
    } catch (err) {
      const c = await this.explain(err, s, connected);
      if (c.step === "connect" || c.step === "tls") this.retire(scope, entry);
      return failedResult(c);
    } finally {
      entry.inflight--;
      if (entry.retired && entry.inflight === 0) this.closeEntry(entry);
    }
  }

  /**
   * Connects, upgrades TLS, signs in and, when given a message, sends it, on a connection of
   * its own. Impossible settings and refused hosts throw (typed, 422); the rest is a result.
   */
  async verify(s: SmtpSettings, opts: { guarded: boolean; mail?: MailOptions }): Promise<VerifyResult> {
    validateSmtpSettings(s);
    let connected: Connected | undefined;
    try {
      connected = await this.connect(s, opts.guarded, false);
      await connected.transport.verify();
      const where = `${s.host.trim()}:${s.port}`;
      const how = s.useSsl ? " over SSL" : s.useTls ? ", started TLS" : "";
      const signedIn = s.username ? " and signed in" : "";
      if (!opts.mail) {
        return {
          success: true,
          step: null,
          message: `connected to ${where}${how}${signedIn}`,
          smtpCode: null,
        };
      }
      const info = await connected.transport.sendMail(opts.mail);
      return {
        success: true,
        step: null,
        message: `connected to ${where}${how}${signedIn}, and sent a test email to ${opts.mail.to.address}`,
        smtpCode: null,
        messageId: info.messageId,
      };
    } catch (err) {
      if (err instanceof SmtpHostRefusedError) throw err;
      const c = await this.explain(err, s, connected);
      return { success: false, step: c.step, message: c.message, smtpCode: c.smtpCode };
    } finally {
      connected?.transport.close();
    }
  }

  invalidate(scope: string): void {
    const entry = this.entries.get(scope);
    if (entry) this.retire(scope, entry);
  }

  /** Closes every transport; a delivery in progress finishes, queued ones fail (transient). */
  async close(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(
      all.map(async (e) => {
        e.retired = true;
        const c = await e.ready.catch(() => undefined);
        c?.transport.close();
      }),
    );
  }
}
