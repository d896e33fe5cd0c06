/**
 * The simulator's process (forked by sim-process.ts): serves the dataset
 * file named by argv[2] on a free port of 127.0.0.1, reports its URL, and
 * answers the bench's "stats" and "reset" messages. It stops on SIGTERM or
 * when the bench goes away.
 */
import { loadDataset } from '../dataset/load.js';
import { startSimulator, type RunningSimulator } from '../sim/server.js';
import type { SimCounters, SimMessage, SimRequest } from './sim-process.js';

function send(message: SimMessage): void {
  process.send?.(message);
}

function isSimRequest(value: unknown): value is SimRequest {
  if (typeof value !== 'object' || value === null) return false;
  const { id, kind } = value as Record<string, unknown>;
  return typeof id === 'number' && (kind === 'stats' || kind === 'reset');
}

function serve(sim: RunningSimulator): void {
  let cpuBaseline = process.cpuUsage();
  const counters = (): SimCounters => {
    const cpu = process.cpuUsage(cpuBaseline);
    const { graphqlRequests, loraRequests, tokenRequests, bytesSent } = sim.stats;
    const objects = Object.values(sim.stats.objects).reduce((sum, n) => sum + n, 0);
    return { graphqlRequests, loraRequests, tokenRequests, bytesSent, objects, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
  };
  process.on('message', (message: unknown) => {
    if (!isSimRequest(message)) return;
    if (message.kind === 'reset') {
      sim.resetStats();
      cpuBaseline = process.cpuUsage();
    }
    send({ kind: 'stats', id: message.id, counters: counters() });
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void sim.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('disconnect', stop);
}

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: sim-child.js DATASET_FILE');
  const sim = await startSimulator({ dataset: await loadDataset(file) });
  serve(sim);
  send({ kind: 'ready', url: sim.url });
}

main().catch((error: unknown) => {
  send({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
  process.disconnect?.();
});
