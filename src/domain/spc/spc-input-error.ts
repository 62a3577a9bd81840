/** Bad input to an SPC chart, with the 1-based point it concerns when there is one. */
export class SpcInputError extends Error {
  constructor(
    message: string,
    readonly point: number | null = null,
  ) {
    super(message);
    this.name = 'SpcInputError';
  }
}
