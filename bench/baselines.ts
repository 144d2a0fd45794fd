import { performance } from "node:perf_hooks";
import nodemailer from "nodemailer";
import type { SinkProcess } from "../test/support/sink-process.js";
import { sampleMailOptions, withLogId } from "./lib/sample-message.js";
import { type CpuAccount, round, startCpuAccount, waitUntil } from "./lib/stats.js";

/** nodemailer's pool as the pipeline's SMTP provider builds it (its defaults). */
export const POOL = { maxConnections: 5, maxMessages: 100 } as const;

export interface BaselineResult {
  messages: number;
  seconds: number;
  per_second: number;
  duplicates_at_sink: number;
}

const plain = (port: number) => ({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });

/**
 * The ceiling: N pre-rendered messages handed at once to one pooled nodemailer transport,
 * no database, no templates. Whatever ours reaches is measured against this.
 */
export async function benchCeiling(
  sink: SinkProcess,
  n: number,
): Promise<BaselineResult & CpuAccount & { message_bytes: number; sender_cpu_ms_per_message: number }> {
  const { mail, bytes } = await sampleMailOptions();
  await sink.reset();
  const transport = nodemailer.createTransport({ ...plain(sink.port), pool: true, ...POOL });
  const cpu0 = process.cpuUsage();
  const account = startCpuAccount(sink.pid);
  const t0 = performance.now();
  await Promise.all(Array.from({ length: n }, (_, i) => transport.sendMail(withLogId(mail, `ceiling-${i}`))));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuAccount = account(n);
  transport.close();
  const stats = await sink.stats(true);
  return {
    ...result(n, seconds, stats.byLogId),
    ...cpuAccount,
    message_bytes: bytes,
    sender_cpu_ms_per_message: round((cpu.user + cpu.system) / 1000 / n, 2),
  };
}

/**
 * What a simple implementation does: for each email, connect, send, quit, one after the
 * other (STARTTLS off). Time-boxed: at ~10 messages a second, a sample gives the rate.
 */
export async function benchPerConnection(sink: SinkProcess, maxMessages: number, maxSeconds: number) {
  const { mail } = await sampleMailOptions();
  await sink.reset();
  const t0 = performance.now();
  let sent = 0;
  while (sent < maxMessages && performance.now() - t0 < maxSeconds * 1000) {
    const transport = nodemailer.createTransport(plain(sink.port));
    await transport.sendMail(withLogId(mail, `per-connection-${sent}`));
    transport.close();
    sent++;
  }
  const seconds = (performance.now() - t0) / 1000;
  // The sink counts a message once its QUIT-free session ends; give it a moment to catch up.
  await waitUntil(async () => (await sink.stats()).received >= sent, 5000, 20);
  const stats = await sink.stats(true);
  return result(sent, seconds, stats.byLogId);
}

function result(n: number, seconds: number, byLogId: Record<string, number> | undefined): BaselineResult {
  const duplicates = Object.values(byLogId ?? {}).reduce((sum, c) => sum + (c > 1 ? c - 1 : 0), 0);
  return {
    messages: n,
    seconds: round(seconds, 2),
    per_second: round(n / seconds, 1),
    duplicates_at_sink: duplicates,
  };
}
