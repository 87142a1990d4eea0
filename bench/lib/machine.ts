import os from 'node:os';
import { type MachineFacts } from './types';

export function machineFacts(): MachineFacts {
  return {
    hostname: os.hostname(),
    platform: `${os.platform()} ${os.release()}`,
    arch: os.arch(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    loadAverageAtStart: os.loadavg().map(round2),
  };
}

export function loadAverage(): number[] {
  return os.loadavg().map(round2);
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
