import { describe, expect, it } from 'vitest';
import { SharedValues, shareRepeatedValues, type WireObject } from '../../src/mo/shared-references.js';

type Engagement = WireObject<'engagements'>;
type Person = WireObject<'persons'>;

const engagement = (uuid: string, type: string, history?: Engagement['history']): Engagement => ({
  uuid,
  validities: [
    {
      is_primary: true,
      validity: { from: '2026-01-01T00:00:00+01:00', to: null },
      extension_2: null,
      job_function_response: { uuid: 'job-1' },
      engagement_type_response: { uuid: type },
      org_unit_response: { uuid: 'unit-1' },
      person_response: { uuid: `person-${uuid}` },
    },
  ],
  ...(history ? { history } : {}),
});

const person = (uuid: string, type: string): Person => ({
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
                address_type_response: { uuid: type },
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
    const first = shareRepeatedValues('engagements', [engagement('e1', 'monthly')], pool);
    const second = shareRepeatedValues('engagements', [engagement('e2', 'monthly')], pool);
    const [a, b] = [first[0]?.validities[0], second[0]?.validities[0]];
    expect(a?.engagement_type_response).toBe(b?.engagement_type_response);
    expect(a?.validity).toBe(b?.validity);
    expect(a?.org_unit_response).toBe(b?.org_unit_response);
    expect(a?.person_response).not.toBe(b?.person_response);
    expect(a).toEqual({ ...engagement('e1', 'monthly').validities[0], engagement_type_response: { uuid: 'monthly', current: null } });
  });

  it('answers every reference to a class from one answer per class; a class MO did not return keeps current null', () => {
    const pool = new SharedValues();
    const persons = shareRepeatedValues('persons', [person('p1', 'email'), person('p2', 'phone'), person('p3', 'email'), person('p4', 'gone')], pool);
    expect(pool.classUuids()).toEqual(['email', 'gone', 'phone']);
    pool.answerClasses([
      { uuid: 'email', current: { name: 'E-mail', scope: 'EMAIL' } },
      { uuid: 'phone', current: { name: 'Mobil', scope: 'PHONE' } },
    ]);
    const typeOf = (p: (typeof persons)[number] | undefined) => p?.validities[0]?.addresses_response.objects[0]?.validities[0]?.address_type_response;
    expect(typeOf(persons[0])).toBe(typeOf(persons[2]));
    expect(typeOf(persons[0])).toEqual({ uuid: 'email', current: { name: 'E-mail', scope: 'EMAIL' } });
    expect(typeOf(persons[1])).toEqual({ uuid: 'phone', current: { name: 'Mobil', scope: 'PHONE' } });
    expect(typeOf(persons[3])).toEqual({ uuid: 'gone', current: null });
  });

  it('tells an absent end from an open one, so a history entry never stands in for a version', () => {
    const pool = new SharedValues();
    const withHistory = shareRepeatedValues('engagements', [engagement('e1', 'monthly', [{ validity: { from: '2026-01-01T00:00:00+01:00' } }])], pool);
    expect(withHistory[0]?.history?.[0]?.validity).toEqual({ from: '2026-01-01T00:00:00+01:00' });
    expect(withHistory[0]?.validities[0]?.validity).toEqual({ from: '2026-01-01T00:00:00+01:00', to: null });
  });
});
