/** An error meant for the user: what is wrong, where, and what to do. Exit code 1. */
export class UserError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = 'UserError';
  }
}
