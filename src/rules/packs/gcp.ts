import type { RulePack } from '../../core/types.js';

export const gcpPack: RulePack = {
  id: 'gcp',
  description: 'gcloud, gsutil, bq and firebase',
  rules: [],
};
