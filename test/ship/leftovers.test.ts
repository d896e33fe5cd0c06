import { describe, expect, it } from 'vitest';
import { deliverFiles, isLeftoverName, temporaryNameOf } from '../../src/ship/deliver.js';
import type { RemoteFile, RemoteSession, Transport } from '../../src/ship/transport.js';
import { fileNames, leftoverNamedFolder, leftovers, lookAlikes } from './fixtures.js';

describe('the names of temporary files an interrupted delivery leaves', () => {
  it('are exactly the names temporaryNameOf gives, for the five files', () => {
    for (const name of fileNames) expect(isLeftoverName(temporaryNameOf(name))).toBe(true);
    for (const name of leftovers) expect(isLeftoverName(name)).toBe(true);
    expect(isLeftoverName('.stillingskode.csv.00000000.part')).toBe(true);
    expect(isLeftoverName('.organisation.csv.9abcdef0.part')).toBe(true);
    // The name alone would do: only the listing of regular files keeps a folder so named safe.
    expect(isLeftoverName(leftoverNamedFolder)).toBe(true);
  });

  it('never match a name p2l did not make', () => {
    for (const name of [
      ...lookAlikes,
      ...fileNames,
      '.bruger.csv.0123abcd.part\n',
      '\n.bruger.csv.0123abcd.part',
      ' .bruger.csv.0123abcd.part',
      'x.bruger.csv.0123abcd.part',
      '.bruger.csv.0123abcd0.part',
      '.bruger.csv.0123abcg.part',
      '.bruger.csv..part',
      '.brugerXcsv.0123abcd.part',
      '.bruger.csv.0123abcdXpart',
      '..bruger.csv.0123abcd.part',
      'sub/.bruger.csv.0123abcd.part',
      '.bruger.csv.0123abcd.part/',
      '.Bruger.csv.0123abcd.part',
      '.bruger.CSV.0123abcd.part',
    ]) {
      expect(isLeftoverName(name), name).toBe(false);
    }
  });
});

/** An in-memory server folder whose removals of the names in `stuck` fail. */
function memoryTransport(names: string[], stuck: ReadonlySet<string> = new Set()) {
  const folder = new Map<string, number>(names.map((name) => [name, 1]));
  const events: string[] = [];
  const session: RemoteSession = {
    list: async (): Promise<RemoteFile[]> => [...folder].map(([name, bytes]) => ({ name, bytes })),
    upload: async (_localPath, remoteName) => {
      events.push(`upload ${remoteName}`);
      folder.set(remoteName, 10);
    },
    size: async (remoteName) => folder.get(remoteName) ?? Promise.reject(new Error('550 No such file')),
    rename: async (from, to) => {
      folder.set(to, folder.get(from) ?? 0);
      folder.delete(from);
    },
    remove: async (remoteName) => {
      events.push(`remove ${remoteName}`);
      if (stuck.has(remoteName)) throw new Error(`deleting ${remoteName}: 550 Permission denied`);
      folder.delete(remoteName);
    },
    isOpen: () => true,
    close: async () => undefined,
  };
  const transport: Transport = { server: 'ftpes server example:21', folder: 'inbox', connect: async () => session };
  return { transport, folder, events };
}

const files = fileNames.map((name) => ({ name, path: `/nowhere/${name}`, bytes: 10 }));
const policy = { tries: 2, firstRetryDelayMs: 1 };

describe('removing what an interrupted delivery left', () => {
  it('a leftover that cannot be removed is a warning, and the delivery goes on', async () => {
    const { transport, folder, events } = memoryTransport([...leftovers, ...lookAlikes, 'bruger.csv'], new Set([leftovers[0] ?? '']));
    const lines: string[] = [];
    const delivered = await deliverFiles(transport, files, policy, (line) => lines.push(line));
    expect(delivered.map((file) => file.name)).toEqual(fileNames);
    expect([...folder.keys()].sort()).toEqual([...fileNames, ...lookAlikes, leftovers[0]].sort());
    expect(events.slice(0, 2)).toEqual(leftovers.map((name) => `remove ${name}`));
    expect(events.slice(2).every((event) => event.startsWith('upload '))).toBe(true);
    expect(lines.slice(0, 2)).toEqual([
      'warning: could not remove .bruger.csv.0123abcd.part, a temporary file an interrupted delivery left, from ftpes server example:21 (deleting .bruger.csv.0123abcd.part: 550 Permission denied): remove it by hand',
      'removed 1 temporary file an interrupted delivery left in inbox; 1 could not be removed',
    ]);
  });

  it('says nothing when there is nothing to remove, and looks only once', async () => {
    const { transport, events } = memoryTransport(['bruger.csv', ...lookAlikes]);
    const listed: number[] = [];
    const connect = transport.connect;
    const counting: Transport = {
      ...transport,
      connect: async () => {
        const session = await connect();
        return { ...session, list: async () => (listed.push(1), session.list()) };
      },
    };
    const lines: string[] = [];
    await deliverFiles(counting, files, policy, (line) => lines.push(line));
    expect(listed).toHaveLength(1);
    expect(events.filter((event) => event.startsWith('remove '))).toEqual([]);
    expect(lines.some((line) => /temporary file/.test(line))).toBe(false);
  });
});
