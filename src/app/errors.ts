/**
 * A request that cannot be carried out as asked (unknown community, bad option
 * value). The CLI prints the message and exits 1; the API answers 400 or 404.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly kind: 'invalid' | 'not-found' = 'invalid',
  ) {
    super(message);
    this.name = 'UserError';
  }
}
