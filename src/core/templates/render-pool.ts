/**
 * A small pool of worker threads that render templates off the event loop, so a heavy preview
 * (up to the 2 s time limit) never holds up other requests. Threads start on first use; a
 * render that overruns its time limit (a builtin that does not yield) has its thread
 * terminated, and the job fails with the time limit. Created by the composition root and
 * closed with the app.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { type RenderLimits, TemplateLimitError } from "./jinja/index.js";
import { type PackedError, packJob, type RenderJob, type RenderOutcome, unpackError } from "./render-job.js";

/**
 * The thread's first script. The sources are TypeScript run by tsx (under `npm start`) or by
 * vitest, neither of which a new thread inherits as such: the thread registers tsx's loader
 * in its own namespace and imports the entry through it.
 */
const BOOT = `
const { workerData } = require("node:worker_threads");
import(workerData.tsxApi)
  .then((api) => api.register({ namespace: "dentalpin-render" }).import(workerData.entry, workerData.entry))
  .catch((err) => setImmediate(() => { throw err; }));
`;

const ENTRY = new URL(
  import.meta.url.endsWith(".ts") ? "./render-worker.ts" : "./render-worker.js",
  import.meta.url,
).href;

/** tsx's ESM API as an ES module (`require.resolve` finds its CommonJS twin beside it). */
const TSX_API = pathToFileURL(
  createRequire(import.meta.url)
    .resolve("tsx/esm/api")
    .replace(/\.cjs$/, ".mjs"),
).href;

interface Pending {
  id: number;
  packed: ReturnType<typeof packJob>;
  resolve(outcome: RenderOutcome): void;
  reject(err: Error): void;
}

interface Thread {
  worker: Worker;
  ready: boolean;
  /** Settles when the thread is ready (or could not start). */
  started: Promise<void>;
  job: Pending | null;
  timer: NodeJS.Timeout | null;
}

type Reply =
  | { ready: true }
  | { id: number; outcome: RenderOutcome }
  | { id: number; templateError: PackedError }
  | { id: number; failure: string };

type Logger = { warn(obj: object, msg: string): void };

export class RenderPool {
  private readonly threads: Thread[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  private readonly size: number;
  private readonly limits: RenderLimits;
  private readonly graceMs: number;
  private readonly logger: Logger | undefined;

  constructor(opts: { size: number; limits: RenderLimits; graceMs?: number; logger?: Logger }) {
    this.size = Math.max(1, opts.size);
    this.limits = opts.limits;
    this.graceMs = opts.graceMs ?? 1000;
    this.logger = opts.logger;
  }

  /** Renders the job in a thread; template errors reject with their own classes, as in-process. */
  run(job: RenderJob): Promise<RenderOutcome> {
    if (this.closed) return Promise.reject(new Error("the render pool is closed"));
    return new Promise<RenderOutcome>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, packed: packJob(job), resolve, reject });
      this.pump();
    });
  }

  /** Starts every thread now and resolves when all are ready (otherwise they start on first use). */
  async start(): Promise<void> {
    if (this.closed) throw new Error("the render pool is closed");
    while (this.threads.length < this.size) this.spawn();
    await Promise.all(this.threads.map((t) => t.started));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error("the render pool is closed"));
    await Promise.all(
      this.threads.splice(0).map((t) => this.stop(t, new Error("the render pool is closed"))),
    );
  }

  private pump(): void {
    while (this.queue.length) {
      const idle = this.threads.find((t) => t.ready && !t.job);
      if (!idle) {
        // All threads start together on first use (and after one stopped), not one per waiting job.
        while (this.threads.length < this.size) this.spawn();
        return;
      }
      this.assign(idle, this.queue.shift()!);
    }
  }

  private assign(t: Thread, job: Pending): void {
    t.job = job;
    t.timer = setTimeout(() => {
      this.logger?.warn(
        { limitMs: this.limits.maxMillis },
        "template render overran its time limit; thread stopped",
      );
      this.remove(t);
      void this.stop(t, new TemplateLimitError(`time limit exceeded (${this.limits.maxMillis} ms)`));
      this.pump();
    }, this.limits.maxMillis + this.graceMs);
    t.worker.postMessage({ id: job.id, packed: job.packed });
  }

  private spawn(): void {
    const worker = new Worker(BOOT, {
      eval: true,
      workerData: {
        tsxApi: TSX_API,
        entry: ENTRY,
        limits: this.limits,
      },
    });
    worker.unref();
    let markStarted!: () => void;
    const started = new Promise<void>((resolve) => {
      markStarted = resolve;
    });
    const t: Thread = { worker, ready: false, started, job: null, timer: null };
    worker.once("exit", () => markStarted());
    worker.on("message", (m: Reply) => {
      if ("ready" in m) markStarted();
    });
    this.threads.push(t);
    worker.on("message", (m: Reply) => this.onMessage(t, m));
    worker.on("error", (err) => this.onError(t, err));
    worker.on("exit", () => {
      this.remove(t);
      this.settle(t, null, new Error("the render thread stopped"));
      if (!this.closed) this.pump();
    });
  }

  private onMessage(t: Thread, m: Reply): void {
    if ("ready" in m) {
      t.ready = true;
      this.pump();
      return;
    }
    if (!t.job || t.job.id !== m.id) return;
    if ("outcome" in m) this.settle(t, m.outcome, null);
    else if ("templateError" in m) this.settle(t, null, unpackError(m.templateError));
    else this.settle(t, null, new Error(`template render failed: ${m.failure}`));
    this.pump();
  }

  private onError(t: Thread, err: Error & { code?: string }): void {
    this.remove(t);
    if (!t.ready) {
      // The thread could not start: the queued jobs would wait for ever.
      for (const p of this.queue.splice(0))
        p.reject(new Error(`the render thread could not start: ${err.message}`));
    }
    this.settle(
      t,
      null,
      err.code === "ERR_WORKER_OUT_OF_MEMORY"
        ? new TemplateLimitError("memory limit exceeded (the render ran out of memory)")
        : err,
    );
    if (!this.closed) this.pump();
  }

  /** Resolves or rejects the thread's job, once. */
  private settle(t: Thread, outcome: RenderOutcome | null, err: Error | null): void {
    const job = t.job;
    if (t.timer) clearTimeout(t.timer);
    t.timer = null;
    t.job = null;
    if (!job) return;
    if (err) job.reject(err);
    else job.resolve(outcome!);
  }

  private remove(t: Thread): void {
    const i = this.threads.indexOf(t);
    if (i !== -1) this.threads.splice(i, 1);
  }

  private async stop(t: Thread, reason: Error): Promise<void> {
    this.settle(t, null, reason);
    await t.worker.terminate();
  }
}
