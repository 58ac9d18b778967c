import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SimpleCommand, StdinSource } from '../../src/core/types.js';
import { analyze, argvs, find, kinds } from './helpers.js';

/**
 * A table of tricky commands and the simple commands they must yield. `has` entries must all be present
 * (matched by argv, in order of appearance); `not` argv must be absent; `issues` is the exact list of
 * issue kinds (none when omitted).
 */
interface Expect {
  argv: string[];
  via?: string[];
  env?: Record<string, string>;
  dynamic?: boolean[];
  stdin?: Partial<StdinSource> & { kind: StdinSource['kind'] };
  origin?: { file: string; line?: number };
}
interface Row { cmd: string; files?: Record<string, string>; has: Expect[]; not?: string[][]; issues?: string[]; only?: boolean }

const TERRAFORM_DESTROY = ['terraform', 'destroy', '-auto-approve'];

const rows: Row[] = [
  // --- lists, pipes, compound commands -------------------------------------------------------------
  { cmd: 'a; b && c || d', has: [{ argv: ['a'] }, { argv: ['b'] }, { argv: ['c'] }, { argv: ['d'] }] },
  { cmd: '(cd x && terraform destroy -auto-approve)', has: [{ argv: ['cd', 'x'] }, { argv: TERRAFORM_DESTROY }] },
  { cmd: '{ echo a; rm -rf b; } > log', has: [{ argv: ['rm', '-rf', 'b'] }] },
  { cmd: 'if test -f x; then rm x; elif true; then rm y; else rm z; fi', has: [{ argv: ['test', '-f', 'x'] }, { argv: ['rm', 'x'] }, { argv: ['true'] }, { argv: ['rm', 'y'] }, { argv: ['rm', 'z'] }] },
  // a short literal list: the body once per value
  { cmd: 'for i in 1 2; do rm "$i"; done', has: [{ argv: ['rm', '1'] }, { argv: ['rm', '2'] }] },
  { cmd: 'for f in *.log; do rm "$f"; done', has: [{ argv: ['rm', '*.log'] }] },
  { cmd: 'for f in a b $X; do rm "$f"; done', has: [{ argv: ['rm', '$f'], dynamic: [false, true] }] },
  { cmd: 'for i in only; do rm "$i"; done', has: [{ argv: ['rm', 'only'] }] },
  { cmd: 'while true; do sleep 1; done; until false; do date; done', has: [{ argv: ['sleep', '1'] }, { argv: ['date'] }] },
  { cmd: 'case $x in a) rm a;; *) rm b;; esac', has: [{ argv: ['rm', 'a'] }, { argv: ['rm', 'b'] }] },
  { cmd: 'f() { terraform destroy -auto-approve; }; f', has: [{ argv: TERRAFORM_DESTROY, via: ['f()'] }] },
  { cmd: 'function g { rm -rf "$1"; }; g /srv', has: [{ argv: ['rm', '-rf', '/srv'], via: ['g()'] }] },
  { cmd: 'never() { rm -rf /; }; echo ok', has: [{ argv: ['echo', 'ok'] }], not: [['rm', '-rf', '/']] },
  { cmd: 'run() { "$@"; }; run terraform destroy -auto-approve', has: [{ argv: TERRAFORM_DESTROY, via: ['run()'] }] },
  { cmd: 'echo $(terraform destroy -auto-approve)', has: [{ argv: TERRAFORM_DESTROY, via: ['$( )'] }] },
  { cmd: 'echo `rm -rf x`', has: [{ argv: ['rm', '-rf', 'x'], via: ['` `'] }] },
  { cmd: 'diff <(terraform state pull) >(rm -rf y)', has: [{ argv: ['terraform', 'state', 'pull'], via: ['process substitution'] }, { argv: ['rm', '-rf', 'y'] }] },
  { cmd: '[[ -n $(rm -rf z) ]]', has: [{ argv: ['rm', '-rf', 'z'] }] },
  { cmd: 'time terraform destroy -auto-approve', has: [{ argv: TERRAFORM_DESTROY, via: ['time'] }] },
  { cmd: 'ls | grep x | wc -l', has: [{ argv: ['ls'] }, { argv: ['grep', 'x'], stdin: { kind: 'pipe' } }, { argv: ['wc', '-l'], stdin: { kind: 'pipe' } }] },

  // --- quotes, escapes, obfuscation ----------------------------------------------------------------
  { cmd: "t''erraform destroy", has: [{ argv: ['terraform', 'destroy'] }] },
  { cmd: '\\terraform destroy', has: [{ argv: ['terraform', 'destroy'] }] },
  { cmd: '"terraform" "destroy"', has: [{ argv: ['terraform', 'destroy'] }] },
  { cmd: "$'\\x74\\x65rraform' destroy", has: [{ argv: ['terraform', 'destroy'] }] },
  { cmd: "$'\\164\\u0065rraform' destroy", has: [{ argv: ['terraform', 'destroy'] }] },
  { cmd: '$"terraform" destroy', has: [{ argv: ['terraform', 'destroy'] }] },
  { cmd: 'te\\\nrraform destroy', has: [{ argv: ['terraform', 'destroy'] }] },
  { cmd: '/usr/local/bin/terraform destroy', has: [{ argv: ['/usr/local/bin/terraform', 'destroy'] }] },
  { cmd: 'X=terraform; $X destroy', has: [{ argv: ['terraform', 'destroy'] }] },
  { cmd: 'export X=terraform Y=destroy; ${X} "$Y"', has: [{ argv: ['terraform', 'destroy'], env: { X: 'terraform', Y: 'destroy' } }] },
  { cmd: 'declare -r T=terraform; local D=destroy; $T $D', has: [{ argv: ['terraform', 'destroy'] }] },
  { cmd: 'C="terraform destroy"; $C -auto-approve', has: [{ argv: TERRAFORM_DESTROY }] },
  { cmd: 'C="terraform destroy"; "$C"', has: [{ argv: ['terraform destroy'] }] },
  { cmd: '${TOOL:-terraform} destroy', has: [{ argv: ['terraform', 'destroy'], dynamic: [true, false] }], issues: ['dynamic-command'] },
  { cmd: 'rm -rf ${TMPDIR:-/tmp}/build', has: [{ argv: ['rm', '-rf', '/tmp/build'], dynamic: [false, false, true] }] },
  { cmd: "$'\\U00110000' -rf /", has: [{ argv: ["$'\\U00110000'", '-rf', '/'], dynamic: [true, false, false] }], issues: ['dynamic-command'] },
  { cmd: '/usr/bin/r? -rf /srv', has: [{ argv: ['/usr/bin/r?', '-rf', '/srv'], dynamic: [true, false, false] }], issues: ['dynamic-command'] },
  { cmd: '/*/bin/git status', has: [{ argv: ['/*/bin/git', 'status'], dynamic: [false, false] }] },
  { cmd: '[ -x /usr/bin/rm ] && echo exists', has: [{ argv: ['[', '-x', '/usr/bin/rm', ']'] }] },
  { cmd: "'/usr/bin/r*' x", has: [{ argv: ['/usr/bin/r*', 'x'], dynamic: [false, false] }] },
  { cmd: 'busybox rm -rf /srv', has: [{ argv: ['rm', '-rf', '/srv'], via: ['busybox'] }] },
  { cmd: 'T=tofu; ${T:-terraform} destroy', has: [{ argv: ['tofu', 'destroy'] }] },
  { cmd: 'A=terra; B=form; $A$B destroy', has: [{ argv: ['terraform', 'destroy'] }] },
  { cmd: 'X=ter; X+=raform; $X destroy', has: [{ argv: ['terraform', 'destroy'] }] },
  { cmd: '$(echo terraform) destroy', has: [{ argv: ['terraform', 'destroy'] }] },
  { cmd: '`printf terra%s form` destroy', has: [{ argv: ['terraform', 'destroy'] }] },
  // pieced together from output and text: resolved for the rules, and an issue (a name hidden on purpose)
  { cmd: 'terra$(echo form) destroy', has: [{ argv: ['terraform', 'destroy'] }], issues: ['dynamic-command'] },
  { cmd: 'rm -rf /tmp/{a,b}', has: [{ argv: ['rm', '-rf', '/tmp/a', '/tmp/b'] }] },
  { cmd: 'echo "{a,b}" x{1..3}', has: [{ argv: ['echo', '{a,b}', 'x1', 'x2', 'x3'] }] },
  { cmd: 'rm -rf *.tfstate ~/x', has: [{ argv: ['rm', '-rf', '*.tfstate', '~/x'], dynamic: [false, false, false, false] }] },
  { cmd: 'rm -rf "$HOME/"', has: [{ argv: ['rm', '-rf', '$HOME/'], dynamic: [false, false, true] }] },

  { cmd: "alias tf='terraform'\ntf destroy -auto-approve", has: [{ argv: ['tf', 'destroy', '-auto-approve'] }, { argv: TERRAFORM_DESTROY, via: ['alias tf'] }] },
  { cmd: "alias python3='bash -s'; python3 - <<'PY'\nrm -rf /srv\nPY", has: [{ argv: ['rm', '-rf', '/srv'], via: ['alias python3', 'bash'] }] },

  // --- dynamic command names -----------------------------------------------------------------------
  { cmd: '$CMD destroy', has: [{ argv: ['$CMD', 'destroy'], dynamic: [true, false] }], issues: ['dynamic-command'] },
  { cmd: '$(get-tool) destroy -auto-approve', has: [{ argv: ['get-tool'] }, { argv: ['$(get-tool)', 'destroy', '-auto-approve'] }], issues: ['dynamic-command'] },
  { cmd: '${!ref} x', has: [{ argv: ['${!ref}', 'x'] }], issues: ['dynamic-command'] },
  { cmd: 'X=$(cat f); $X destroy', has: [{ argv: ['cat', 'f'] }, { argv: ['$X', 'destroy'] }], issues: ['dynamic-command'] },

  // --- env prefixes, redirects, stdin --------------------------------------------------------------
  { cmd: 'TF_CLI_ARGS=-auto-approve terraform apply', has: [{ argv: ['terraform', 'apply'], env: { TF_CLI_ARGS: '-auto-approve' } }] },
  { cmd: 'psql -f x.sql < in.sql', has: [{ argv: ['psql', '-f', 'x.sql'], stdin: { kind: 'file', path: 'in.sql' } }] },
  { cmd: 'psql <<EOF\nDROP TABLE users;\nEOF', has: [{ argv: ['psql'], stdin: { kind: 'heredoc', text: 'DROP TABLE users;\n' } }] },
  { cmd: "psql <<'EOF'\nDELETE FROM t WHERE x = '$y';\nEOF", has: [{ argv: ['psql'], stdin: { kind: 'heredoc', text: "DELETE FROM t WHERE x = '$y';\n" } }] },
  { cmd: 'T=users; psql <<EOF\nDROP TABLE $T;\nEOF', has: [{ argv: ['psql'], stdin: { kind: 'heredoc', text: 'DROP TABLE users;\n' } }] },
  { cmd: 'psql <<EOF\nDROP TABLE users;', has: [{ argv: ['psql'], stdin: { kind: 'heredoc', text: 'DROP TABLE users;\n' } }] },
  { cmd: "cat <<'EOF'\nharmless body", has: [{ argv: ['cat'], stdin: { kind: 'heredoc', text: 'harmless body\n' } }] },
  { cmd: 'mysql <<< "DROP DATABASE prod"', has: [{ argv: ['mysql'], stdin: { kind: 'herestring', text: 'DROP DATABASE prod\n' } }] },
  { cmd: 'echo "FLUSHALL" | redis-cli', has: [{ argv: ['redis-cli'], stdin: { kind: 'pipe', text: 'FLUSHALL\n' } }] },
  { cmd: "printf 'DROP TABLE %s;\\n' users | psql", has: [{ argv: ['psql'], stdin: { kind: 'pipe', text: 'DROP TABLE users;\n' } }] },
  { cmd: 'cat <<EOF | psql\nTRUNCATE t;\nEOF', has: [{ argv: ['psql'], stdin: { kind: 'pipe', text: 'TRUNCATE t;\n' } }] },
  { cmd: 'cat drop.sql | psql', files: { 'drop.sql': 'DROP SCHEMA s;' }, has: [{ argv: ['psql'], stdin: { kind: 'pipe', text: 'DROP SCHEMA s;' } }] },
  { cmd: 'generate | psql', has: [{ argv: ['psql'], stdin: { kind: 'pipe' } }] },
  { cmd: 'terraform show -json > plan.json 2>&1', has: [{ argv: ['terraform', 'show', '-json'] }] },

  // --- text is not a command -----------------------------------------------------------------------
  { cmd: 'git commit -m "never run terraform destroy"', has: [{ argv: ['git', 'commit', '-m', 'never run terraform destroy'] }], not: [['terraform', 'destroy']] },
  { cmd: 'grep -r "DROP TABLE" .', has: [{ argv: ['grep', '-r', 'DROP TABLE', '.'] }] },
  { cmd: 'echo "rm -rf /"', has: [{ argv: ['echo', 'rm -rf /'] }], not: [['rm', '-rf', '/']] },
  { cmd: "echo 'terraform destroy' > notes.txt", has: [{ argv: ['echo', 'terraform destroy'] }], not: [['terraform', 'destroy']] },
  { cmd: 'cat <<EOF > README.md\nrun terraform destroy -auto-approve to clean up\nEOF', has: [{ argv: ['cat'] }], not: [['terraform', 'destroy', '-auto-approve']] },

  // --- shells, eval, base64, remote code -----------------------------------------------------------
  { cmd: 'bash -c "terraform destroy -auto-approve"', has: [{ argv: TERRAFORM_DESTROY, via: ['bash -c'] }] },
  { cmd: "sh -lc 'cd infra; terraform destroy -auto-approve'", has: [{ argv: TERRAFORM_DESTROY, via: ['sh -c'] }] },
  { cmd: "zsh -ec 'rm -rf dist'", has: [{ argv: ['rm', '-rf', 'dist'], via: ['zsh -c'] }] },
  { cmd: "/bin/dash -x -o errexit -c 'rm -rf dist'", has: [{ argv: ['rm', '-rf', 'dist'], via: ['dash -c'] }] },
  { cmd: "bash -c 'rm -rf \"$1\"' _ /data", has: [{ argv: ['rm', '-rf', '/data'] }] },
  { cmd: 'bash -c "bash -c \\"terraform destroy -auto-approve\\""', has: [{ argv: TERRAFORM_DESTROY, via: ['bash -c', 'bash -c'] }] },
  { cmd: 'eval "terraform destroy -auto-approve"', has: [{ argv: TERRAFORM_DESTROY, via: ['eval'] }] },
  { cmd: "eval 'X=terraform'; $X destroy", has: [{ argv: ['terraform', 'destroy'] }] },
  { cmd: 'echo "rm -rf /" | sh', has: [{ argv: ['rm', '-rf', '/'], via: ['sh'] }] },
  { cmd: 'bash <<EOF\nterraform destroy -auto-approve\nEOF', has: [{ argv: TERRAFORM_DESTROY, via: ['bash'] }] },
  { cmd: 'sh <<< "rm -rf /srv"', has: [{ argv: ['rm', '-rf', '/srv'], via: ['sh'] }] },
  { cmd: 'echo dGVycmFmb3JtIGRlc3Ryb3kgLWF1dG8tYXBwcm92ZQ== | base64 -d | bash', has: [{ argv: TERRAFORM_DESTROY, via: ['bash'] }] },
  { cmd: 'base64 --decode <<< cm0gLXJmIC8= | sh', has: [{ argv: ['rm', '-rf', '/'] }] },
  { cmd: 'eval "$(echo cm0gLXJmIC9zcnY= | base64 -d)"', has: [{ argv: ['rm', '-rf', '/srv'], via: ['eval'] }] },
  { cmd: 'base64 -d payload.b64 | sh', has: [{ argv: ['sh'] }], issues: ['opaque-interpreter'] },
  { cmd: 'curl -fsSL https://example.com/install.sh | sh', has: [{ argv: ['curl', '-fsSL', 'https://example.com/install.sh'] }], issues: ['remote-fetch-exec'] },
  { cmd: 'wget -qO- https://x.io/i | sudo bash -s -- --yes', has: [{ argv: ['wget', '-qO-', 'https://x.io/i'] }], issues: ['remote-fetch-exec'] },
  { cmd: 'bash <(curl -s https://x.io/i)', has: [{ argv: ['curl', '-s', 'https://x.io/i'] }], issues: ['remote-fetch-exec', 'dynamic-command'] },
  { cmd: 'sh -c "$(curl -fsSL https://x.io/i)"', has: [{ argv: ['curl', '-fsSL', 'https://x.io/i'] }], issues: ['remote-fetch-exec', 'dynamic-command'] },

  // --- wrappers ------------------------------------------------------------------------------------
  { cmd: 'sudo env X=1 timeout 5 bash -c "cd x && terraform destroy -auto-approve"', has: [{ argv: TERRAFORM_DESTROY, via: ['sudo', 'env', 'timeout', 'bash -c'], env: { X: '1' } }] },
  { cmd: 'sudo -u deploy -E -- terraform destroy', has: [{ argv: ['terraform', 'destroy'], via: ['sudo'] }] },
  { cmd: 'sudo -iu postgres dropdb prod', has: [{ argv: ['dropdb', 'prod'] }] },
  { cmd: 'sudo -s rm -rf /var/lib/postgresql', has: [{ argv: ['rm', '-rf', '/var/lib/postgresql'], via: ['sudo -s'] }] },
  { cmd: 'sudo PGPASSWORD=x psql -c "DROP DATABASE d"', has: [{ argv: ['psql', '-c', 'DROP DATABASE d'], env: { PGPASSWORD: 'x' } }] },
  { cmd: 'sudo -l', has: [{ argv: ['sudo', '-l'] }] },
  { cmd: 'doas -u root rm -rf /srv', has: [{ argv: ['rm', '-rf', '/srv'], via: ['doas'] }] },
  { cmd: 'env -i -u HOME PATH=/bin TF_CLI_ARGS_apply=-auto-approve terraform apply', has: [{ argv: ['terraform', 'apply'], env: { PATH: '/bin', TF_CLI_ARGS_apply: '-auto-approve' } }] },
  { cmd: 'env -S "terraform destroy -auto-approve"', has: [{ argv: TERRAFORM_DESTROY, via: ['env -S'] }] },
  { cmd: 'env -iS "terraform destroy -auto-approve"', has: [{ argv: TERRAFORM_DESTROY, via: ['env -S'] }] },
  { cmd: "env -vS'terraform destroy -auto-approve'", has: [{ argv: TERRAFORM_DESTROY, via: ['env -S'] }] },
  // the command's own flags containing an S are not env's -S (`curl -fsSL`, `-XPOST`)
  { cmd: 'env X=1 curl -fsSL https://example.com/x -o x', has: [{ argv: ['curl', '-fsSL', 'https://example.com/x', '-o', 'x'], via: ['env'] }] },
  { cmd: 'env -u HOME terraform destroy -Sx', has: [{ argv: ['terraform', 'destroy', '-Sx'], via: ['env'] }] },
  { cmd: 'command terraform destroy', has: [{ argv: ['terraform', 'destroy'], via: ['command'] }] },
  { cmd: 'command -v terraform', has: [{ argv: ['command', '-v', 'terraform'] }], not: [['terraform']] },
  { cmd: 'builtin exec -a x nohup terraform destroy', has: [{ argv: ['terraform', 'destroy'], via: ['builtin', 'exec', 'nohup'] }] },
  { cmd: 'timeout -s KILL -k 10 5m terraform destroy', has: [{ argv: ['terraform', 'destroy'], via: ['timeout'] }] },
  { cmd: 'timeout --preserve-status 30 rm -rf x', has: [{ argv: ['rm', '-rf', 'x'] }] },
  { cmd: 'nice -n 10 ionice -c 3 -n7 stdbuf -oL -e 0 terraform destroy', has: [{ argv: ['terraform', 'destroy'], via: ['nice', 'ionice', 'stdbuf'] }] },
  { cmd: 'nice -5 rm -rf x', has: [{ argv: ['rm', '-rf', 'x'] }] },
  { cmd: '/usr/bin/time -f %e rm -rf x', has: [{ argv: ['rm', '-rf', 'x'], via: ['time'] }] },
  { cmd: 'watch -n 5 "kubectl delete pod x"', has: [{ argv: ['kubectl', 'delete', 'pod', 'x'], via: ['watch'] }] },
  { cmd: 'watch -x rm -rf x', has: [{ argv: ['rm', '-rf', 'x'], via: ['watch'] }] },

  { cmd: 'aws-vault exec prod -- terraform destroy -auto-approve', has: [{ argv: TERRAFORM_DESTROY, via: ['aws-vault exec'] }] },
  { cmd: 'aws-vault exec prod -d 1h terraform destroy -auto-approve', has: [{ argv: TERRAFORM_DESTROY, via: ['aws-vault exec'] }] },
  { cmd: 'op run --env-file .env -- terraform apply -auto-approve', has: [{ argv: ['terraform', 'apply', '-auto-approve'], via: ['op run'] }] },
  { cmd: 'doppler run -p api -- rails db:drop', has: [{ argv: ['rails', 'db:drop'], via: ['doppler run'] }] },
  { cmd: "doppler run --command 'rails db:drop'", has: [{ argv: ['rails', 'db:drop'] }] },
  { cmd: 'infisical run --env=prod -- consul kv delete -recurse app/', has: [{ argv: ['consul', 'kv', 'delete', '-recurse', 'app/'], via: ['infisical run'] }] },
  { cmd: "infisical run --command 'consul kv delete -recurse app/'", has: [{ argv: ['consul', 'kv', 'delete', '-recurse', 'app/'] }] },
  { cmd: 'npx -y prisma migrate reset --force', has: [{ argv: ['prisma', 'migrate', 'reset', '--force'], via: ['npx'] }] },
  { cmd: 'pnpm exec prisma db push --force-reset', has: [{ argv: ['prisma', 'db', 'push', '--force-reset'], via: ['pnpm exec'] }] },
  { cmd: 'poetry run python manage.py flush --no-input', has: [{ argv: ['python', 'manage.py', 'flush', '--no-input'], via: ['poetry run'] }] },
  { cmd: 'uv run --with rich python -c "import shutil; shutil.rmtree(\'/srv\')"', has: [{ argv: ['rm', '-rf', '/srv'], via: ['uv run', 'python -c'] }] },
  { cmd: 'bundle exec rails db:reset', has: [{ argv: ['rails', 'db:reset'], via: ['bundle exec'] }] },
  { cmd: 'strace -f -o trace.log rm -rf /srv', has: [{ argv: ['rm', '-rf', '/srv'], via: ['strace'] }] },
  { cmd: 'gosu postgres dropdb prod', has: [{ argv: ['dropdb', 'prod'], via: ['gosu'] }] },
  { cmd: 'systemd-run --unit x -p User=a rm -rf /srv', has: [{ argv: ['rm', '-rf', '/srv'], via: ['systemd-run'] }] },

  // --- xargs / find --------------------------------------------------------------------------------
  { cmd: 'echo a b | xargs rm -rf', has: [{ argv: ['xargs', 'rm', '-rf'] }, { argv: ['rm', '-rf', 'a', 'b'], via: ['xargs'] }] },
  { cmd: 'ls | xargs -0 -P4 -n 1 rm -f', has: [{ argv: ['rm', '-f', '{xargs-input}'], dynamic: [false, false, true] }] },
  { cmd: "printf 'a\\nb\\n' | xargs -I{} mv {} {}.bak", has: [{ argv: ['mv', 'a', 'a.bak'] }, { argv: ['mv', 'b', 'b.bak'] }] },
  // input pasted into a shell string: a file name becomes code (ask), and the command is still seen
  { cmd: 'find . -name x | xargs -I % sh -c "rm -rf %"', has: [{ argv: ['rm', '-rf', '$XARGS_ITEM'], dynamic: [false, false, true], via: ['xargs', 'sh -c'] }], issues: ['dynamic-command'] },
  { cmd: 'find . -name x | xargs -I{} mv {} /backup/', has: [{ argv: ['mv', '$XARGS_ITEM', '/backup/'], dynamic: [false, true, false] }] },
  { cmd: 'xargs -a list.txt rm', files: { 'list.txt': 'one two\n' }, has: [{ argv: ['rm', 'one', 'two'] }] },
  { cmd: 'find . -name "*.tfstate" -exec rm -f {} \\;', has: [{ argv: ['find', '.', '-name', '*.tfstate', '-exec', 'rm', '-f', '{}', ';'] }, { argv: ['rm', '-f', '{}'], dynamic: [false, false, true], via: ['find -exec'] }] },
  { cmd: 'find / -type d -execdir rm -rf {} + -ok shred {} ;', has: [{ argv: ['rm', '-rf', '{}'], via: ['find -execdir'] }, { argv: ['shred', '{}'], via: ['find -ok'] }] },
  { cmd: 'find . -name "*.log" -delete', has: [{ argv: ['find', '.', '-name', '*.log', '-delete'] }] },

  // --- remote and containers -----------------------------------------------------------------------
  { cmd: "ssh prod 'cd /srv && terraform destroy -auto-approve'", has: [{ argv: ['ssh', 'prod', 'cd /srv && terraform destroy -auto-approve'] }, { argv: TERRAFORM_DESTROY, via: ['ssh prod'] }] },
  { cmd: 'ssh -i key -p 22 -o StrictHostKeyChecking=no admin@db psql -c "\'DROP DATABASE x\'"', has: [{ argv: ['psql', '-c', 'DROP DATABASE x'], via: ['ssh admin@db'] }] },
  { cmd: 'ssh host <<EOF\nrm -rf /data\nEOF', has: [{ argv: ['rm', '-rf', '/data'], via: ['ssh host'] }] },
  { cmd: 'docker exec -it -u root -e X=1 db psql -c "DROP TABLE t"', has: [{ argv: ['psql', '-c', 'DROP TABLE t'], via: ['docker exec db'] }] },
  { cmd: "podman exec ctr sh -c 'rm -rf /var/lib/mysql'", has: [{ argv: ['rm', '-rf', '/var/lib/mysql'], via: ['podman exec ctr', 'sh -c'] }] },
  { cmd: 'docker compose exec -T db dropdb app', has: [{ argv: ['dropdb', 'app'], via: ['docker compose exec db'] }] },
  { cmd: 'docker run --rm -v /:/host alpine rm -rf /host/data', has: [{ argv: ['rm', '-rf', '/host/data'], via: ['docker run alpine'] }] },
  { cmd: 'docker ps', has: [{ argv: ['docker', 'ps'] }] },
  { cmd: 'kubectl exec -n prod -c app pod-1 -- rm -rf /data', has: [{ argv: ['rm', '-rf', '/data'], via: ['kubectl exec pod-1'] }] },
  { cmd: "kubectl -n prod exec -it deploy/api -- sh -c 'redis-cli FLUSHALL'", has: [{ argv: ['redis-cli', 'FLUSHALL'], via: ['kubectl exec deploy/api', 'sh -c'] }] },

  // --- interpreter one-liners ----------------------------------------------------------------------
  { cmd: "python3 -c 'import os; os.system(\"terraform destroy -auto-approve\")'", has: [{ argv: TERRAFORM_DESTROY, via: ['python3 -c'] }] },
  { cmd: "python -c 'import subprocess; subprocess.run([\"terraform\", \"destroy\", \"-auto-approve\"])'", has: [{ argv: TERRAFORM_DESTROY }] },
  { cmd: "python3 -c 'import subprocess; subprocess.check_output(\"rm -rf /srv\", shell=True)'", has: [{ argv: ['rm', '-rf', '/srv'] }] },
  { cmd: "python3 -c 'import shutil; shutil.rmtree(\"/var/lib/postgresql\")'", has: [{ argv: ['rm', '-rf', '/var/lib/postgresql'] }] },
  { cmd: "python3 -c 'import os; os.remove(\"terraform.tfstate\")'", has: [{ argv: ['rm', 'terraform.tfstate'] }] },
  { cmd: "python3 -c 'import shutil,sys; shutil.rmtree(sys.argv[1])' /data", has: [{ argv: ['rm', '-rf', '$(sys.argv[1])'], dynamic: [false, false, true] }] },
  { cmd: "python -c 'print(1)'", has: [{ argv: ['python', '-c', 'print(1)'] }] },
  { cmd: "python3 -c 'import os; os.system(cmd)'", has: [{ argv: ['python3', '-c', 'import os; os.system(cmd)'] }], issues: ['opaque-interpreter'] },
  { cmd: 'python3 - <<EOF\nimport shutil\nshutil.rmtree("build")\nEOF', has: [{ argv: ['rm', '-rf', 'build'], via: ['python3 <stdin>'] }] },
  { cmd: "node -e 'require(\"child_process\").execSync(\"terraform destroy -auto-approve\")'", has: [{ argv: TERRAFORM_DESTROY, via: ['node -e'] }] },
  { cmd: "node -e 'const {spawnSync}=require(\"child_process\"); spawnSync(\"rm\", [\"-rf\", \"/srv\"])'", has: [{ argv: ['rm', '-rf', '/srv'] }] },
  { cmd: "node -e 'require(\"fs\").rmSync(\"data\", {recursive: true, force: true})'", has: [{ argv: ['rm', '-rf', 'data'] }] },
  { cmd: "node -e 'require(\"fs\").unlinkSync(\"terraform.tfstate\")'", has: [{ argv: ['rm', 'terraform.tfstate'] }] },
  { cmd: "node -e 'console.log(/x/.exec(\"rm -rf /\"))'", has: [{ argv: ['node', '-e', 'console.log(/x/.exec("rm -rf /"))'] }], not: [['rm', '-rf', '/']] },
  { cmd: "perl -e 'system(\"rm -rf /srv\")'", has: [{ argv: ['rm', '-rf', '/srv'], via: ['perl -e'] }] },
  { cmd: "perl -e 'system(\"rm\", \"-rf\", \"/srv\")'", has: [{ argv: ['rm', '-rf', '/srv'] }] },
  { cmd: "perl -e 'unlink \"terraform.tfstate\"'", has: [{ argv: ['rm', 'terraform.tfstate'] }] },
  { cmd: "perl -E 'my $x = `dropdb prod`;'", has: [{ argv: ['dropdb', 'prod'] }] },
  { cmd: "ruby -e 'system(\"terraform destroy -auto-approve\")'", has: [{ argv: TERRAFORM_DESTROY, via: ['ruby -e'] }] },
  { cmd: "ruby -e 'require \"fileutils\"; FileUtils.rm_rf(\"/data\")'", has: [{ argv: ['rm', '-rf', '/data'] }] },
  { cmd: "ruby -e 'File.delete(\"prod.sqlite3\")'", has: [{ argv: ['rm', 'prod.sqlite3'] }] },
  { cmd: "ruby -e 'puts %x(rm -rf tmp)'", has: [{ argv: ['rm', '-rf', 'tmp'] }] },
  { cmd: "php -r 'shell_exec(\"rm -rf /srv\");'", has: [{ argv: ['rm', '-rf', '/srv'], via: ['php -r'] }] },
  { cmd: 'python3 manage.py flush', has: [{ argv: ['python3', 'manage.py', 'flush'] }] },

  { cmd: "awk 'BEGIN { system(\"rm -rf /srv\") }'", has: [{ argv: ['rm', '-rf', '/srv'], via: ['awk'] }] },
  { cmd: "awk '{ print $1 | \"sh\" }' cmds.txt", has: [{ argv: ['awk', '{ print $1 | "sh" }', 'cmds.txt'] }], issues: ['opaque-interpreter'] },
  { cmd: "awk -F: '{ print $1 }' /etc/passwd", has: [{ argv: ['awk', '-F:', '{ print $1 }', '/etc/passwd'] }] },
  { cmd: 'su - postgres -c "dropdb prod"', has: [{ argv: ['dropdb', 'prod'], via: ['su -c'] }] },
  { cmd: 'runuser -u app -- rm -rf /srv', has: [{ argv: ['rm', '-rf', '/srv'], via: ['runuser'] }] },
  { cmd: "printf 'rm -rf /srv\\n' | parallel", has: [{ argv: ['rm', '-rf', '/srv'], via: ['parallel'] }], issues: ['dynamic-command'] },
  { cmd: "parallel ::: 'rm -rf /srv'", has: [{ argv: ['rm', '-rf', '/srv'], via: ['parallel'] }] },
  { cmd: 'echo /srv | parallel bash -c "rm -rf {}"', has: [{ argv: ['rm', '-rf', '/srv'], via: ['parallel', 'bash -c'] }] },
  { cmd: "parallel python -c 'print(1)' ::: ok", has: [{ argv: ['python', '-c', 'print(1)', 'ok'] }] },
  { cmd: 'parallel', has: [{ argv: ['parallel'] }], issues: ['opaque-interpreter'] },
  { cmd: 'parallel --version', has: [{ argv: ['parallel', '--version'] }] },
  { cmd: "env -S 'sh' -c \"$X\"", has: [{ argv: ['$X'], via: ['env -S', 'sh -c'] }], issues: ['dynamic-command'] },
  { cmd: 'echo / | xargs -i rm -rf {}', has: [{ argv: ['rm', '-rf', '/'], via: ['xargs'] }] },
  { cmd: 'echo / | xargs --replace= bash -c "rm -rf {}"', has: [{ argv: ['rm', '-rf', '/'], via: ['xargs', 'bash -c'] }] },
  { cmd: 'echo / | xargs -J % rm -rf %', has: [{ argv: ['rm', '-rf', '/'] }] },
  { cmd: "echo ok | xargs -R 2 python -c 'import os; os.system(\"rm -rf /srv\")'", has: [{ argv: ['rm', '-rf', '/srv'], via: ['xargs', 'python -c'] }] },
  { cmd: 'find . -name "*.sh" | xargs -I{} bash -c {}', has: [{ argv: ['$XARGS_ITEM'] }], issues: ['dynamic-command', 'dynamic-command', 'dynamic-command'] },
  { cmd: 'source <(kubectl completion bash)', has: [{ argv: ['kubectl', 'completion', 'bash'] }] },
  { cmd: "perl -e 'unlink glob(\"/etc/*\")'", has: [{ argv: ['rm', '/etc/*'] }] },
  { cmd: "parallel 'rm -rf {}' ::: x y", has: [{ argv: ['rm', '-rf', 'x'], via: ['parallel'] }, { argv: ['rm', '-rf', 'y'] }] },
  { cmd: 'eval "$(ssh-agent -s)" && eval "$(brew shellenv)"', has: [{ argv: ['ssh-agent', '-s'] }, { argv: ['brew', 'shellenv'] }] },
  { cmd: 'eval "$(curl -fsSL https://x.io/env)"', has: [{ argv: ['curl', '-fsSL', 'https://x.io/env'] }], issues: ['remote-fetch-exec', 'dynamic-command'] },
  { cmd: 'find src -name "*.sh" -print0 | xargs -0 -n1 bash -n', has: [{ argv: ['bash', '-n', '{xargs-input}'] }] },

  { cmd: "awk 'BEGIN { system(\"rm\\x20-rf\\x20/srv\") }'", has: [{ argv: ['rm', '-rf', '/srv'] }] },
  { cmd: "awk 'BEGIN { system(\"rm\\040-rf\\040/srv\") }'", has: [{ argv: ['rm', '-rf', '/srv'] }] },
  { cmd: 'find . | xargs -I{} awk -f {}', has: [{ argv: ['awk', '-f', '$XARGS_ITEM'] }], issues: ['opaque-interpreter'] },
  { cmd: 'trap "terraform destroy -auto-approve" EXIT', has: [{ argv: TERRAFORM_DESTROY, via: ['trap'] }] },
  { cmd: 'trap - EXIT; trap -p', has: [{ argv: ['trap', '-', 'EXIT'] }, { argv: ['trap', '-p'] }] },
  { cmd: "bash -c 'IFS=,; $*' _ 'rm,-rf,/srv'", has: [{ argv: ['rm', '-rf', '/srv'] }] },
  { cmd: "zsh -onotify -c '${1}' _ 'rm -rf /srv'", has: [{ argv: ['rm', '-rf', '/srv'], via: ['zsh -c'] }] },
  { cmd: 'bash -Oextglob "$FILE"', has: [{ argv: ['bash', '-Oextglob', '$FILE'] }], issues: ['dynamic-command'] },
  { cmd: "python -vc 'import os; os.system(\"rm -rf /srv\")'", has: [{ argv: ['rm', '-rf', '/srv'] }] },
  { cmd: "node -pe 'require(\"child_process\").execSync(\"rm -rf /srv\")'", has: [{ argv: ['rm', '-rf', '/srv'] }] },
  { cmd: 'node --eval="require(\'child_process\').execSync(\'dropdb prod\')"', has: [{ argv: ['dropdb', 'prod'] }] },
  { cmd: 'ls | xargs -I{} python3 {}', has: [{ argv: ['python3', '$XARGS_ITEM'] }], issues: ['opaque-interpreter'] },
  { cmd: 'python3 -m http.server', has: [{ argv: ['python3', '-m', 'http.server'] }] },
  // code held in a variable is only known when it runs, like bash -c "$CMD" (a script path in a variable is not code)
  { cmd: 'python3 -c "$CODE"; node "$SCRIPT"; awk "$PROGRAM" f', has: [{ argv: ['python3', '-c', '$CODE'] }, { argv: ['node', '$SCRIPT'] }], issues: ['opaque-interpreter'] },
  { cmd: 'ls | xargs -I{} node --require {} -e 1', has: [{ argv: ['node', '--require', '$XARGS_ITEM', '-e', '1'] }], issues: ['opaque-interpreter'] },
  { cmd: 'parallel node --title {} app.js ::: a', has: [{ argv: ['node', '--title', 'a', 'app.js'] }] },
  { cmd: 'find . -fprintf out.txt -exec -name x', has: [{ argv: ['find', '.', '-fprintf', 'out.txt', '-exec', '-name', 'x'] }] },
  { cmd: 'python3 tools/clean.py --all', files: { 'tools/clean.py': 'import shutil\nshutil.rmtree("/srv/data")\n' }, has: [{ argv: ['rm', '-rf', '/srv/data'], via: ['python3 tools/clean.py'] }] },

  { cmd: 'parallel --nice 10 -j4 git reset --hard ::: HEAD', has: [{ argv: ['git', 'reset', '--hard', 'HEAD'], via: ['parallel'] }] },
  { cmd: "FOO='rm -rf /srv' parallel --env FOO sh -c '$FOO' ::: x", has: [{ argv: ['rm', '-rf', '/srv'], via: ['parallel', 'sh -c'] }] },
  { cmd: 'parallel {} arg', has: [{ argv: ['$XARGS_ITEM', 'arg'] }], issues: ['dynamic-command', 'dynamic-command'] },
  { cmd: 'parallel --dry-run rm -rf ::: /srv', has: [{ argv: ['parallel', '--dry-run', 'rm', '-rf', ':::', '/srv'] }], not: [['rm', '-rf', '/srv']] },
  { cmd: "watch sh -c 'git reset --hard'", has: [{ argv: ['git'], via: ['watch', 'sh -c'] }, { argv: ['git', 'reset', '--hard'], via: ['watch', 'sh -c'] }] },
  { cmd: "ssh host rm -rf '/srv/my data'", has: [{ argv: ['rm', '-rf', '/srv/my', 'data'], via: ['ssh host'] }, { argv: ['rm', '-rf', '/srv/my data'], via: ['ssh host'] }] },
  { cmd: 'git -c alias.nuke=reset nuke --hard', has: [{ argv: ['git', '-c', 'alias.nuke=reset', 'reset', '--hard'], via: ['git alias nuke'] }] },
  { cmd: "git -c 'alias.wipe=!rm -rf /srv' wipe", has: [{ argv: ['rm', '-rf', '/srv'], via: ['git alias wipe'] }] },
  { cmd: "GIT_SSH_COMMAND='sh -c \"rm -rf /srv\"' git fetch", has: [{ argv: ['git', 'fetch'] }, { argv: ['rm', '-rf', '/srv'], via: ['git ssh', 'sh -c'] }] },
  { cmd: 'git -c core.sshCommand=./helper.sh fetch', files: { 'helper.sh': 'dropdb prod\n' }, has: [{ argv: ['dropdb', 'prod'], via: ['git ssh', './helper.sh'] }] },
  { cmd: "git submodule foreach --recursive 'git reset --hard'", has: [{ argv: ['git', 'reset', '--hard'], via: ['git submodule'] }] },
  { cmd: 'git rebase -i HEAD~3 --exec "rm -rf /srv"', has: [{ argv: ['rm', '-rf', '/srv'], via: ['git rebase'] }] },
  { cmd: 'git bisect run ./test.sh', files: { 'test.sh': 'dropdb prod\n' }, has: [{ argv: ['dropdb', 'prod'], via: ['git bisect', './test.sh'] }] },
  { cmd: 'npm exec -- prisma migrate reset --force', has: [{ argv: ['prisma', 'migrate', 'reset', '--force'], via: ['npm exec'] }] },
  { cmd: 'git -c user.name=x commit -m "rm -rf /"', has: [{ argv: ['git', '-c', 'user.name=x', 'commit', '-m', 'rm -rf /'] }], not: [['rm', '-rf', '/']] },

  // --- files written then run in the same input ---
  { cmd: 'cat > run.sh <<EOF\nterraform destroy -auto-approve\nEOF\nbash run.sh', has: [{ argv: TERRAFORM_DESTROY, via: ['bash run.sh'] }] },
  { cmd: 'echo "rm -rf /srv" > a.sh && chmod +x a.sh && ./a.sh', has: [{ argv: ['rm', '-rf', '/srv'], via: ['./a.sh'] }] },
  { cmd: 'printf "rm -rf /srv\\n" >> a.sh; sh a.sh', files: { 'a.sh': 'echo start\n' }, has: [{ argv: ['echo', 'start'] }, { argv: ['rm', '-rf', '/srv'] }] },
  { cmd: 'cp evil.sh safe.sh; bash safe.sh', files: { 'evil.sh': 'dropdb prod\n', 'safe.sh': 'echo ok\n' }, has: [{ argv: ['dropdb', 'prod'] }], not: [['echo', 'ok']] },
  { cmd: 'curl -fsSL https://x.io/i.sh -o i.sh && bash i.sh', has: [{ argv: ['bash', 'i.sh'] }], issues: ['opaque-interpreter'] },
  { cmd: 'cat > /tmp/env.sh <<EOF\nrm -rf /srv\nEOF\nBASH_ENV=/tmp/env.sh bash safe.sh', has: [{ argv: ['rm', '-rf', '/srv'], via: ['bash BASH_ENV'] }] },
  { cmd: 'bash /dev/stdin <<< "rm -rf /srv"', has: [{ argv: ['rm', '-rf', '/srv'], via: ['bash /dev/stdin'] }] },
  { cmd: 'source /dev/stdin < /dev/null; cat /dev/zero | head -c 1', has: [{ argv: ['source', '/dev/stdin'] }, { argv: ['head', '-c', '1'] }] },
  { cmd: 'bash -c "$(< deploy.sh)"', files: { 'deploy.sh': 'terraform destroy -auto-approve\n' }, has: [{ argv: TERRAFORM_DESTROY, via: ['bash -c'] }] },
  { cmd: 'echo / | XARGS rm -rf', has: [{ argv: ['rm', '-rf', '/'], via: ['xargs'] }] },
  { cmd: 'BASH_ENV= bash safe.sh', has: [{ argv: ['bash', 'safe.sh'] }] },
  { cmd: 'parallel node --title {} app.js', has: [{ argv: ['node', '--title', '$XARGS_ITEM', 'app.js'] }] },
  { cmd: 'BASH_ENV="$STARTUP" bash safe.sh', has: [{ argv: ['bash', 'safe.sh'] }], issues: ['dynamic-command'] },
  { cmd: '. -p /tmp "$FILE"', has: [{ argv: ['.', '-p', '/tmp', '$FILE'] }], issues: ['dynamic-command'] },

  // --- script files --------------------------------------------------------------------------------
  { cmd: 'bash deploy.sh prod', files: { 'deploy.sh': 'set -e\nterraform workspace select "$1"\nterraform destroy -auto-approve\n' }, has: [{ argv: ['bash', 'deploy.sh', 'prod'] }, { argv: ['terraform', 'workspace', 'select', 'prod'], origin: { file: 'deploy.sh', line: 2 } }, { argv: TERRAFORM_DESTROY, via: ['bash deploy.sh'], origin: { file: 'deploy.sh', line: 3 } }] },
  { cmd: './scripts/clean.sh', files: { 'scripts/clean.sh': '#!/bin/sh\nrm -rf /var/backups\n' }, has: [{ argv: ['rm', '-rf', '/var/backups'], via: ['./scripts/clean.sh'], origin: { file: './scripts/clean.sh', line: 2 } }] },
  { cmd: './tool.py', files: { 'tool.py': '#!/usr/bin/env python3\nimport shutil\nshutil.rmtree("/srv/data")\n' }, has: [{ argv: ['rm', '-rf', '/srv/data'] }] },
  { cmd: 'source env.sh && $TF destroy', files: { 'env.sh': 'TF=terraform\n' }, has: [{ argv: ['terraform', 'destroy'] }] },
  { cmd: '. ./env.sh; cleanup', files: { 'env.sh': 'cleanup() { rm -rf /srv; }\n' }, has: [{ argv: ['rm', '-rf', '/srv'] }] },
  { cmd: 'bash missing.sh', has: [{ argv: ['bash', 'missing.sh'] }] },
  { cmd: 'cd infra && bash run.sh', files: { 'infra/run.sh': 'terraform destroy -auto-approve\n' }, has: [{ argv: TERRAFORM_DESTROY, origin: { file: 'run.sh', line: 1 } }] },
  { cmd: 'cat run.sh | bash', files: { 'run.sh': 'rm -rf /srv\n' }, has: [{ argv: ['rm', '-rf', '/srv'] }] },
  { cmd: 'bash < run.sh', files: { 'run.sh': 'rm -rf /srv\n' }, has: [{ argv: ['rm', '-rf', '/srv'] }] },
  {
    cmd: 'make',
    files: { Makefile: 'ENV = prod\nTF := terraform\n\nall: plan\n\n.PHONY: plan nuke\nplan:\n\t@$(TF) plan -var env=$(ENV)\nnuke:\n\t-$(TF) destroy -auto-approve\n' },
    has: [{ argv: ['make'] }, { argv: ['terraform', 'plan', '-var', 'env=prod'], via: ['make plan'], origin: { file: 'Makefile', line: 8 } }],
    not: [TERRAFORM_DESTROY],
  },
  {
    cmd: 'make nuke',
    files: { Makefile: 'TF := terraform\nall: plan\nplan:\n\t$(TF) plan\nnuke: clean\n\t-$(TF) destroy -auto-approve\nclean:\n\trm -rf .terraform\n' },
    has: [{ argv: ['rm', '-rf', '.terraform'], via: ['make clean'] }, { argv: TERRAFORM_DESTROY, via: ['make nuke'], origin: { file: 'Makefile', line: 6 } }],
  },
  { cmd: 'make deploy', files: { Makefile: 'deploy:\n\t$(MAKE) -C infra down\n', 'infra/Makefile': 'down:\n\tterraform destroy -auto-approve\n' }, has: [{ argv: TERRAFORM_DESTROY, via: ['make deploy', 'make down'], origin: { file: 'infra/Makefile', line: 2 } }] },
  { cmd: 'make -n nuke', files: { Makefile: 'nuke:\n\tterraform destroy\n' }, has: [{ argv: ['make', '-n', 'nuke'] }], not: [['terraform', 'destroy']] },
  { cmd: 'make -C infra down', files: { 'infra/Makefile': 'down:\n\tdocker compose down -v\n' }, has: [{ argv: ['docker', 'compose', 'down', '-v'], origin: { file: 'infra/Makefile', line: 2 } }] },
  {
    cmd: 'npm run reset',
    files: { 'package.json': JSON.stringify({ scripts: { prereset: 'echo start', reset: 'prisma migrate reset --force', postreset: 'rm -rf .cache' } }) },
    has: [{ argv: ['echo', 'start'] }, { argv: ['prisma', 'migrate', 'reset', '--force'], via: ['npm run reset'], origin: { file: 'package.json' } }, { argv: ['rm', '-rf', '.cache'] }],
  },
  { cmd: 'npm test', files: { 'package.json': JSON.stringify({ scripts: { test: 'node --test' } }) }, has: [{ argv: ['node', '--test'], via: ['npm run test'] }] },
  { cmd: 'yarn db:drop', files: { 'package.json': JSON.stringify({ scripts: { 'db:drop': 'rails db:drop' } }) }, has: [{ argv: ['rails', 'db:drop'], via: ['yarn run db:drop'] }] },
  { cmd: 'pnpm run nuke -- --force', files: { 'package.json': JSON.stringify({ scripts: { nuke: 'rm -rf dist' } }) }, has: [{ argv: ['rm', '-rf', 'dist', '--force'] }] },
  { cmd: 'bun run clean', files: { 'package.json': JSON.stringify({ scripts: { clean: 'npm run wipe', wipe: 'rm -rf /srv' } }) }, has: [{ argv: ['rm', '-rf', '/srv'], via: ['bun run clean', 'npm run wipe'] }] },
  // npm install in the project runs its own install lifecycle (preinstall, install, postinstall, prepare); a named package does not
  { cmd: 'npm install', files: { 'package.json': JSON.stringify({ scripts: { install: 'rm -rf x' } }) }, has: [{ argv: ['npm', 'install'] }, { argv: ['rm', '-rf', 'x'] }] },
  { cmd: 'npm install left-pad', files: { 'package.json': JSON.stringify({ scripts: { install: 'rm -rf x' } }) }, has: [{ argv: ['npm', 'install', 'left-pad'] }], not: [['rm', '-rf', 'x']] },
];

function matches(c: SimpleCommand, e: Expect): boolean {
  if (JSON.stringify(c.argv) !== JSON.stringify(e.argv)) return false;
  if (e.via && JSON.stringify(c.via) !== JSON.stringify(e.via)) return false;
  if (e.dynamic && JSON.stringify(c.dynamic) !== JSON.stringify(e.dynamic)) return false;
  if (e.env && !Object.entries(e.env).every(([k, v]) => c.env[k] === v)) return false;
  if (e.origin && (c.origin?.file !== e.origin.file || (e.origin.line !== undefined && c.origin?.line !== e.origin.line))) return false;
  if (e.stdin) {
    const s = c.stdin as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(e.stdin)) if (s[k] !== v) return false;
  }
  return true;
}

for (const row of rows) {
  test(`shell: ${row.cmd.replace(/\n/g, '\\n')}`, () => {
    const r = analyze(row.cmd, row.files);
    const seen = JSON.stringify(r.commands.map((c) => ({ argv: c.argv, via: c.via, dynamic: c.dynamic, env: c.env, origin: c.origin, stdin: c.stdin.kind === 'pipe' ? { kind: 'pipe', text: c.stdin.text } : c.stdin })), null, 1);
    for (const e of row.has) {
      assert.ok(r.commands.some((c) => matches(c, e)), `expected ${JSON.stringify(e)}\nin ${seen}`);
    }
    for (const n of row.not ?? []) {
      assert.ok(!r.commands.some((c) => JSON.stringify(c.argv) === JSON.stringify(n)), `did not expect ${JSON.stringify(n)} in ${JSON.stringify(argvs(r))}`);
    }
    assert.deepEqual(kinds(r), row.issues ?? [], `issues: ${JSON.stringify(r.issues)}`);
    for (const i of r.issues) assert.notEqual(i.level, 'allow');
  });
}

test('shell: pipe stdin lists the upstream commands', () => {
  const r = analyze('curl -s x | tee f | sh');
  const sh = find(r, 'sh');
  assert.equal(sh.stdin.kind, 'pipe');
  assert.deepEqual(sh.stdin.kind === 'pipe' ? sh.stdin.from.map((c) => c.name) : [], ['curl', 'tee']);
});

test('shell: redirects keep operator, fd and resolved target', () => {
  const r = analyze('X=state; terraform state pull > "$X.tfstate" 2>>err.log &>/dev/null 3<&0');
  assert.deepEqual(find(r, 'terraform').redirects, [
    { op: '>', target: 'state.tfstate' },
    { op: '>>', fd: 2, target: 'err.log' },
    { op: '&>', target: '/dev/null' },
    { op: '<&', fd: 3, target: '0' },
  ]);
  const dyn = analyze('echo x > "$OUT"');
  assert.deepEqual(find(dyn, 'echo').redirects, [{ op: '>', target: null }]);
});

test('shell: redirects of a compound command reach its inner commands', () => {
  const r = analyze('{ terraform state pull; } > terraform.tfstate');
  assert.deepEqual(find(r, 'terraform').redirects, [{ op: '>', target: 'terraform.tfstate' }]);
  const s = analyze('while read -r f; do rm "$f"; done < files.txt');
  assert.deepEqual(find(s, 'rm').stdin, { kind: 'file', path: 'files.txt' });
});

test('shell: text, depth and top-level flags', () => {
  const r = analyze('sudo rm -rf /x; ls');
  const rm = find(r, 'rm');
  assert.equal(rm.text, 'sudo rm -rf /x');
  assert.equal(rm.depth, 1);
  assert.equal(find(r, 'ls').depth, 0);
});

test('shell: parameter expansions with a known value are worked out: trims, case, append', () => {
  const rm = (command: string) => find(analyze(command), 'rm').argv.slice(-1)[0];
  assert.equal(rm('x=.GIT; rm -rf ${x,,}'), '.git');
  assert.equal(rm('x=.git; rm -rf ${x^^}'), '.GIT');
  assert.equal(rm('x=git; rm -rf .${x^}'), '.Git');
  assert.equal(rm('x=.gitx; rm -rf ${x%x}'), '.git');
  assert.equal(rm('f=build/; rm -rf "${f%/}"'), 'build');
  assert.equal(rm('p=/a/b/.git; rm -rf ${p##*/}'), '.git');
  assert.equal(rm('p=/a/b/c; rm -rf ${p#/*/}'), 'b/c');
  assert.equal(rm('p=a.tar.gz; rm -rf ${p%%.*}'), 'a');
  assert.equal(rm('X=.git; X+=; rm -rf $X'), '.git');
  assert.equal(find(analyze('rm -rf ${x,,}'), 'rm').dynamic.slice(-1)[0], true, 'unknown value: still dynamic');
});

test('shell: $(ls GLOB) stands for the names the glob matches', () => {
  assert.deepEqual(find(analyze('f=$(ls *.tfstate); rm $f'), 'rm').argv, ['rm', '*.tfstate']);
  assert.equal(find(analyze('rm "$(ls -d build)"'), 'rm').dynamic[1], true, 'ls of a plain name prints what is inside a directory: unknown');
});

test('shell: a file written with unknown text, then only copied or moved, raises nothing (the in-place edit)', () => {
  assert.deepEqual(analyze("jq '.v = 2' package.json > package.json.new && mv package.json.new package.json").issues, []);
  assert.deepEqual(analyze('python3 gen.py > out.sh && cp out.sh run.sh && bash run.sh').issues.map((i) => i.kind), ['opaque-interpreter'], 'run later: still unknown');
});
