/**
 * CPU seconds spent by this process and by an engine process during a measurement: on a 2-core machine it tells
 * whether the engine, the client or something else (another build) was the limit.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type CpuUse } from './types';

const clockTicks = 100; // USER_HZ on Linux

/** utime + stime of a process from /proc, in seconds; undefined where /proc is not available. */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return undefined;
  }
}

/** infra.sh's state dir: LOOMA_STATE_DIR or <repo>/.looma. */
export function infraStateDir(): string {
  return process.env.LOOMA_STATE_DIR ?? path.resolve(__dirname, '..', '..', '.looma');
}

/** The pid infra.sh recorded for an engine (`<state>/<engine>/<engine>.pid`). */
export function enginePid(engine: 'kafka' | 'temporal'): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(infraStateDir(), engine, `${engine}.pid`), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export interface CpuMeter {
  /** Share of one core used over the interval, per process: 100 % = one full core. */
  stop(): CpuUse;
}

export function startCpuMeter(enginePidOrUndefined?: number): CpuMeter {
  const wall0 = process.hrtime.bigint();
  const self0 = process.cpuUsage();
  const engine0 = enginePidOrUndefined ? processCpuSeconds(enginePidOrUndefined) : undefined;
  const machine0 = machineTimes();
  return {
    stop() {
      const wall = Number(process.hrtime.bigint() - wall0) / 1e9;
      const self = process.cpuUsage(self0);
      const engine1 = enginePidOrUndefined ? processCpuSeconds(enginePidOrUndefined) : undefined;
      const machine1 = machineTimes();
      const pct = (cpuSeconds: number) => Math.round((cpuSeconds / wall) * 100);
      const busy = machine1.busy - machine0.busy;
      const total = busy + machine1.idle - machine0.idle;
      return {
        benchProcessPercent: pct((self.user + self.system) / 1e6),
        enginePercent: engine0 !== undefined && engine1 !== undefined ? pct(engine1 - engine0) : undefined,
        machineBusyPercent: total > 0 ? Math.round((busy / total) * 100) : 0,
      };
    },
  };
}

function machineTimes(): { busy: number; idle: number } {
  let busy = 0;
  let idle = 0;
  for (const cpu of os.cpus()) {
    const t = cpu.times;
    busy += t.user + t.nice + t.sys + t.irq;
    idle += t.idle;
  }
  return { busy, idle };
}

/** CPU seconds used so far by every live process, summed per group (`classify` names a process's group, or skips it). */
export function cpuByGroup(classify: (pid: number, comm: string) => string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const p of pids) {
    const pid = Number(p);
    let comm: string;
    try {
      comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      continue;
    }
    const group = classify(pid, comm);
    if (!group) continue;
    const seconds = processCpuSeconds(pid);
    if (seconds !== undefined) out.set(group, (out.get(group) ?? 0) + seconds);
  }
  return out;
}

/**
 * Where the CPU went between two `cpuByGroup` snapshots: core-seconds per group, largest first. A process that
 * ended in between (a short-lived PostgreSQL backend) is missing from the second snapshot, so its group reads low.
 */
export function cpuBreakdown(before: Map<string, number>, after: Map<string, number>): { group: string; seconds: number }[] {
  return [...after]
    .map(([group, s]) => ({ group, seconds: Math.max(0, s - (before.get(group) ?? 0)) }))
    .sort((a, b) => b.seconds - a.seconds);
}
