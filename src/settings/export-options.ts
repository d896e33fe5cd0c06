import type { ExportOptions } from '../export/options.js';
import type { Settings } from './table.js';

/** The part of the settings the export core reads. */
export function exportOptionsOf(settings: Settings): ExportOptions {
  return {
    rootUnit: settings.rootUnit,
    allowedEngagementTypes: settings.allowedEngagementTypes,
    tooDeep: settings.tooDeep,
    emailPriority: settings.emailPriority,
    phonePriority: settings.phonePriority,
    positionExtensionField: settings.positionExtensionField,
    startDate: settings.startDate,
    managerResponsibility: settings.managerResponsibility,
    managerFunctionUuidColumn: settings.managerFunctionUuidColumn,
    excludedUnitEngagements: settings.excludedUnitEngagements,
    csvEncoding: settings.csvEncoding,
  };
}
