import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const BENCH_SECRET = "bench-secret-key-0123456789";

/** The environment of every process that sends: the sink is the global relay, without TLS. */
export function senderEnv(sinkPort: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SECRET_KEY: BENCH_SECRET,
    LOG_LEVEL: "warn",
    PUBLIC_URL: "http://127.0.0.1:8000",
    EMAIL_PROVIDER: "smtp",
    EMAIL_SMTP_HOST: "127.0.0.1",
    EMAIL_SMTP_PORT: String(sinkPort),
    EMAIL_SMTP_TLS: "false",
    EMAIL_FROM_ADDRESS: "citas@clinica.example",
    EMAIL_FROM_NAME: "Clínica Bench",
    SMTP_ALLOW_PRIVATE_HOSTS: "true",
    ...extra,
  };
}

/**
 * The node flags `npm start` runs the service with (package.json's start script), for the
 * lines that stand for it (idle, PGlite): they measure the process an installation runs.
 */
export function startScriptFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
  const flags = /\bnode ((?:--[\w-]+(?:=\S+)? )*)--import tsx src\/cli\.ts start/.exec(scripts.start);
  if (!flags) throw new Error(`package.json's start script is not "node … --import tsx src/cli.ts start"`);
  return flags[1]!.trim().split(/\s+/).filter(Boolean);
}

export interface Child {
  child: ChildProcess;
  pid: number;
  exited: Promise<string>;
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<string>;
}

/** Runs `node --import tsx <args>` from the repository root: the pid is the process itself. */
export function startNode(
  args: string[],
  env: Record<string, string>,
  readyWhen?: RegExp,
  nodeArgs: string[] = [],
) {
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", ...args], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
  });
  let out = "";
  let exitedWith: string | null = null;
  const exited = new Promise<string>((resolve) =>
    child.once("exit", (code, signal) => {
      exitedWith = signal ?? String(code);
      resolve(exitedWith);
    }),
  );
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out = (out + chunk.toString("utf8")).slice(-200_000);
      if (readyWhen?.test(out)) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then((how) => reject(new Error(`${args.join(" ")} exited (${how}):\n${out.slice(-3000)}`)));
    if (!readyWhen) resolve();
  });
  ready.catch(() => {});
  const handle: Child = {
    child,
    pid: child.pid!,
    exited,
    output: () => out,
    async stop(graceMs = 15_000) {
      if (exitedWith !== null) return exitedWith;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      const how = await exited;
      clearTimeout(timer);
      return how;
    },
  };
  return { ...handle, ready };
}

/**
 * A worker-only process (`src/cli.ts worker`), as deployed. With BENCH_PROFILE_DIR set, each
 * writes a V8 CPU profile there when it exits (to find where a worker spends its time).
 */
export function startWorker(databaseUrl: string, sinkPort: number, concurrency: number) {
  const profile = process.env.BENCH_PROFILE_DIR;
  return startNode(
    ["src/cli.ts", "worker"],
    senderEnv(sinkPort, {
      DATABASE_URL: databaseUrl,
      WORKER_CONCURRENCY: String(concurrency),
      LOG_LEVEL: "info",
    }),
    /"msg":"worker started"/,
    profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`] : [],
  );
}

/** CPU time (user + system) a live process has used so far, in ms (Linux). */
export function cpuMsOf(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 a second).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
