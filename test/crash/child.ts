import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../src/util/paths.js';
import { cleanEnvironment } from '../cli/run-cli.js';

export interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcess;
  /** Kills the run with SIGKILL at once (no handler can run), once. */
  kill(): void;
  killed(): boolean;
  stdout(): string;
  stderr(): string;
  ended: Promise<Ended>;
}

/** The built CLI, as an operator runs it. */
export const builtCli = join(packageRoot, 'dist', 'cli.js');

/** Starts `node dist/cli.js <args>` with an environment free of p2l settings a developer may have exported. */
export function startCli(args: readonly string[]): RunningCli {
  const child = spawn(process.execPath, [builtCli, ...args], { cwd: packageRoot, env: cleanEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let sent = false;
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ended = new Promise<Ended>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    child,
    kill: () => {
      if (sent || child.exitCode !== null) return;
      sent = true;
      child.kill('SIGKILL');
    },
    killed: () => sent,
    stdout: () => stdout,
    stderr: () => stderr,
    ended,
  };
}
