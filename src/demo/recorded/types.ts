/** One step of a recorded real run of the demo. */
export interface RecordedStep {
  id: string;
  title: string;
  /** `terraform show -json` of the step's plan. */
  planJson: string;
  /** What twokey decided in the recorded run (with the state ledger). */
  decision: string;
  rules: string[];
}
