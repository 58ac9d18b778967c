import type { PackCases } from '../../core/types.js';

export const cases: PackCases = {
  pack: 'aws',
  blocked: [],
  allowed: [],
};
