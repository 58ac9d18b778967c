import type { RulePack } from '../../core/types.js';

export const backupsPack: RulePack = {
  id: 'backups',
  description: 'Backup tools: restic, borg, kopia, rclone, duplicity, velero, tarsnap — deleting snapshots, pruning repositories, syncing deletions',
  rules: [],
};
