/**
 * The simulator answers DAR addresses as MO does:
 * - mora/graphapi/collections/address.py: `resolve` of a DAR-scope address is
 *   always a DARAddress; its structured fields take DAR's answer with
 *   `.get(field)` (extract_field), so without an answer every one of them
 *   raises, and the non-null ones null their parents up to `data`;
 *   `Address.name` of a DAR address is DAR's text, and nullable.
 * - mora/service/address_handler/dar.py: one DAR lookup per request
 *   (load_addresses); an HTTP error from DAR makes every key of it None;
 *   name_from_dar_object turns None into `Ukendt`; a time-out raises.
 * - mora/graphapi/health.py, collections/health.py, tests/graphapi/test_healths.py:
 *   `healths { objects { identifier status } }` with `dar`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetError, parseDataset } from '../../src/dataset/load.js';
import { DarAddressNamesDocument, DarAddressesDocument, HealthsDocument } from '../../src/generated/graphql.js';
import { startSimulator, type DarFailures, type RunningSimulator } from '../../src/sim/server.js';
import { getToken, query } from './client.js';
import { address, fixture, id, morning, soendersoevejDar, today } from './fixture.js';

const sims: RunningSimulator[] = [];
afterAll(() => Promise.all(sims.map((sim) => sim.close())));

async function serving(darFailures?: DarFailures): Promise<{ sim: RunningSimulator; token: string }> {
  const sim = await startSimulator({ dataset: fixture(), now: () => morning, ...(darFailures ? { darFailures } : {}) });
  sims.push(sim);
  return { sim, token: await getToken(sim) };
}

const at = `${today}T00:00:00+02:00`;
const variables = (...uuids: string[]) => ({ uuids, today: at, limit: 10, cursor: null });
const since2000 = { from: '2000-01-01T00:00:00+01:00', to: null };
const soendersoevej = { __typename: 'DARAddress', ...soendersoevejDar };
/** Where the errors of a failed DarAddresses answer are: path after `addresses.objects`. */
const placesOf = (errors: readonly object[] | undefined) =>
  (errors ?? []).map((error) => ((error as { path?: (string | number)[] }).path ?? []).slice(2).join('.'));
const noAnswerFor = (darUuid: string) => `the MO simulator: DAR has no answer for ${darUuid}`;

describe('DAR addresses, as MO answers them', () => {
  it('answers a DAR address DAR knows with its text and structured fields', async () => {
    const { sim, token } = await serving();
    const answer = await query(sim, token, DarAddressesDocument, variables(address(1)));
    expect(answer).toEqual({
      data: {
        addresses: {
          objects: [{ uuid: address(1), validities: [{ name: 'Søndersøvej 2, 1. th, 8800 Viborg', validity: since2000, resolve: soendersoevej }] }],
          page_info: { next_cursor: null },
        },
      },
    });
  });

  it('one retired DAR address takes the whole page: data null, errors at its structured fields (the nullable ones and the first non-null one)', async () => {
    const { sim, token } = await serving();
    // address(2)'s DAR UUID has no `dar` in the dataset: DAR no longer knows it.
    const answer = await query(sim, token, DarAddressesDocument, variables(address(1), address(2)));
    expect(answer.data).toBeNull();
    expect(placesOf(answer.errors)).toEqual(['1.validities.0.resolve.floor', '1.validities.0.resolve.door', '1.validities.0.resolve.road_name']);
    expect(answer.errors?.every((error) => error.message === noAnswerFor(id('da', 2)))).toBe(true);
  });

  it('names a retired DAR address Ukendt, without errors, and still resolves it to a DARAddress', async () => {
    const { sim, token } = await serving();
    expect(await query(sim, token, DarAddressNamesDocument, variables(address(1), address(2)))).toEqual({
      data: {
        addresses: {
          objects: [
            { uuid: address(1), validities: [{ name: 'Søndersøvej 2, 1. th, 8800 Viborg' }] },
            { uuid: address(2), validities: [{ name: 'Ukendt' }] },
          ],
          page_info: { next_cursor: null },
        },
      },
    });
    const typeOnly = '{ addresses(filter: { uuids: ["' + address(2) + '"] }) { objects { validities { resolve { __typename } } } } }';
    expect(await query(sim, token, typeOnly)).toEqual({ data: { addresses: { objects: [{ validities: [{ resolve: { __typename: 'DARAddress' } }] }] } } });
  });

  it('retires a DAR UUID the dataset knows when told to (notFound)', async () => {
    const { sim, token } = await serving({ notFound: [id('da', 1)] });
    const answer = await query(sim, token, DarAddressesDocument, variables(address(1)));
    expect(answer.data).toBeNull();
    expect(placesOf(answer.errors)).toEqual(['0.validities.0.resolve.floor', '0.validities.0.resolve.door', '0.validities.0.resolve.road_name']);
    expect((await query(sim, token, DarAddressNamesDocument, variables(address(1)))).data).toEqual({
      addresses: { objects: [{ uuid: address(1), validities: [{ name: 'Ukendt' }] }], page_info: { next_cursor: null } },
    });
  });

  it('with DAR down, no DAR address resolves (every key of the lookup None), and the dar health is false', async () => {
    const { sim, token } = await serving({ down: true });
    const answer = await query(sim, token, DarAddressesDocument, variables(address(1), address(6)));
    expect(answer.data).toBeNull();
    expect(answer.errors?.map((error) => error.message)).toContain(noAnswerFor(id('da', 1)));
    expect((await query(sim, token, DarAddressNamesDocument, variables(address(1), address(6)))).data).toEqual({
      addresses: {
        objects: [
          { uuid: address(1), validities: [{ name: 'Ukendt' }] },
          { uuid: address(6), validities: [{ name: 'Ukendt' }] },
        ],
        page_info: { next_cursor: null },
      },
    });
    expect(await query(sim, token, HealthsDocument)).toEqual({ data: { healths: { objects: [{ identifier: 'dar', status: false }] } } });
  });

  it('a DAR time-out fails every DAR address of the request, its text included (nullable: null with an error, the page kept)', async () => {
    const { sim, token } = await serving({ timeout: [id('da', 6)] });
    const names = await query(sim, token, DarAddressNamesDocument, variables(address(1), address(6)));
    expect(names).toEqual({
      data: {
        addresses: {
          objects: [
            { uuid: address(1), validities: [{ name: null }] },
            { uuid: address(6), validities: [{ name: null }] },
          ],
          page_info: { next_cursor: null },
        },
      },
      errors: [
        {
          message: 'the MO simulator: DAR did not answer in time',
          locations: [{ line: 10, column: 9 }],
          path: ['addresses', 'objects', 0, 'validities', 0, 'name'],
        },
        {
          message: 'the MO simulator: DAR did not answer in time',
          locations: [{ line: 10, column: 9 }],
          path: ['addresses', 'objects', 1, 'validities', 0, 'name'],
        },
      ],
    });
    // Another request, without the slow UUID, is answered.
    expect((await query(sim, token, DarAddressesDocument, variables(address(1)))).errors).toBeUndefined();
  });

  it('refuses a dataset giving a DAR address a text of its own: MO names a DAR address from DAR alone', () => {
    const dataset = fixture();
    const withText = {
      ...dataset,
      addresses: dataset.addresses.map((a) =>
        a.uuid === address(2) ? { ...a, versions: a.versions.map((v) => ({ ...v, name: 'Skolevej 5, 8800 Viborg' })) } : a,
      ),
    };
    const position = dataset.addresses.findIndex((a) => a.uuid === address(2));
    expect(() => parseDataset(JSON.stringify(withText), 'x.json')).toThrow(
      new DatasetError(
        `dataset x.json: addresses[${position}] (uuid ${address(2)}): version 1: name must be left out for a DAR address: MO's text for it is DAR's (from dar, or Ukendt without it)`,
      ),
    );
  });

  it("answers MO's health checks, all or by identifier", async () => {
    const { sim, token } = await serving();
    expect(await query(sim, token, '{ healths { objects { identifier status } } }')).toEqual({
      data: {
        healths: {
          objects: [
            { identifier: 'amqp', status: true },
            { identifier: 'dar', status: true },
            { identifier: 'dataset', status: true },
          ],
        },
      },
    });
    expect(await query(sim, token, HealthsDocument)).toEqual({ data: { healths: { objects: [{ identifier: 'dar', status: true }] } } });
  });
});
