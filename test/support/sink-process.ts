import { type ChildProcess, fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { SMTPServerOptions } from "smtp-server";
import { listenRestartable } from "./restartable-smtp.js";

/**
 * An SMTP sink that accepts and discards mail, counting each message by its
 * `X-DentalPin-Log-Id` header (so duplicates show). It keeps smtp-server's defaults, among
 * them the ~100 ms wait before the greeting on every new connection, which stands in for
 * what a real relay costs per connection. Runs in this process (`startCountingSink`) or in
 * a child process of its own (`startSinkProcess`), so its CPU does not share the sender's
 * event loop.
 */

/** What the sink was configured with; benchmarks record it next to their figures. */
export const SINK_SETTINGS = {
  implementation: "smtp-server (stock, defaults)",
  greeting_delay_ms: 100,
  reverse_lookup: false,
  auth: "not offered",
  starttls: "offered, not used by senders",
  host: "127.0.0.1",
} as const;

export interface SinkStats {
  /** Messages accepted (DATA completed). */
  received: number;
  /** SMTP sessions opened in all. */
  connections: number;
  /** Messages per log id; only when asked for. */
  byLogId?: Record<string, number>;
  /** Messages without the log id header. */
  withoutLogId: number;
  firstAt: number | null;
  lastAt: number | null;
}

export interface CountingSink {
  readonly port: number;
  stats(withIds?: boolean): SinkStats;
  reset(): void;
  /** Stops listening and drops open sessions: the relay is down. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

const LOG_ID = /^x-dentalpin-log-id:[ \t]*([^\r\n]+)/im;

/** The sink in this process. */
export async function startCountingSink(port = 0): Promise<CountingSink> {
  let byLogId = new Map<string, number>();
  let received = 0;
  let connections = 0;
  let withoutLogId = 0;
  let firstAt: number | null = null;
  let lastAt: number | null = null;

  const options: SMTPServerOptions = {
    logger: false,
    disabledCommands: ["AUTH"],
    authOptional: true,
    // A reverse DNS lookup of 127.0.0.1 can wait up to 1.5 s where no resolver answers;
    // the greeting delay alone is the per-connection cost we mean to model.
    disableReverseLookup: true,
    // Short, so that stop() drops clients at once instead of waiting 30 s for them to leave.
    closeTimeout: 10,
    onConnect(_session, cb) {
      connections++;
      cb();
    },
    onData(stream, _session, cb) {
      // Only the head is needed to find the header; the rest is read and discarded.
      let head = "";
      stream.on("data", (chunk: Buffer) => {
        if (head.length < 16_384 && !head.includes("\r\n\r\n")) head += chunk.toString("latin1");
      });
      stream.on("end", () => {
        const match = LOG_ID.exec(head.slice(0, head.indexOf("\r\n\r\n") + 2 || undefined));
        if (match?.[1]) {
          const id = match[1].trim();
          byLogId.set(id, (byLogId.get(id) ?? 0) + 1);
        } else {
          withoutLogId++;
        }
        received++;
        lastAt = Date.now();
        firstAt ??= lastAt;
        cb();
      });
    },
  };

  const listener = await listenRestartable(options, port);

  return {
    get port() {
      return listener.port;
    },
    stats(withIds = false) {
      return {
        received,
        connections,
        withoutLogId,
        firstAt,
        lastAt,
        ...(withIds ? { byLogId: Object.fromEntries(byLogId) } : {}),
      };
    },
    reset() {
      byLogId = new Map();
      received = 0;
      connections = 0;
      withoutLogId = 0;
      firstAt = null;
      lastAt = null;
    },
    stop: listener.stop,
    start: listener.start,
    close: listener.stop,
  };
}

type Request = { id: number; op: "stats" | "statsWithIds" | "reset" | "stop" | "start" | "close" };
type Reply = { id: number; result?: unknown; error?: string };

export interface SinkProcess {
  readonly port: number;
  readonly pid: number;
  stats(withIds?: boolean): Promise<SinkStats>;
  reset(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the sink and ends its process. */
  close(): Promise<void>;
  /** Peak resident memory of the sink process, in MB (Linux). */
  peakRssMb(): number | null;
}

/** The sink in a child process of its own, driven over IPC. */
export async function startSinkProcess(): Promise<SinkProcess> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, DENTALPIN_SINK_CHILD: "1" },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("SMTP sink process did not start within 30 s")), 30_000);
    child.once("exit", (code) => reject(new Error(`SMTP sink process exited early (${code})`)));
    child.once("message", (m: { ready?: number }) => {
      clearTimeout(timer);
      if (typeof m.ready === "number") resolve(m.ready);
      else reject(new Error("SMTP sink process sent an unexpected first message"));
    });
  });
  child.on("message", (m: Reply) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.error) p.reject(new Error(m.error));
    else p.resolve(m.result);
  });
  child.on("exit", () => {
    for (const p of pending.values()) p.reject(new Error("SMTP sink process exited"));
    pending.clear();
  });
  const call = <T>(op: Request["op"]) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, op } satisfies Request);
    });

  return {
    port,
    pid: child.pid!,
    stats: (withIds = false) => call<SinkStats>(withIds ? "statsWithIds" : "stats"),
    reset: () => call<void>("reset"),
    stop: () => call<void>("stop"),
    start: () => call<void>("start"),
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      await call<void>("close").catch(() => {});
      await exited;
    },
    peakRssMb: () => peakRssMb(child.pid!),
  };
}

/** VmHWM of a live process, in MB; null where /proc is not there. */
export function peakRssMb(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

async function runChild(): Promise<void> {
  const sink = await startCountingSink();
  const send = (m: unknown) => process.send?.(m);
  process.on("message", async (m: Request) => {
    try {
      let result: unknown;
      if (m.op === "stats" || m.op === "statsWithIds") result = sink.stats(m.op === "statsWithIds");
      else if (m.op === "reset") sink.reset();
      else if (m.op === "stop") await sink.stop();
      else if (m.op === "start") await sink.start();
      else if (m.op === "close") {
        await sink.close();
        process.send?.({ id: m.id } satisfies Reply, () => process.exit(0));
        return;
      }
      send({ id: m.id, result } satisfies Reply);
    } catch (err) {
      send({ id: m.id, error: (err as Error).message } satisfies Reply);
    }
  });
  // The parent went away: so does the sink.
  process.on("disconnect", () => process.exit(0));
  send({ ready: sink.port });
}

if (process.env.DENTALPIN_SINK_CHILD === "1" && process.send) {
  void runChild();
}
