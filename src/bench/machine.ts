/** The machine and runtime a bench run measured on. */
import { arch, cpus, loadavg, platform, totalmem } from 'node:os';
import type { Machine } from './model.js';

const oneMinuteLoad = (): number => loadavg()[0] ?? 0;

/** What is known when the run starts; `finish` adds the load average at its end. */
export function describeMachine(started: Date): { machine: Machine; finish: () => Machine } {
  const processors = cpus();
  const machine: Machine = {
    date: `${started.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    node: process.version,
    platform: `${platform()} ${arch()}`,
    cpuModel: processors[0]?.model.trim() ?? 'unknown CPU',
    cores: processors.length,
    memoryGb: totalmem() / 1e9,
    loadAtStart: oneMinuteLoad(),
    loadAtEnd: Number.NaN,
  };
  return { machine, finish: () => ({ ...machine, loadAtEnd: oneMinuteLoad() }) };
}
