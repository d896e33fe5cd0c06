import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { environmentName, settingsTable, type SettingSpec } from '../../src/settings/table.js';
import { packageRoot } from '../../src/util/paths.js';

/**
 * The deployment examples in docs/deploy/ are what operators copy: they must
 * name only settings p2l reads, keep secrets out of the ConfigMap, run the
 * pre-flight before the export, and keep the output on the volume.
 */
const deployFile = (name: string) => readFile(join(packageRoot, 'docs', 'deploy', name), 'utf8');
const specs: SettingSpec<unknown>[] = Object.values(settingsTable);
const namesOf = (spec: SettingSpec<unknown>) => [environmentName(spec.key), ...(spec.aliases ?? [])];

interface Container {
  name: string;
  args: string[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  volumeMounts?: { name: string; mountPath: string }[];
}
interface K8sObject {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: {
    timeZone?: string;
    concurrencyPolicy?: string;
    schedule?: string;
    jobTemplate?: {
      spec: {
        template: {
          spec: { initContainers: Container[]; containers: Container[]; volumes: { name: string; persistentVolumeClaim?: { claimName: string } }[] };
        };
      };
    };
  };
}

describe('docs/deploy/cronjob.yaml', () => {
  async function objects(): Promise<Map<string, K8sObject>> {
    const documents = parseAllDocuments(await deployFile('cronjob.yaml'), { uniqueKeys: true });
    expect(documents.flatMap((document) => document.errors.map((error) => error.message))).toEqual([]);
    return new Map(documents.map((document) => document.toJS() as K8sObject).map((object) => [object.kind, object]));
  }

  it('is a ConfigMap, a Secret, a volume claim and a CronJob at 02:30 Copenhagen time, never two at once', async () => {
    const byKind = await objects();
    expect([...byKind.keys()].sort()).toEqual(['ConfigMap', 'CronJob', 'PersistentVolumeClaim', 'Secret']);
    const cron = byKind.get('CronJob')?.spec;
    expect(cron?.timeZone).toBe('Europe/Copenhagen');
    expect(cron?.concurrencyPolicy).toBe('Forbid');
    expect(cron?.schedule).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
  });

  it('gives p2l only settings it reads, secrets only in the Secret, lists as JSON', async () => {
    const byKind = await objects();
    const known = new Set(specs.flatMap(namesOf));
    const secrets = new Set(specs.filter((spec) => spec.secret).flatMap(namesOf));
    const plain = byKind.get('ConfigMap')?.data ?? {};
    const secret = byKind.get('Secret')?.stringData ?? {};
    expect([...Object.keys(plain), ...Object.keys(secret)].filter((name) => !known.has(name))).toEqual([]);
    expect(Object.keys(plain).filter((name) => secrets.has(name))).toEqual([]);
    expect(Object.keys(secret).filter((name) => !secrets.has(name))).toEqual([]);
    for (const [name, value] of Object.entries(plain)) {
      if (value.startsWith('[')) expect(Array.isArray(JSON.parse(value)), name).toBe(true);
    }
  });

  it('runs p2l check before p2l export --ship, both from the ConfigMap and the Secret, the output on the claimed volume', async () => {
    const byKind = await objects();
    const pod = byKind.get('CronJob')?.spec?.jobTemplate?.spec.template.spec;
    const [check, exporter] = [pod?.initContainers[0], pod?.containers[0]];
    expect(check?.args.slice(0, 2)).toEqual(['check', '--ship']);
    expect(exporter?.args[0]).toBe('export');
    expect(exporter?.args).toContain('--ship');
    for (const container of [check, exporter]) {
      const sources = (container?.envFrom ?? []).map((source) => source.configMapRef?.name ?? source.secretRef?.name);
      expect(sources.sort()).toEqual([byKind.get('ConfigMap')?.metadata.name, byKind.get('Secret')?.metadata.name].sort());
    }
    const out = exporter?.args[exporter.args.indexOf('--out') + 1] ?? '';
    const mount = exporter?.volumeMounts?.find((candidate) => out.startsWith(`${candidate.mountPath}/`));
    const volume = pod?.volumes.find((candidate) => candidate.name === mount?.name);
    expect(volume?.persistentVolumeClaim?.claimName).toBe(byKind.get('PersistentVolumeClaim')?.metadata.name);
  });
});

describe('docs/deploy/p2l.service and p2l.timer', () => {
  const lines = async (name: string) => (await deployFile(name)).split('\n');

  it('runs p2l check before p2l export --ship, once, as a oneshot service', async () => {
    const service = await lines('p2l.service');
    expect(service).toContain('Type=oneshot');
    expect(service.filter((line) => line.startsWith('ExecStartPre=')).map((line) => line.split(' ').slice(1, 3))).toEqual([['check', '--ship']]);
    expect(service.filter((line) => line.startsWith('ExecStart=')).map((line) => line.split(' ').slice(1, 3))).toEqual([['export', '--ship']]);
  });

  it('starts it every night at 02:30 Copenhagen time, and after a night the machine was off', async () => {
    const timer = await lines('p2l.timer');
    expect(timer).toContain('OnCalendar=*-*-* 02:30 Europe/Copenhagen');
    expect(timer).toContain('Persistent=true');
  });
});
