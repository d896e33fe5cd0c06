import { csvEncodings } from '../csv/encoding.js';
import { extensionFields } from '../export/options.js';
import { deadlineMinutes } from '../http/deadline.js';
import { boolean, integer, maybe, oneOf, serverFolder, sshFingerprint, text, textList, url, uuid, uuidList, type Parser } from './parsers.js';
import { presetValue } from './presets.js';

/**
 * One row per setting: its dotted key in settings.json, how to parse it,
 * its default (absent: required), and whether it is a secret (never
 * printed). The environment name is derived from the key (upper case, dots
 * and dashes as `_`); `aliases` are the other environment names the old
 * exporter's container deployments used.
 */
export interface SettingSpec<T> {
  key: string;
  parse: Parser<T>;
  /** A value, or a function of the settings read so far (rows above this one). */
  fallback?: T | ((settings: Record<string, unknown>) => T);
  secret?: boolean;
  aliases?: string[];
  help: string;
}

const own = (name: string) => `exporters.plan2learn.${name}`;

function row<T>(spec: SettingSpec<T>): SettingSpec<T> {
  return spec;
}

export const settingsTable = {
  moBase: row({ key: 'mora.base', parse: url, help: "MO's base URL" }),
  loraBase: row({
    key: 'lora.base',
    parse: url,
    aliases: ['MOX_BASE'],
    fallback: (s) => `${String(s['moBase'])}/lora`,
    help: "LoRa's OIO REST API, for --backend lora",
  }),
  moCaFile: row({
    key: own('mo_ca_file'),
    parse: maybe(text),
    fallback: null,
    help: "PEM file of CA certificates to trust, besides the system's, for MO, LoRa and Keycloak behind an internal CA",
  }),
  authServer: row({
    key: 'crontab.AUTH_SERVER',
    parse: url,
    aliases: ['AUTH_SERVER'],
    fallback: (s) => `${String(s['moBase'])}/auth`,
    help: 'Keycloak base URL (the token is at <auth>/realms/<realm>/protocol/openid-connect/token)',
  }),
  authRealm: row({ key: 'crontab.AUTH_REALM', parse: text, aliases: ['AUTH_REALM'], fallback: 'mo', help: 'Keycloak realm' }),
  clientId: row({ key: 'crontab.CLIENT_ID', parse: text, aliases: ['CLIENT_ID'], fallback: 'dipex', help: 'Keycloak client id' }),
  clientSecret: row({ key: 'crontab.CLIENT_SECRET', parse: text, aliases: ['CLIENT_SECRET'], secret: true, help: 'Keycloak client secret' }),
  rootUnit: row({ key: own('root_unit'), parse: uuid, help: 'UUID of the root unit of the export' }),
  allowedEngagementTypes: row({
    key: own('allowed_engagement_types'),
    parse: uuidList,
    help: 'engagement-type class UUIDs to export (e.g. Månedsløn, Timeløn)',
  }),
  tooDeep: row({ key: 'integrations.SD_Lon.import.too_deep', parse: textList, fallback: [], help: 'org_unit_level names of units not exported' }),
  emailPriority: row({ key: 'plan2learn.email_priority', parse: uuidList, fallback: [], help: 'e-mail address-type UUIDs, preferred first' }),
  phonePriority: row({ key: 'plan2learn.phone_priority', parse: uuidList, fallback: [], help: 'phone address-type UUIDs, preferred first' }),
  variant: row({
    key: own('variant'),
    parse: maybe(oneOf('Viborg', 'RSD')),
    aliases: ['PLAN2LEARN_VARIANT'],
    fallback: null,
    help: "the old exporter's municipality presets",
  }),
  positionExtensionField: row({
    key: own('position_extension_field'),
    parse: oneOf(...extensionFields),
    fallback: presetValue('positionExtensionField'),
    help: 'engagement field whose text, when set, is the Stilling',
  }),
  startDate: row({
    key: own('start_date'),
    parse: oneOf('future', 'earliest'),
    fallback: presetValue('startDate'),
    help: 'StartdatoEngagement: only future engagements, or every row with the first start date',
  }),
  managerResponsibility: row({
    key: own('manager_responsibility'),
    parse: maybe(text),
    fallback: presetValue('managerResponsibility'),
    help: "responsibility name that alone is a manager's Titel when the manager has it",
  }),
  managerFunctionUuidColumn: row({
    key: own('manager_function_uuid_column'),
    parse: boolean,
    fallback: presetValue('managerFunctionUuidColumn'),
    help: "add leder.csv's OrganisationsfunktionsUUID column",
  }),
  excludedUnitEngagements: row({
    key: own('excluded_unit_engagements'),
    parse: oneOf('ancestor', 'skip'),
    fallback: presetValue('excludedUnitEngagements'),
    help: 'engagements in units not exported: attributed to the nearest exported ancestor, or skipped',
  }),
  csvEncoding: row({ key: own('csv_encoding'), parse: oneOf(...csvEncodings), fallback: presetValue('csvEncoding'), help: 'file encoding' }),
  pageSize: row({ key: own('page_size'), parse: integer(1, 10_000), fallback: 500, help: 'objects per page (GraphQL and LoRa)' }),
  concurrency: row({ key: own('concurrency'), parse: integer(1, 16), fallback: 3, help: 'datasets fetched at once' }),
  requestTimeoutSeconds: row({ key: own('request_timeout_seconds'), parse: integer(1, 3600), fallback: 120, help: 'time-out of one request' }),
  retries: row({ key: own('retries'), parse: integer(0, 20), fallback: 5, help: 'retries of a failed request' }),
  retryFirstDelayMs: row({
    key: own('retry_first_delay_ms'),
    parse: integer(1, 60_000),
    fallback: 500,
    help: 'wait before the first retry (ms); doubled for each further one, with jitter',
  }),
  deadlineMinutes: row({
    key: own('deadline_minutes'),
    parse: deadlineMinutes,
    fallback: 60,
    help: 'the deadline of reading MO or LoRa: no retry starts after it, and a request in flight is aborted',
  }),
  cacheMaxAgeHours: row({
    key: own('cache_max_age_hours'),
    parse: integer(1, 24 * 365),
    fallback: 24,
    help: '--read-from-cache warns about a cache older than this',
  }),
  shipProtocol: row({ key: own('protocol'), parse: oneOf('ftpes', 'sftp'), fallback: 'ftpes' as const, help: 'ftpes or sftp' }),
  shipHost: row({ key: own('host'), parse: maybe(text), aliases: ['PLAN2LEARN_FTPES__HOSTNAME'], fallback: null, help: "Plan2Learn's server" }),
  shipPort: row({ key: own('port'), parse: maybe(integer(1, 65535)), aliases: ['PLAN2LEARN_FTPES__PORT'], fallback: null, help: 'port (21 ftpes, 22 sftp)' }),
  shipUser: row({ key: own('user'), parse: maybe(text), aliases: ['PLAN2LEARN_FTPES__USERNAME'], fallback: null, help: 'login' }),
  shipPassword: row({
    key: own('password'),
    parse: maybe(text),
    aliases: ['PLAN2LEARN_FTPES__PASSWORD'],
    secret: true,
    fallback: null,
    help: 'password',
  }),
  shipRemoteDir: row({ key: own('remote_dir'), parse: maybe(serverFolder), fallback: null, help: 'folder on the server (default: the login folder)' }),
  shipCaFile: row({ key: own('ca_file'), parse: maybe(text), fallback: null, help: 'PEM file of CA certificates to trust for FTPES' }),
  shipHostKey: row({
    key: own('host_key'),
    parse: maybe(sshFingerprint),
    fallback: null,
    help: 'SFTP host key fingerprint, SHA256:... as ssh-keygen -l prints it',
  }),
  shipPrivateKeyFile: row({ key: own('private_key_file'), parse: maybe(text), fallback: null, help: 'SFTP private key file, instead of a password' }),
  stateDir: row({
    key: own('state_dir'),
    parse: maybe(text),
    fallback: null,
    help: 'folder of the delivery history (default: <output folder>.p2l-state beside the output folder)',
  }),
  historyKeep: row({ key: own('history_keep'), parse: integer(1, 1000), fallback: 14, help: 'deliveries kept in the history' }),
  deletionGuardCount: row({
    key: own('deletion_guard_count'),
    parse: integer(0, 10_000_000),
    fallback: 500,
    help: 'refuse to ship when more persons (or units) than this would disappear',
  }),
  deletionGuardPercent: row({
    key: own('deletion_guard_percent'),
    parse: integer(0, 100),
    fallback: 10,
    help: "refuse to ship when more than this percentage of the last delivery's persons (or units) would disappear",
  }),
  metricsFile: row({
    key: own('metrics_file'),
    parse: maybe(text),
    fallback: null,
    help: "file export, ship and check write Prometheus metrics to, for node_exporter's textfile collector (as --metrics-file)",
  }),
} satisfies Record<string, SettingSpec<unknown>>;

export type SettingName = keyof typeof settingsTable;

export type Settings = { [K in SettingName]: (typeof settingsTable)[K] extends SettingSpec<infer T> ? T : never };

/** The environment variable that overrides a key: upper case, dots and dashes as `_`. */
export function environmentName(key: string): string {
  return key.toUpperCase().replace(/[.-]/g, '_');
}
