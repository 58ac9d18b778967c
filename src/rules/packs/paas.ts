import type { RulePack } from '../../core/types.js';

export const paasPack: RulePack = {
  id: 'paas',
  description: 'doctl, flyctl, heroku, vercel, netlify, supabase, railway',
  rules: [],
};
