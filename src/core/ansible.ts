/**
 * How ansible-playbook reads its command line, shared by the shell analysis (which runs the playbooks' shell
 * tasks) and the iac pack (which judges their modules): one reading, so the two never disagree on a file.
 */

/** Options under which ansible and ansible-playbook run no task (a dry run, a listing, help). */
export const ANSIBLE_NO_RUN_OPTIONS: readonly string[] = ['--check', '-C', '--syntax-check', '--list-tasks', '--list-hosts', '--list-tags', '--help', '-h', '--version'];

/** Options whose value may be a YAML file that is not a playbook (an inventory, extra vars, a vault password). */
const NON_PLAYBOOK_VALUE_OPTIONS = ['-i', '--inventory', '-e', '--extra-vars', '--vault-password-file'];

/** The playbook operands of `ansible-playbook ARGS…` (argv without the program name). */
export function ansiblePlaybookOperands(args: readonly string[]): string[] {
  return args.filter((w, k) => /\.ya?ml$/.test(w) && !NON_PLAYBOOK_VALUE_OPTIONS.includes(args[k - 1] ?? ''));
}
