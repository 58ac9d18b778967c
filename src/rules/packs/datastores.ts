import type { RulePack } from '../../core/types.js';

export const datastoresPack: RulePack = {
  id: 'datastores',
  description: 'SQL and datastore clients (psql, mysql, sqlite3, mongosh, redis-cli, cqlsh, ...)',
  rules: [],
};
