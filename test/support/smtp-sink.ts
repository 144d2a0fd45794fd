import { EventEmitter } from "node:events";
import { type AddressObject, type Attachment, type Headers, simpleParser } from "mailparser";
import type { SMTPServerEnvelope, SMTPServerOptions } from "smtp-server";
import { listenRestartable } from "./restartable-smtp.js";
import { testCertificate } from "./tls.js";

/** One message the sink accepted, parsed with mailparser. */
export interface ReceivedMail {
  envelope: { mailFrom: string; rcptTo: string[] };
  /** Whether the session was encrypted (STARTTLS or implicit TLS) and who signed in. */
  secure: boolean;
  user: string | undefined;
  from: AddressObject | undefined;
  to: AddressObject | AddressObject[] | undefined;
  subject: string | undefined;
  text: string | undefined;
  html: string | false;
  attachments: Attachment[];
  headers: Headers;
  raw: string;
}

export interface SinkReplyContext {
  /** 0-based number of the transaction (MAIL FROM) across the sink's life, accepted or not. */
  index: number;
  envelope: SMTPServerEnvelope;
  rcpt: string;
}

export interface SmtpSinkOptions {
  /** Require AUTH (PLAIN or LOGIN) with these credentials; without it, AUTH is not offered. */
  auth?: { user: string; pass: string };
  /** Implicit TLS from the first byte (the port-465 style). */
  secure?: boolean;
  /** Offer STARTTLS on a plain connection; default true. */
  starttls?: boolean;
  /** Return a reply to reject a message (e.g. 451 or 550); null accepts it. */
  respond?: (ctx: SinkReplyContext) => null | { code: number; message: string };
  /** When `respond` is consulted: at RCPT TO (default) or after the message data. */
  respondAt?: "rcpt" | "data";
}

export interface SmtpSink {
  host: "127.0.0.1";
  port: number;
  messages: ReceivedMail[];
  /** How many SMTP sessions the sink has accepted in all (to prove connection reuse). */
  readonly connections: number;
  /** How many of them are still open (to prove a transport was closed). */
  readonly openConnections: number;
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** Stops listening and drops open connections: the relay is down. */
  stop(): Promise<void>;
  /** Listens again on the same port: the relay is back. */
  start(): Promise<void>;
  close(): Promise<void>;
}

function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

/** A real smtp-server on 127.0.0.1 that keeps what it receives. */
export async function startSmtpSink(opts: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const { key, cert } = testCertificate();
  const events = new EventEmitter();
  const messages: ReceivedMail[] = [];
  const transactionIndex = new Map<string, number>();
  let transactions = 0;
  let connections = 0;
  // By session id: smtp-server also reports closes of connections that never got to onConnect.
  const open = new Set<string>();
  const respondAt = opts.respondAt ?? "rcpt";

  const reply = (sessionId: string, envelope: SMTPServerEnvelope, rcpt: string) => {
    const index = transactionIndex.get(sessionId) ?? 0;
    const r = opts.respond?.({ index, envelope, rcpt });
    return r ? smtpError(r.code, r.message) : null;
  };

  const options: SMTPServerOptions = {
    key,
    cert,
    secure: opts.secure ?? false,
    logger: false,
    authMethods: ["PLAIN", "LOGIN"],
    authOptional: !opts.auth,
    allowInsecureAuth: true,
    disabledCommands: [...(opts.auth ? [] : ["AUTH"]), ...(opts.starttls === false ? ["STARTTLS"] : [])],
    disableReverseLookup: true,
    // Short, so that stop() drops clients at once instead of waiting 30 s for them to leave.
    closeTimeout: 10,
    onConnect(session, cb) {
      connections++;
      open.add(session.id);
      cb();
    },
    onClose(session) {
      open.delete(session.id);
    },
    onAuth(auth, _session, cb) {
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass) {
        return cb(null, { user: auth.username });
      }
      cb(smtpError(535, "5.7.8 Authentication credentials invalid"));
    },
    onMailFrom(_address, session, cb) {
      transactionIndex.set(session.id, transactions++);
      cb();
    },
    onRcptTo(address, session, cb) {
      cb(respondAt === "rcpt" ? reply(session.id, session.envelope, address.address) : null);
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const rcpt = session.envelope.rcptTo[0]?.address ?? "";
        const rejection = respondAt === "data" ? reply(session.id, session.envelope, rcpt) : null;
        if (rejection) return cb(rejection);
        const raw = Buffer.concat(chunks).toString("utf8");
        simpleParser(raw).then(
          (p) => {
            messages.push({
              envelope: {
                mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
                rcptTo: session.envelope.rcptTo.map((r) => r.address),
              },
              secure: session.secure,
              user: session.user as string | undefined,
              from: p.from,
              to: p.to,
              subject: p.subject,
              text: p.text,
              html: p.html ?? false,
              attachments: p.attachments,
              headers: p.headers,
              raw,
            });
            events.emit("message");
            cb();
          },
          (err: Error) => cb(err),
        );
      });
    },
  };

  const listener = await listenRestartable(options, 0);

  return {
    host: "127.0.0.1",
    get port() {
      return listener.port;
    },
    messages,
    get connections() {
      return connections;
    },
    get openConnections() {
      return open.size;
    },
    waitFor(n, timeoutMs = 5000) {
      if (messages.length >= n) return Promise.resolve(messages.slice(0, n));
      return new Promise((resolve, reject) => {
        const onMessage = () => {
          if (messages.length < n) return;
          clearTimeout(timer);
          events.off("message", onMessage);
          resolve(messages.slice(0, n));
        };
        const timer = setTimeout(() => {
          events.off("message", onMessage);
          reject(
            new Error(`SMTP sink: expected ${n} message(s) within ${timeoutMs} ms, got ${messages.length}`),
          );
        }, timeoutMs);
        events.on("message", onMessage);
      });
    },
    stop: listener.stop,
    start: listener.start,
    close: listener.stop,
  };
}
