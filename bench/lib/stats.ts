import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import { cpuMsOf } from "./processes.js";

/** The value below which `p` percent of the sorted values fall (nearest rank). */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export const round = (x: number, digits = 0) => Number(x.toFixed(digits));

/** VmHWM (peak resident memory) of a live process, in MB; null where /proc is missing. */
export function peakRssMbOf(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** The cores this process may run on (`taskset` narrows them), not all the machine has. */
export const usableCores = () => os.availableParallelism();

export function machine() {
  const cpus = os.cpus();
  return {
    cpu_model: cpus[0]?.model.trim() ?? "unknown",
    cores: usableCores(),
    cores_in_machine: cpus.length,
    memory_gb: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    load_average_at_start: os.loadavg().map((x) => round(x, 2)),
  };
}

/** Polls `check` until true or the deadline; returns whether it got there. */
export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 100,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** CPU time the whole machine has been busy so far (every core, every process), in ms (Linux). */
export function machineBusyMs(): number | null {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0]!;
    // cpu user nice system idle iowait irq softirq steal …, in clock ticks (100 a second).
    // Steal (time the hypervisor gave to other machines) is not this machine's work.
    const [user, nice, system, , , irq, softirq] = line.trim().split(/\s+/).slice(1).map(Number);
    return (user! + nice! + system! + irq! + softirq!) * 10;
  } catch {
    return null;
  }
}

/** CPU time used so far by the processes of one command (e.g. the local PostgreSQL) and their ended children, in ms. */
export function cpuMsOfCommand(command: string): number | null {
  try {
    let total = 0;
    let found = false;
    for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
      try {
        if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() !== command) continue;
        const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
        // utime + stime, and cutime + cstime: the CPU of children already gone (PostgreSQL's
        // postmaster reaps each backend that closes, and its time moves there).
        total += (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * 10;
        found = true;
      } catch {
        // The process ended meanwhile.
      }
    }
    return found ? total : null;
  } catch {
    return null;
  }
}

export interface CpuAccount {
  /** Busy CPU of the whole machine per message: everything it took, whoever did it. */
  machine_ms_per_message: number | null;
  /** Of which the local PostgreSQL server's processes (null when it is not on this machine). */
  postgres_ms_per_message: number | null;
  /** Of which the SMTP sink's process. */
  sink_ms_per_message: number | null;
  /** The most messages a second this machine's cores could carry at that cost. */
  cpu_bound_per_second: number | null;
}

/** Starts counting; `finish(messages)` divides what was used meanwhile by the messages sent. */
export function startCpuAccount(sinkPid: number | null) {
  const machine0 = machineBusyMs();
  const pg0 = cpuMsOfCommand("postgres");
  const sink0 = sinkPid ? cpuMsOf(sinkPid) : null;
  const per = (a: number | null, b: number | null, n: number) =>
    a === null || b === null || n === 0 ? null : round((b - a) / n, 2);
  return (messages: number): CpuAccount => {
    const machineMs = per(machine0, machineBusyMs(), messages);
    return {
      machine_ms_per_message: machineMs,
      postgres_ms_per_message: per(pg0, cpuMsOfCommand("postgres"), messages),
      sink_ms_per_message: sinkPid ? per(sink0, cpuMsOf(sinkPid), messages) : null,
      cpu_bound_per_second: machineMs ? round((usableCores() * 1000) / machineMs, 1) : null,
    };
  };
}
