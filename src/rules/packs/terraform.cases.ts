import type { PackCases } from '../../core/types.js';

export const cases: PackCases = {
  pack: 'terraform',
  blocked: [],
  allowed: [],
};
