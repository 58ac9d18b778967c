/**
 * JSON Schema of the policy file, for editors (yaml-language-server: add
 * `# yaml-language-server: $schema=<path to twokey>/schema/policy.schema.json` at the top of the file).
 * schema/policy.schema.json is this object, written out; a test keeps the two identical and checks the
 * schema agrees with the validator (validate.ts) on examples. The validator is the authority: it also
 * checks rule ids against the installed packs and pattern syntax, which a static schema cannot.
 */
const ruleLevel = { type: 'string', enum: ['off', 'ask', 'deny'] };
const patternList = (description: string) => ({
  type: 'array',
  description,
  items: { type: 'string', minLength: 1, pattern: '^\\s*[^\\s*]' },
});

export const POLICY_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'twokey policy (.twokey/policy.yaml, $TWOKEY_HOME/policy.yaml)',
  description: 'Used only when signed by the human key (`twokey policy sign`). Reference: docs/policy.md.',
  type: 'object',
  additionalProperties: false,
  required: ['version'],
  properties: {
    version: { const: 1, description: 'Policy format version. Always 1.' },
    rules: {
      type: ['object', 'null'],
      description: 'Per-rule level: `<rule id>` or `<pack>.*` -> off | ask | deny. `twokey rules` lists the ids. shell.* rules cannot be off.',
      propertyNames: { pattern: '^[A-Za-z0-9_-]+\\.(\\*|[A-Za-z0-9_.:-]+)$' },
      additionalProperties: ruleLevel,
    },
    allow: { ...patternList('argv-prefix patterns whose ask findings become allow (never a deny). A final bare * matches any further arguments.'), type: ['array', 'null'] },
    deny: { ...patternList('argv-prefix patterns that are always denied.'), type: ['array', 'null'] },
    protect: {
      type: ['array', 'null'],
      description: 'Terraform resource address globs the plan gate protects, e.g. aws_db_instance.* or module.data.*',
      items: { type: 'string', pattern: '^[A-Za-z0-9_.*?\\-\\[\\]"]+$' },
    },
    protected_paths: {
      type: ['array', 'null'],
      description: 'Path globs treated like state files (** any depth, * within a name).',
      items: { type: 'string', pattern: '\\S' },
    },
    approvals: {
      type: ['object', 'null'],
      additionalProperties: false,
      properties: { ttl_minutes: { type: 'integer', minimum: 1, maximum: 1440, description: 'How long an approval stays valid (default 15).' } },
    },
    drills: {
      type: ['object', 'null'],
      additionalProperties: false,
      properties: { max_age_days: { type: 'integer', minimum: 1, maximum: 3650, description: 'A restore drill older than this counts as missing (default 7).' } },
    },
  },
} as const;
