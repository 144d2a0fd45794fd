import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { cpuMsOf, startNode, startScriptFlags } from "./lib/processes.js";
import { peakRssMbOf, round } from "./lib/stats.js";

export interface IdleResult {
  seconds: number;
  /** CPU the idle process used, as a share of one core. */
  cpu_percent: number | null;
  /** Resident memory at the start and at the end of the measured window. */
  rss_mb_at_start: number | null;
  rss_mb: number | null;
  peak_rss_mb: number | null;
}

const rssMbOf = (pid: number) => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
};

/**
 * `npm start` with nothing to do: the embedded default (PGlite in a fresh DATA_DIR, the demo
 * clinic seeded, API + worker + UI) left alone for `seconds` once started and settled.
 */
export async function benchIdle(seconds: number): Promise<IdleResult> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "dp-bench-idle-"));
  const server = startNode(
    ["src/cli.ts", "start"],
    { DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info" },
    /"msg":"worker started"/,
    startScriptFlags(),
  );
  try {
    await server.ready;
    // Start-up's last work (JIT, first polls, GC) is not idling.
    await new Promise((r) => setTimeout(r, 5000));
    const cpu0 = cpuMsOf(server.pid);
    const rss0 = rssMbOf(server.pid);
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const cpu1 = cpuMsOf(server.pid);
    const wall = performance.now() - t0;
    return {
      seconds,
      cpu_percent: cpu0 === null || cpu1 === null ? null : round(((cpu1 - cpu0) / wall) * 100, 2),
      rss_mb_at_start: rss0,
      rss_mb: rssMbOf(server.pid),
      peak_rss_mb: peakRssMbOf(server.pid),
    };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
