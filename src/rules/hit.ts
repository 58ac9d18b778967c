import type { RuleHit } from '../core/types.js';

/** Build a RuleHit, dropping empty fields: what every pack returns when a rule matches. */
export function hit(reason: string, loses?: string, safer?: string, level?: 'ask' | 'deny'): RuleHit {
  const h: RuleHit = { reason };
  if (loses) h.loses = loses;
  if (safer) h.safer = safer;
  if (level) h.level = level;
  return h;
}
