import type { PackCases } from '../../core/types.js';

// Allowed cases name the rule they are a near-miss of in `note` ("near-miss of <rule id>").
export const cases: PackCases = {
  pack: 'containers',
  blocked: [
    { command: 'docker volume rm pgdata', rule: 'containers.volume-rm', level: 'deny' },
    { command: 'docker volume rm $(docker volume ls -q)', rule: 'containers.volume-rm', level: 'deny' },
    { command: 'podman volume remove -f mysql_data', rule: 'containers.volume-rm', level: 'deny' },
    { command: 'docker volume prune -f', rule: 'containers.volume-prune', level: 'deny' },
    { command: 'docker volume prune --all --force', rule: 'containers.volume-prune', level: 'deny' },
    { command: 'docker system prune -a --volumes -f', rule: 'containers.system-prune', level: 'deny' },
    { command: 'podman system reset --force', rule: 'containers.system-prune', level: 'deny' },
    { command: 'docker system prune -a', rule: 'containers.system-prune', level: 'ask' },
    { command: 'docker image prune -a -f', rule: 'containers.image-prune-all', level: 'ask' },
    { command: 'docker compose down -v', rule: 'containers.compose-down-volumes', level: 'deny' },
    { command: 'docker-compose -f docker-compose.prod.yml down --volumes', rule: 'containers.compose-down-volumes', level: 'deny' },
    { command: 'docker compose -p shop down --rmi all -v', rule: 'containers.compose-down-volumes', level: 'deny' },
    { command: 'docker compose rm -f -v db', rule: 'containers.compose-down-volumes', level: 'ask' },
    { command: 'docker rm -fv postgres', rule: 'containers.rm-volumes', level: 'ask' },
    { command: 'docker container rm --volumes mysql', rule: 'containers.rm-volumes', level: 'ask' },
  ],
  allowed: [
    { command: 'docker volume ls', note: 'near-miss of containers.volume-rm' },
    { command: 'docker volume inspect pgdata', note: 'near-miss of containers.volume-rm' },
    { command: 'docker volume create pgdata', note: 'near-miss of containers.volume-prune' },
    { command: 'docker system prune', note: 'near-miss of containers.system-prune' },
    { command: 'docker system df', note: 'near-miss of containers.system-prune' },
    { command: 'docker image prune -f', note: 'near-miss of containers.image-prune-all' },
    { command: 'docker compose down', note: 'near-miss of containers.compose-down-volumes' },
    { command: 'docker compose up -d --build', note: 'near-miss of containers.compose-down-volumes' },
    { command: 'docker compose logs -f web', note: 'near-miss of containers.compose-down-volumes' },
    { command: 'docker run --rm -v "$PWD":/app -w /app node:20 npm test', note: 'near-miss of containers.rm-volumes' },
    { command: 'docker rm -f web', note: 'near-miss of containers.rm-volumes' },
    { command: 'docker ps -a', note: 'near-miss of containers.rm-volumes' },
    { command: 'echo "docker compose down -v"', note: 'text, not a command' },
  ],
};
