import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { buildClientSchema, getIntrospectionQuery, parse, type IntrospectionQuery } from 'graphql';
import {
  ClassesDocument,
  DarAddressNamesDocument,
  DarAddressesDocument,
  EngagementsDocument,
  HealthsDocument,
  JobFunctionsDocument,
  ManagersDocument,
  PersonsDocument,
  RootUnitDocument,
  UnitsDocument,
} from '../generated/graphql.js';
import { retryPolicyOf, tokenSourceOf } from '../http/from-settings.js';
import type { RetryPolicy } from '../http/retry.js';
import { describeNetworkError } from '../http/transient.js';
import type { MoClient } from '../mo/client.js';
import { connectToMo } from '../mo/connect.js';
import { moGraphqlVersion, newestGraphqlVersion } from '../mo/versions.js';
import { loadDocuments } from '../schema/documents.js';
import { validateDocuments } from '../schema/validate.js';
import type { Settings } from '../settings/table.js';
import { proveWritable } from '../ship/probe.js';
import { defaultShipTuning, transportFor } from '../ship/ship-directory.js';
import { shipTargetOf } from '../ship/target.js';
import { copenhagenDay, copenhagenMidnightText } from '../util/days.js';
import { messageOf } from '../util/errors.js';
import { info } from '../util/log.js';
import { flag, optionalDay, type RawOptions } from './options.js';
import { settingsOfRun } from './run-facts.js';

/** What a check found worth the operator's attention, without failing the pre-flight. */
export interface CheckWarning {
  warning: string;
}

interface Check {
  name: string;
  /** A check this one cannot run without; when that failed, this one is skipped. */
  needs?: string;
  run: () => Promise<string | CheckWarning>;
}

const introspection = parse(getIntrospectionQuery()) as TypedDocumentNode<IntrospectionQuery, Record<string, never>>;

/** Every query document run once with a one-object page, so a field MO no longer answers shows before the nightly run. */
function documentChecks(mo: MoClient, settings: Settings, today: string): Check[] {
  const at = copenhagenMidnightText(today);
  const page = { today: at, limit: 1, cursor: null };
  const runs: [string, () => Promise<unknown>][] = [
    ['Units', () => mo.request(UnitsDocument, { ...page, root: [settings.rootUnit] })],
    ['Persons', () => mo.request(PersonsDocument, { ...page, uuids: [] })],
    ['Engagements', () => mo.request(EngagementsDocument, { ...page, root: [settings.rootUnit], types: settings.allowedEngagementTypes, withHistory: true })],
    ['Managers', () => mo.request(ManagersDocument, { ...page, root: [settings.rootUnit] })],
    ['Classes', () => mo.request(ClassesDocument, { ...page, uuids: [] })],
    ['JobFunctions', () => mo.request(JobFunctionsDocument, page)],
    ['DarAddresses', () => mo.request(DarAddressesDocument, { ...page, uuids: [] })],
    ['DarAddressNames', () => mo.request(DarAddressNamesDocument, { ...page, uuids: [] })],
  ];
  return runs.map(([name, run]) => ({ name: `query ${name}`, needs: 'token', run: async () => (await run(), 'answered a one-object page') }));
}

/**
 * MO's own health check of DAR (the `healths` query, `dar`): whether MO
 * reaches the national address register, which it asks for every unit's
 * postal address. Information, never a failed check: with DAR down tonight
 * the units' Gade, Postnr and By come out empty with a warning, or, when
 * more than half fail, the run stops and keeps the previous files.
 */
async function darHealthCheck(mo: MoClient): Promise<string | CheckWarning> {
  let status: boolean | null | undefined;
  try {
    const answer = await mo.request(HealthsDocument, {});
    status = answer.healths.objects.find((health) => health.identifier === 'dar')?.status;
  } catch (error) {
    return { warning: `could not ask MO for its DAR health (${messageOf(error)})` };
  }
  if (status === true) return 'MO reaches DAR';
  if (status === false) {
    return {
      warning:
        "MO says DAR is down (healths: dar false): units' addresses MO cannot look up come out empty with a warning, and if more than half fail the export stops and keeps the previous files",
    };
  }
  return { warning: `MO does not report on DAR (healths: dar ${status === null ? 'null' : 'missing'})` };
}

/**
 * Which GraphQL version MO serves as its newest, beside the one p2l reads.
 * A newer one is worth knowing about (MO drops old versions in time) but is
 * no reason to stop tonight's run: the version p2l reads is still served.
 */
async function graphqlVersionCheck(settings: Settings, policy: RetryPolicy): Promise<string | CheckWarning> {
  let newest: number | string;
  try {
    newest = await newestGraphqlVersion(settings.moBase, policy.fetch ?? fetch, policy.timeoutMs);
  } catch (error) {
    newest = describeNetworkError(error, policy.timeoutMs);
  }
  if (typeof newest === 'string') return { warning: `could not tell MO's newest GraphQL version (${newest}); p2l reads v${moGraphqlVersion}` };
  if (newest > moGraphqlVersion) {
    return {
      warning: `MO's newest GraphQL version is v${newest}; p2l reads v${moGraphqlVersion}, which MO still serves: see "When MO's schema changes" in the README before MO drops it`,
    };
  }
  return `p2l reads v${moGraphqlVersion}, MO's newest`;
}

function checksFor(settings: Settings, today: string, withShip: boolean): Check[] {
  const policy = retryPolicyOf(settings);
  const tokens = tokenSourceOf(settings, policy);
  const mo = connectToMo(settings, policy, tokens);
  const checks: Check[] = [
    { name: 'token', run: async () => (await tokens.token(), `Keycloak issued a token to client "${settings.clientId}"`) },
    {
      name: 'schema',
      needs: 'token',
      run: async () => {
        const schema = buildClientSchema(await mo.request(introspection, {}));
        const documents = loadDocuments();
        const problems = validateDocuments(schema, documents);
        if (problems.length > 0) throw new Error(problems.join('; '));
        return `all ${documents.size} query documents are valid against MO's schema`;
      },
    },
    ...documentChecks(mo, settings, today),
    {
      name: 'root unit',
      needs: 'token',
      run: async () => {
        const answer = await mo.request(RootUnitDocument, { root: [settings.rootUnit], today: copenhagenMidnightText(today) });
        const version = answer.org_units.objects[0]?.current;
        if (!version) throw new Error(`${settings.rootUnit} does not exist or is not active on ${today}: check exporters.plan2learn.root_unit`);
        return `${settings.rootUnit} (${version.name}) is active on ${today}`;
      },
    },
    { name: 'dar health', needs: 'token', run: () => darHealthCheck(mo) },
    { name: 'graphql version', run: () => graphqlVersionCheck(settings, policy) },
  ];
  if (withShip) {
    checks.push({
      name: 'ship',
      run: async () => {
        const { transport } = await transportFor(
          shipTargetOf(settings),
          { dryRun: false, allowEmpty: false, insecureSkipTlsVerify: false },
          defaultShipTuning.timeoutMs,
        );
        return proveWritable(transport);
      },
    });
  }
  return checks;
}

/**
 * `p2l check [--ship]`: the pre-flight for the nightly run. One line per
 * check, ok or failed; exit 0 when all pass, 1 otherwise. Settings come
 * first: without them nothing else can be checked.
 */
export async function checkCommand(options: RawOptions): Promise<void> {
  const today = optionalDay(options, 'today') ?? copenhagenDay(new Date());
  let settings: Settings;
  try {
    settings = await settingsOfRun(options);
    info('ok      settings');
  } catch (error) {
    info(`failed  settings: ${messageOf(error)}`);
    process.exitCode = 1;
    return;
  }
  const failed = new Set<string>();
  for (const check of checksFor(settings, today, flag(options, 'ship'))) {
    if (check.needs && failed.has(check.needs)) {
      failed.add(check.name);
      info(`skipped ${check.name}: needs ${check.needs}`);
      continue;
    }
    try {
      const found = await check.run();
      info(typeof found === 'string' ? `ok      ${check.name}: ${found}` : `warning ${check.name}: ${found.warning}`);
    } catch (error) {
      failed.add(check.name);
      info(`failed  ${check.name}: ${messageOf(error)}`);
    }
  }
  if (failed.size > 0) process.exitCode = 1;
}
