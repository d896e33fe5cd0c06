/**
 * The MO simulator in a process of its own (sim-child.ts), so that its CPU
 * is not the measured exporter's. The bench talks to it over Node's IPC
 * channel: it reads and resets the simulator's counters between runs.
 */
import { fork, type ChildProcess } from 'node:child_process';

/** The simulator's counters since the last reset, and the CPU its process used since then. */
export interface SimCounters {
  graphqlRequests: number;
  loraRequests: number;
  tokenRequests: number;
  bytesSent: number;
  /** Objects the simulator resolved (every object, version, reference and validity; LoRa's objects served). */
  objects: number;
  cpuSeconds: number;
}

/** Bench → simulator. */
export type SimRequest = { id: number; kind: 'stats' | 'reset' };

/** Simulator → bench. */
export type SimMessage = { kind: 'ready'; url: string } | { kind: 'failed'; message: string } | { kind: 'stats'; id: number; counters: SimCounters };

const childScript = new URL('./sim-child.js', import.meta.url);
const startTimeoutMs = 120_000;
const requestTimeoutMs = 30_000;

function isSimMessage(value: unknown): value is SimMessage {
  return typeof value === 'object' && value !== null && 'kind' in value;
}

export class SimulatorProcess {
  private nextId = 1;
  private readonly pending = new Map<number, (counters: SimCounters) => void>();

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.on('message', (message: unknown) => {
      if (!isSimMessage(message) || message.kind !== 'stats') return;
      this.pending.get(message.id)?.(message.counters);
      this.pending.delete(message.id);
    });
  }

  /** Forks the simulator serving the dataset file; resolves once it listens. */
  static start(datasetFile: string): Promise<SimulatorProcess> {
    const child = fork(childScript, [datasetFile], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
      };
      const fail = (problem: string) =>
        settle(() => {
          child.kill('SIGKILL');
          reject(new Error(`the simulator ${problem}`));
        });
      const timer = setTimeout(() => fail(`did not start within ${startTimeoutMs / 1000} s`), startTimeoutMs);
      child.once('exit', (code) => fail(`exited with code ${code} before it was ready`));
      child.once('message', (message: unknown) => {
        if (isSimMessage(message) && message.kind === 'ready') settle(() => resolve(new SimulatorProcess(child, message.url)));
        else fail(`failed to start: ${isSimMessage(message) && message.kind === 'failed' ? message.message : 'it sent an unexpected message'}`);
      });
    });
  }

  /** The counters since the last reset. */
  stats(): Promise<SimCounters> {
    return this.ask('stats');
  }

  /** Zeroes the counters (and the CPU baseline). */
  async reset(): Promise<void> {
    await this.ask('reset');
  }

  close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }

  private ask(kind: SimRequest['kind']): Promise<SimCounters> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`the simulator did not answer "${kind}" within ${requestTimeoutMs / 1000} s`));
      }, requestTimeoutMs);
      this.pending.set(id, (counters) => {
        clearTimeout(timer);
        resolve(counters);
      });
      const request: SimRequest = { id, kind };
      this.child.send(request);
    });
  }
}
