/** Hand-written LoRa registrations for the translation tests. */
import { parseLoraObject, type LoraObject } from '../../src/lora/wire.js';

/** A readable UUID: a kind code (two hex digits) and a number. */
export const id = (code: string, n: number): string => `00000000-0000-4000-8000-${code}${String(n).padStart(10, '0')}`;

export type Period = [from: string, to: string];

/** One list element: its fields, valid over [from, to). */
export const el = ([from, to]: Period, fields: Record<string, unknown>) => ({
  ...fields,
  virkning: { from, to, from_included: true, to_included: false },
});

type Lists = Record<string, ReturnType<typeof el>[]>;

export interface Groups {
  attributter?: Lists;
  tilstande?: Lists;
  relationer?: Lists;
}

/** An object as LoRa's JSON answer holds it. */
export const rawObject = (uuid: string, groups: Groups) => ({
  id: uuid,
  registreringer: [{ tiltidspunkt: { tidsstempeldatotid: 'infinity' }, livscykluskode: 'Rettet', ...groups }],
});

export const object = (uuid: string, groups: Groups): LoraObject => parseLoraObject(rawObject(uuid, groups));

export const always: Period = ['-infinity', 'infinity'];

/** A value over [from, at), then another from `at` on. */
export const changesAt = <T>(from: string, before: T, at: string, after: T): [Period, T][] => [
  [[from, at], before],
  [[at, 'infinity'], after],
];

/** Periods of a state list: `[from, to, gyldighed]`. */
export const states = (...periods: [string, string, 'Aktiv' | 'Inaktiv'][]) => periods.map(([from, to, gyldighed]) => el([from, to], { gyldighed }));

/** A class: title, user key, scope and facet. */
export const klasse = (uuid: string, facet: string, titel: string, omfang: string | null = null, period: Period = always): LoraObject =>
  parseLoraObject(rawKlasse(uuid, facet, titel, omfang, period));

export const rawKlasse = (uuid: string, facet: string, titel: string, omfang: string | null = null, period: Period = always) =>
  rawObject(uuid, {
    attributter: { klasseegenskaber: [el(period, { brugervendtnoegle: titel, titel, ...(omfang === null ? {} : { omfang }) })] },
    tilstande: { klassepubliceret: [el(period, { publiceret: 'Publiceret' })] },
    relationer: { facet: [el(period, { uuid: facet, objekttype: 'facet' })] },
  });

export const facet = (uuid: string, key: string): LoraObject =>
  object(uuid, {
    attributter: { facetegenskaber: [el(always, { brugervendtnoegle: key })] },
    tilstande: { facetpubliceret: [el(always, { publiceret: 'Publiceret' })] },
  });

/** A unit with names and parents over periods, active over `active`. */
export function unit(
  uuid: string,
  names: [Period, string][],
  parents: [Period, string][],
  active: ReturnType<typeof states> = states(['2000-01-01 00:00:00+01', 'infinity', 'Aktiv']),
  level?: [Period, string],
): LoraObject {
  return object(uuid, {
    attributter: { organisationenhedegenskaber: names.map(([period, name]) => el(period, { brugervendtnoegle: name, enhedsnavn: name })) },
    tilstande: { organisationenhedgyldighed: active },
    relationer: {
      overordnet: parents.map(([period, parent]) => el(period, { uuid: parent })),
      ...(level ? { niveau: [el(level[0], { uuid: level[1] })] } : {}),
    },
  });
}
