import type { ExportOptions } from '../export/options.js';

/** The project's own settings whose defaults depend on the old exporter's municipality variant. */
export type PresetSettings = Pick<
  ExportOptions,
  'positionExtensionField' | 'startDate' | 'managerResponsibility' | 'managerFunctionUuidColumn' | 'excludedUnitEngagements' | 'csvEncoding'
>;

const standard: PresetSettings = {
  positionExtensionField: 'extension_2',
  startDate: 'future',
  managerResponsibility: null,
  managerFunctionUuidColumn: false,
  excludedUnitEngagements: 'ancestor',
  csvEncoding: 'utf-8',
};

/** What each variant presets; a key given explicitly beats its preset. */
export const presets: Record<'standard' | 'Viborg' | 'RSD', PresetSettings> = {
  standard,
  Viborg: { ...standard, positionExtensionField: 'extension_3' },
  RSD: {
    ...standard,
    positionExtensionField: 'extension_1',
    startDate: 'earliest',
    managerResponsibility: 'Personaleledelse',
    managerFunctionUuidColumn: true,
  },
};

/** A fallback that reads the variant resolved earlier in the table. */
export function presetValue<K extends keyof PresetSettings>(key: K): (settings: Record<string, unknown>) => PresetSettings[K] {
  return (settings) => {
    const variant = settings['variant'];
    return presets[variant === 'Viborg' || variant === 'RSD' ? variant : 'standard'][key];
  };
}
