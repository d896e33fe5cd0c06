/**
 * Runs a Node.js script as a child process and measures it from outside:
 * wall time from spawn to exit, and (through usage-hook.ts, loaded with
 * --import) the child's own CPU time and peak RSS.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseResourceRecord, usageFileVariable } from './usage.js';

export interface ChildOptions {
  /** Node.js flags before the script, e.g. --cpu-prof. */
  nodeArgs?: readonly string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** The child is killed, and the run fails, after this long. */
  timeoutMs: number;
}

export interface ChildMeasure {
  wallSeconds: number;
  userSeconds: number;
  systemSeconds: number;
  /** user + system */
  cpuSeconds: number;
  peakRssMb: number;
  stdout: string;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  wallSeconds: number;
}

const hookUrl = new URL('./usage-hook.js', import.meta.url).href;

/** `node --import usage-hook.js [nodeArgs] script args`, measured; a non-zero exit is an error quoting the child's stderr. */
export async function measureNode(script: string, args: readonly string[], options: ChildOptions): Promise<ChildMeasure> {
  const directory = await mkdtemp(join(tmpdir(), 'p2l-bench-usage-'));
  const usageFile = join(directory, 'usage.json');
  try {
    const env = { ...(options.env ?? process.env), [usageFileVariable]: usageFile };
    const exit = await runChild([...(options.nodeArgs ?? []), '--import', hookUrl, script, ...args], env, options);
    if (exit.code !== 0) throw new Error(`${describe(script, args)} ${exitText(exit)}:\n${tail(exit.stderr || exit.stdout)}`);
    const usage = parseResourceRecord(await readFile(usageFile, 'utf8').catch(() => ''));
    if (!usage) throw new Error(`${describe(script, args)} exited without reporting its resource usage`);
    const userSeconds = usage.userMicros / 1e6;
    const systemSeconds = usage.systemMicros / 1e6;
    return {
      wallSeconds: exit.wallSeconds,
      userSeconds,
      systemSeconds,
      cpuSeconds: userSeconds + systemSeconds,
      peakRssMb: (usage.maxRssKb * 1024) / 1e6,
      stdout: exit.stdout,
    };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

function runChild(argv: readonly string[], env: NodeJS.ProcessEnv, options: ChildOptions): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, argv, { env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        wallSeconds: (performance.now() - started) / 1000,
      });
    });
  });
}

function describe(script: string, args: readonly string[]): string {
  return `node ${[script, ...args].join(' ')}`;
}

function exitText(exit: Exit): string {
  return exit.signal ? `was killed by ${exit.signal} (time-out?)` : `exited with code ${exit.code}`;
}

function tail(text: string, lines = 20): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
