import type { Dataset } from '../dataset/format.js';
import { tooDeepLevelNames } from '../generate/classes.js';
import { generateDataset } from '../generate/generate.js';

/** The built-in demo municipality: a small generated one, as of `today`. */
export function demoDataset(today: string): Dataset {
  return generateDataset({ persons: 400, seed: 2026, today });
}

/** A settings.json (dotted keys) that points p2l at a simulator serving `dataset`. */
export function settingsForSimulator(url: string, dataset: Dataset): Record<string, unknown> {
  const root = dataset.units.find((unit) => unit.versions.some((version) => version.parent === null));
  const paid = dataset.classes.filter((c) => c.facet === 'engagement_type' && (c.name === 'Månedsløn' || c.name === 'Timeløn'));
  return {
    'mora.base': url,
    'crontab.AUTH_SERVER': `${url}/auth`,
    'crontab.CLIENT_ID': 'dipex',
    'crontab.CLIENT_SECRET': 'dipex-secret',
    'exporters.plan2learn.root_unit': root?.uuid ?? null,
    'exporters.plan2learn.allowed_engagement_types': paid.map((c) => c.uuid),
    'integrations.SD_Lon.import.too_deep': [...tooDeepLevelNames],
  };
}
