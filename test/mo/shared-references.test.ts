import { describe, expect, it } from 'vitest';
import { SharedValues, shareRepeatedValues } from '../../src/mo/shared-references.js';
import type { Snapshot } from '../../src/snapshot.js';

type Engagement = Snapshot['engagements'][number];
type Person = Snapshot['persons'][number];

const monthly = () => ({ uuid: 'type-1', current: { name: 'Månedsløn' } });
const engagement = (uuid: string, type: Engagement['validities'][number]['engagement_type_response'], history?: Engagement['history']): Engagement => ({
  uuid,
  validities: [
    {
      user_key: uuid,
      is_primary: true,
      validity: { from: '2026-01-01T00:00:00+01:00', to: null },
      extension_1: null,
      extension_2: null,
      extension_3: null,
      extension_4: null,
      extension_5: null,
      extension_6: null,
      extension_7: null,
      extension_8: null,
      extension_9: null,
      extension_10: null,
      job_function_response: { uuid: 'job-1' },
      engagement_type_response: type,
      org_unit_response: { uuid: 'unit-1' },
      person_response: { uuid: `person-${uuid}` },
    },
  ],
  ...(history ? { history } : {}),
});

const person = (uuid: string, scope: string): Person => ({
  uuid,
  validities: [
    {
      cpr_number: null,
      name: uuid,
      validity: { from: null, to: null },
      addresses_response: {
        objects: [
          {
            uuid: `${uuid}-mail`,
            validities: [
              {
                value: `${uuid}@example.dk`,
                validity: { from: '2026-01-01T00:00:00+01:00', to: null },
                address_type_response: { uuid: 'email', current: { scope } },
                visibility_response: null,
              },
            ],
          },
        ],
      },
    },
  ],
});

describe('sharing repeated values across pages', () => {
  it('makes equal references and validities one object, across pages, and changes no value', () => {
    const pool = new SharedValues();
    const first = [engagement('e1', monthly())];
    const second = [engagement('e2', monthly())];
    const before = structuredClone([...first, ...second]);
    shareRepeatedValues('engagements', first, pool);
    shareRepeatedValues('engagements', second, pool);
    expect([...first, ...second]).toEqual(before);
    const [a, b] = [first[0]?.validities[0], second[0]?.validities[0]];
    expect(a?.engagement_type_response).toBe(b?.engagement_type_response);
    expect(a?.validity).toBe(b?.validity);
    expect(a?.org_unit_response).toBe(b?.org_unit_response);
    expect(a?.person_response).not.toBe(b?.person_response);
  });

  it('keeps references apart that differ anywhere, the class as of today included', () => {
    const pool = new SharedValues();
    const persons = [person('p1', 'EMAIL'), person('p2', 'PHONE'), person('p3', 'EMAIL')];
    shareRepeatedValues('persons', persons, pool);
    const typeOf = (p: Person | undefined) => p?.validities[0]?.addresses_response.objects[0]?.validities[0]?.address_type_response;
    expect(typeOf(persons[0])).toBe(typeOf(persons[2]));
    expect(typeOf(persons[0])).not.toBe(typeOf(persons[1]));
    expect(typeOf(persons[1])).toEqual({ uuid: 'email', current: { scope: 'PHONE' } });
  });

  it('tells an absent end from an open one, so a history entry never stands in for a version', () => {
    const pool = new SharedValues();
    const withHistory = [engagement('e1', monthly(), [{ validity: { from: '2026-01-01T00:00:00+01:00' } }])];
    shareRepeatedValues('engagements', withHistory, pool);
    expect(withHistory[0]?.history?.[0]?.validity).toEqual({ from: '2026-01-01T00:00:00+01:00' });
    expect(withHistory[0]?.validities[0]?.validity).toEqual({ from: '2026-01-01T00:00:00+01:00', to: null });
  });
});
