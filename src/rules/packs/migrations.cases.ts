import type { PackCases } from '../../core/types.js';

export const cases: PackCases = {
  pack: 'migrations',
  blocked: [],
  allowed: [],
};
