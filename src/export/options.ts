import type { CsvEncoding } from '../csv/encoding.js';

/** The settings the export core reads: everything that shapes the five files. */
export interface ExportOptions {
  rootUnit: string;
  allowedEngagementTypes: readonly string[];
  /** org_unit_level names whose units are not exported. */
  tooDeep: readonly string[];
  emailPriority: readonly string[];
  phonePriority: readonly string[];
  /** extension_1..extension_10: the engagement field that overrides the job-function name as Stilling. */
  positionExtensionField: ExtensionField;
  /** `future`: StartdatoEngagement only for future engagements; `earliest`: every row, first start over the whole history. */
  startDate: 'future' | 'earliest';
  /** A responsibility name that, when a manager has it, is the whole Titel. */
  managerResponsibility: string | null;
  managerFunctionUuidColumn: boolean;
  /** Engagements in a unit in scope but not exported: moved to the nearest exported ancestor, or skipped. */
  excludedUnitEngagements: 'ancestor' | 'skip';
  /** The files' encoding: in windows-1252 the export replaces the characters it cannot hold. */
  csvEncoding: CsvEncoding;
}

export const extensionFields = [
  'extension_1',
  'extension_2',
  'extension_3',
  'extension_4',
  'extension_5',
  'extension_6',
  'extension_7',
  'extension_8',
  'extension_9',
  'extension_10',
] as const;

export type ExtensionField = (typeof extensionFields)[number];
