/** Reading one version's values: the fields of its attribute, state and relation lists. */
import type { ElementValue, Values } from './effects.js';

const textField = (value: ElementValue | undefined, field: string): string | undefined => {
  const found = value?.[field];
  return typeof found === 'string' ? found : undefined;
};

/** A field of a list's first value, e.g. ('organisationenhedegenskaber', 'enhedsnavn'). */
export const field = (values: Values, list: string, name: string): string | undefined => textField(values.get(list)?.[0], name);

/** The uuid a one-valued relation points to. */
export const related = (values: Values, list: string): string | undefined => field(values, list, 'uuid');

/** The uuids a relation points to, limited to one `objekttype` when given, in uuid order. */
export function relatedAll(values: Values, list: string, objekttype?: string): string[] {
  return (values.get(list) ?? [])
    .filter((value) => objekttype === undefined || textField(value, 'objekttype') === objekttype)
    .map((value) => textField(value, 'uuid'))
    .filter((uuid) => uuid !== undefined)
    .sort();
}

/** The first uuid of a relation with the given `objekttype`. */
export const relatedOfType = (values: Values, list: string, objekttype: string): string | undefined => relatedAll(values, list, objekttype)[0];

/** The URN of a relation's first value (addresses, CPR numbers). */
export const urnOf = (values: Values, list: string): string | undefined => field(values, list, 'urn');

/** All URNs of a relation. */
export const urnsOf = (values: Values, list: string): string[] =>
  (values.get(list) ?? []).map((value) => textField(value, 'urn')).filter((urn) => urn !== undefined);
