/**
 * The DAR step (src/dar/resolve.ts) against the simulator over HTTP, with the
 * real MO client: which addresses MO resolves, which it cannot, what that
 * costs in requests, and when DAR itself is failing.
 *
 * What MO does, which the simulator plays (test/sim/dar.test.ts): a DAR
 * lookup that finds nothing, or DAR answering an HTTP error, gives the text
 * `Ukendt` and errors at every structured field, which null the whole page
 * (mora/graphapi/collections/address.py, mora/service/address_handler/dar.py);
 * a DAR time-out raises for the whole request, the text included.
 */
import pLimit from 'p-limit';
import { afterAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/dataset/format.js';
import { DarFailing, resolveDarAddresses, type DarPlan } from '../../src/dar/resolve.js';
import { connectToMo } from '../../src/mo/connect.js';
import { P2lError } from '../../src/util/errors.js';
import type { RetryPolicy } from '../../src/http/retry.js';
import { resolveSettings } from '../../src/settings/load.js';
import { parseFaultSpec } from '../../src/sim/fault-spec.js';
import { startSimulator, type DarFailures, type RunningSimulator } from '../../src/sim/server.js';
import { fixture, id, morning, today, unit, unitDarAddress } from '../sim/fixture.js';

const fastPolicy: RetryPolicy = { retries: 2, minDelayMs: 1, maxDelayMs: 5, timeoutMs: 5_000 };
const count = 10;
/** Ten DAR addresses of unit 1: address ids ad 20..29, DAR UUIDs da 20..29. */
const addressOf = (n: number) => id('ad', 20 + n);
const darOf = (n: number) => id('da', 20 + n);
const all = Array.from({ length: count }, (_, n) => addressOf(n));

function dataset(): Dataset {
  const base = fixture();
  const addresses = all.map((uuid, n) =>
    unitDarAddress(uuid, unit(1), darOf(n), {
      road_name: `Vej ${n}`,
      house_number: String(n + 1),
      floor: null,
      door: null,
      zip_code: '8800',
      zip_code_name: 'Viborg',
    }),
  );
  return { ...base, addresses: [...base.addresses, ...addresses] };
}

const sims: RunningSimulator[] = [];
afterAll(() => Promise.all(sims.map((sim) => sim.close())));

async function resolveWith(darFailures: DarFailures, plan: Partial<DarPlan> = {}, uuids: readonly string[] = all, faults?: string) {
  const sim = await startSimulator({ dataset: dataset(), now: () => morning, darFailures, ...(faults ? { faults: parseFaultSpec(faults) } : {}) });
  sims.push(sim);
  const settings = resolveSettings(
    {
      'mora.base': sim.url,
      'crontab.CLIENT_SECRET': 'dipex-secret',
      'exporters.plan2learn.root_unit': unit(1),
      'exporters.plan2learn.allowed_engagement_types': [],
    },
    {},
    'test settings',
  );
  const mo = connectToMo(settings, fastPolicy);
  const outcome = await resolveDarAddresses(mo, uuids, { today, pageSize: 100, ...plan }).catch((error: unknown) => error);
  const requests = { DarAddresses: sim.stats.byOperation['DarAddresses'] ?? 0, DarAddressNames: sim.stats.byOperation['DarAddressNames'] ?? 0 };
  return { outcome, requests, sim };
}

describe('resolving the units’ DAR addresses', () => {
  it('asks once per batch when DAR knows them all', async () => {
    const { outcome, requests } = await resolveWith({});
    expect(outcome).toMatchObject({ unresolved: [] });
    const answers = (outcome as { answers: { uuid: string; validities: { name: string | null; resolve: object }[] }[] }).answers;
    expect(answers.map((a) => a.uuid)).toEqual(all);
    expect(answers[3]?.validities[0]).toMatchObject({
      name: 'Vej 3 4, 8800 Viborg',
      resolve: { __typename: 'DARAddress', road_name: 'Vej 3', house_number: '4' },
    });
    expect(requests).toEqual({ DarAddresses: 1, DarAddressNames: 0 });
  });

  it('one retired address of ten costs two requests more: the texts tell it, the other nine are asked again', async () => {
    const { outcome, requests } = await resolveWith({ notFound: [darOf(4)] });
    expect(outcome).toMatchObject({ unresolved: [addressOf(4)] });
    expect((outcome as { answers: { uuid: string }[] }).answers.map((a) => a.uuid)).toEqual(all.filter((uuid) => uuid !== addressOf(4)));
    expect(requests).toEqual({ DarAddresses: 2, DarAddressNames: 1 });
  });

  it('in batches: only the batch holding the retired address is asked again', async () => {
    const { outcome, requests } = await resolveWith({ notFound: [darOf(9)] }, { batchSize: 4 });
    expect(outcome).toMatchObject({ unresolved: [addressOf(9)] });
    // Batches 0-3, 4-7, 8-9; the last fails, its texts name 9 Ukendt, 8 is asked again.
    expect(requests).toEqual({ DarAddresses: 4, DarAddressNames: 1 });
  });

  it('halves a batch down to the single address when the texts cannot tell (a DAR time-out): a bounded number of requests', async () => {
    // The first eight addresses, the slow one first: 8 fails; the texts fail too; [0-3] fails, [0,1] fails, [0] fails (unresolved), [1], [2,3], [4-7] answer.
    const { outcome, requests } = await resolveWith({ timeout: [darOf(0)] }, {}, all.slice(0, 8));
    expect(outcome).toMatchObject({ unresolved: [addressOf(0)] });
    expect((outcome as { answers: { uuid: string }[] }).answers.map((a) => a.uuid)).toEqual(all.slice(1, 8));
    expect(requests).toEqual({ DarAddresses: 7, DarAddressNames: 1 });
  });

  it('fails the run when more than half of the addresses, and at least 5, cannot be resolved: DAR down', async () => {
    const { outcome, requests } = await resolveWith({ down: true });
    expect(outcome).toBeInstanceOf(DarFailing);
    expect((outcome as DarFailing).exitCode).toBe(1);
    expect((outcome as Error).message).toBe(
      'DAR lookups failed for 10 of 10 unit DAR addresses: MO cannot look them up in DAR (more than half failed, so DAR itself is failing; ' +
        "`p2l check` shows MO's DAR health); the run stops and the previous files are kept",
    );
    expect(requests).toEqual({ DarAddresses: 1, DarAddressNames: 1 });
  });

  it('stops as soon as the failures pass the limit, asking no further batch', async () => {
    const { outcome, requests } = await resolveWith({ down: true }, { batchSize: 2, limit: pLimit(1) });
    expect((outcome as Error).message).toMatch(/^DAR lookups failed for 6 of 10 unit DAR addresses: /);
    // Batches of two, one at a time: 2, 4, then 6 > 5 failed; batches four and five are never asked.
    expect(requests).toEqual({ DarAddresses: 3, DarAddressNames: 3 });
  });

  it('six retired of ten fail the run; five do not (not more than half); four of four do not (fewer than 5)', async () => {
    const six = await resolveWith({ notFound: [0, 1, 2, 3, 4, 5].map(darOf) });
    expect((six.outcome as Error).message).toMatch(/^DAR lookups failed for 6 of 10 unit DAR addresses: /);
    const five = await resolveWith({ notFound: [0, 2, 4, 6, 8].map(darOf) });
    expect(five.outcome).toMatchObject({ unresolved: [0, 2, 4, 6, 8].map(addressOf) });
    const fourOfFour = await resolveWith({ notFound: [0, 1, 2, 3].map(darOf) }, {}, all.slice(0, 4));
    expect(fourOfFour.outcome).toMatchObject({ answers: [], unresolved: all.slice(0, 4) });
  });

  it('sends a request again on errors not at a DAR field (MO failing, not DAR), and never takes them for unresolved addresses', async () => {
    const { outcome, requests, sim } = await resolveWith({}, {}, all, 'internal=1');
    expect(outcome).toBeInstanceOf(P2lError);
    expect((outcome as Error).message).toBe(
      `MO at ${sim.url}/graphql/v29 failed 3 tries (last: answered DarAddresses with "Internal Server Error" at addresses): is MO up and well? MO's log says what failed`,
    );
    // The first try and the policy's 2 retries; no texts asked, nothing halved.
    expect(requests).toEqual({ DarAddresses: 3, DarAddressNames: 0 });
  });
});
