/** A model, version, stage or revision the repository does not have (the CLI exits 2 with it). */
export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}
